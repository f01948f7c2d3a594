package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
)

// spoolMemory is how much of an attempt's output a spool keeps in memory
// before it moves it to a temporary file.
const spoolMemory = 8 << 20

// spool holds one attempt's stdout or stderr until the run knows whether
// that attempt is the last: in memory up to spoolMemory, then in a
// temporary file, so that a large output (aws s3 cp s3://bucket/key -) need
// not fit in memory. The file is removed from its directory at once where
// the system allows it, and by Close otherwise.
type spool struct {
	mem  bytes.Buffer
	file *os.File
	name string // the file's name while it is still in its directory
	err  error  // the first error of the file; Write fails from then on
}

// Write keeps p. Its error, once the temporary file cannot be made or
// written, ends the command's output (it gets EPIPE); err reports it.
func (s *spool) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	if s.file == nil && s.mem.Len()+len(p) <= spoolMemory {
		return s.mem.Write(p)
	}
	if s.file == nil {
		if s.err = s.spill(); s.err != nil {
			return 0, s.err
		}
	}
	n, err := s.file.Write(p)
	if err != nil {
		s.err = fmt.Errorf("keeping the command's output in %s: %w", os.TempDir(), err)
	}
	return n, s.err
}

// spill moves what is in memory to a new temporary file.
func (s *spool) spill() error {
	f, err := os.CreateTemp("", "awsretry-output-")
	if err != nil {
		return fmt.Errorf("keeping the command's output: %w", err)
	}
	s.file, s.name = f, f.Name()
	if os.Remove(s.name) == nil {
		s.name = ""
	}
	if _, err := s.mem.WriteTo(f); err != nil {
		return fmt.Errorf("keeping the command's output in %s: %w", os.TempDir(), err)
	}
	return nil
}

// WriteTo writes everything kept to w.
func (s *spool) WriteTo(w io.Writer) (int64, error) {
	if s.file == nil {
		return s.mem.WriteTo(w)
	}
	if _, err := s.file.Seek(0, io.SeekStart); err != nil {
		return 0, err
	}
	return io.Copy(w, s.file)
}

// Close drops what is kept; the spool is empty again.
func (s *spool) Close() error {
	s.mem.Reset()
	if s.file == nil {
		return nil
	}
	err := s.file.Close()
	if s.name != "" {
		err = os.Remove(s.name)
	}
	s.file, s.name = nil, ""
	return err
}
