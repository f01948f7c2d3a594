package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSpoolKeepsSmallOutputInMemory(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	var s spool
	_, err := s.Write([]byte("small "))
	require.NoError(t, err)
	_, err = s.Write([]byte("output"))
	require.NoError(t, err)
	require.Nil(t, s.file)
	var out bytes.Buffer
	_, err = s.WriteTo(&out)
	require.NoError(t, err)
	require.Equal(t, "small output", out.String())
	require.NoError(t, s.Close())
}

func TestSpoolMovesLargeOutputToAFile(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	var s spool
	var want bytes.Buffer
	chunk := bytes.Repeat([]byte("0123456789abcdef"), 64<<10) // 1 MiB
	for i := 0; want.Len() <= spoolMemory; i++ {
		chunk[0] = byte('A' + i)
		n, err := s.Write(chunk)
		require.NoError(t, err)
		require.Equal(t, len(chunk), n)
		want.Write(chunk)
	}
	require.NotNil(t, s.file, "over spoolMemory, the output is in a file")
	require.Zero(t, s.mem.Len())
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Empty(t, entries, "the file is out of its directory already")

	var out bytes.Buffer
	_, err = s.WriteTo(&out)
	require.NoError(t, err)
	require.True(t, bytes.Equal(want.Bytes(), out.Bytes()), "every byte, in order")
	require.NoError(t, s.Close())
	require.Nil(t, s.file)
}

func TestSpoolFailsWithoutATemporaryDirectory(t *testing.T) {
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "missing"))
	var s spool
	_, err := s.Write(make([]byte, spoolMemory))
	require.NoError(t, err, "up to spoolMemory, memory is enough")
	_, err = s.Write([]byte("x"))
	require.Error(t, err)
	require.Contains(t, err.Error(), "keeping the command's output")
	_, again := s.Write([]byte("y"))
	require.Equal(t, err, again, "the first error stays")
	require.NoError(t, s.Close())
}
