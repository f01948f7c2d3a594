package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// feedAll feeds r through a pipe to a reader that reads want bytes (all,
// if want < 0) and returns them and feed's error.
func feedAll(t *testing.T, r *replay, want int) ([]byte, error) {
	t.Helper()
	pr, pw, err := os.Pipe()
	require.NoError(t, err)
	stop := make(chan struct{})
	res := make(chan error, 1)
	go func() { res <- r.feed(pw, stop) }()
	var got []byte
	if want < 0 {
		got, err = io.ReadAll(pr)
	} else {
		got = make([]byte, want)
		_, err = io.ReadFull(pr, got)
	}
	require.NoError(t, err)
	_ = pr.Close() // the command exits: feed's next write fails
	close(stop)
	ferr := <-res
	_ = pw.Close()
	return got, ferr
}

func TestReplayGivesEveryAttemptTheSameInput(t *testing.T) {
	input := strings.Repeat("0123456789", 10_000) // over one read and one pipe buffer
	src := &countingReader{r: strings.NewReader(input)}
	r := newReplay(src, maxStdin)

	part, err := feedAll(t, r, 10) // the first attempt reads a little and fails
	require.NoError(t, err)
	require.Equal(t, input[:10], string(part))

	all, err := feedAll(t, r, -1)
	require.NoError(t, err)
	require.Equal(t, input, string(all), "the second reads it all, the first's part included")
	reads := src.reads()

	again, err := feedAll(t, r, -1)
	require.NoError(t, err)
	require.Equal(t, input, string(again))
	require.Equal(t, reads, src.reads(), "the third reads the record only: the source is read once")
}

func TestReplayDoesNotWaitForTheEndOfItsInput(t *testing.T) {
	open, never := io.Pipe() // an open pipe that nobody writes to
	t.Cleanup(func() { _ = never.Close() })
	src := &countingReader{r: open}
	r := newReplay(src, maxStdin)
	pr, pw, err := os.Pipe()
	require.NoError(t, err)
	stop := make(chan struct{})
	res := make(chan error, 1)
	go func() { res <- r.feed(pw, stop) }()
	close(stop) // the command exits without reading
	require.NoError(t, <-res, "feed returns though the source never ends")
	_, _ = pr.Close(), pw.Close()
	require.LessOrEqual(t, src.reads(), 1)
}

func TestReplayRefusesInputOverItsLimit(t *testing.T) {
	r := newReplay(strings.NewReader(strings.Repeat("x", 100)), 64)
	pr, pw, err := os.Pipe()
	require.NoError(t, err)
	defer pr.Close()
	stop := make(chan struct{})
	err = r.feed(pw, stop)
	require.ErrorIs(t, err, errStdinTooLarge)
	_, werr := pw.Write([]byte("!"))
	require.NoError(t, werr, "the command's input is left open, so it never sees a truncated input end")
	_ = pw.Close()
	got, _ := io.ReadAll(pr)
	require.Equal(t, "!", string(got), "nothing of the input is fed when it is too large")
}

func TestReplayPassesOnAReadError(t *testing.T) {
	boom := errors.New("read failed")
	r := newReplay(io.MultiReader(strings.NewReader("ab"), errReader{boom}), maxStdin)
	pr, pw, err := os.Pipe()
	require.NoError(t, err)
	defer pr.Close()
	defer pw.Close()
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	require.ErrorIs(t, r.feed(pw, make(chan struct{})), boom)
}

func TestStdinMode(t *testing.T) {
	devNull, err := os.Open(os.DevNull)
	require.NoError(t, err)
	defer devNull.Close()
	direct, rp := stdinMode(devNull)
	require.Equal(t, devNull, direct, "a character device is passed as it is")
	require.Nil(t, rp)

	file, err := os.CreateTemp(t.TempDir(), "stdin")
	require.NoError(t, err)
	defer file.Close()
	direct, rp = stdinMode(file)
	require.Nil(t, direct)
	require.NotNil(t, rp, "a file is replayed")

	direct, rp = stdinMode(bytes.NewReader(nil))
	require.Nil(t, direct)
	require.NotNil(t, rp)

	direct, rp = stdinMode(nil)
	require.Nil(t, direct)
	require.Nil(t, rp)
}

type countingReader struct {
	mu sync.Mutex
	n  int
	r  io.Reader
}

func (c *countingReader) Read(p []byte) (int, error) {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
	return c.r.Read(p)
}

func (c *countingReader) reads() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }
