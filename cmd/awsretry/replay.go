package main

import (
	"fmt"
	"io"
	"sync"
)

// maxStdin is the most standard input that awsretry keeps to replay.
const maxStdin = 16 << 20

// errStdinTooLarge stops a run whose command reads more than maxStdin of
// standard input: an attempt after it could not be given the same input.
var errStdinTooLarge = fmt.Errorf("standard input is over %d MiB, the most that awsretry keeps to replay it to every attempt; give the command a file instead", maxStdin>>20)

// replay records standard input as the attempts read it, so that every
// attempt reads the same bytes: the record first, then src from where the
// attempts before stopped. src is read while an attempt's pipe has room
// (a read of 32 KiB at a time, ahead of the command by up to a pipe's
// buffer), never to its end before the command runs: a command that does not
// read its input is not held up by a pipe that stays open.
type replay struct {
	src   io.Reader
	limit int

	mu      sync.Mutex
	buf     []byte        // what src gave so far; never changed, only appended to
	end     error         // io.EOF, src's error, or errStdinTooLarge; nil while src is open
	reading bool          // a read of src is under way
	grew    chan struct{} // closed when that read ends
}

func newReplay(src io.Reader, limit int) *replay {
	return &replay{src: src, limit: limit, grew: make(chan struct{})}
}

// next returns what follows pos in the record; or, once src has ended and
// pos is at the end, why it ended; or else a channel that is closed when a
// read of src, which next starts if none is under way, ends.
func (r *replay) next(pos int) ([]byte, <-chan struct{}, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case pos < len(r.buf):
		return r.buf[pos:len(r.buf):len(r.buf)], nil, nil
	case r.end != nil:
		return nil, nil, r.end
	case !r.reading:
		r.reading = true
		go r.read()
	}
	return nil, r.grew, nil
}

// read reads src once and records what it gave.
func (r *replay) read() {
	p := make([]byte, 32<<10)
	n, err := r.src.Read(p)
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.buf)+n > r.limit {
		n, err = 0, errStdinTooLarge
	}
	r.buf = append(r.buf, p[:n]...)
	r.end, r.reading = err, false
	close(r.grew)
	r.grew = make(chan struct{})
}

// feed writes the record and then what src gives to w, an attempt's
// standard input, and closes w at src's end. It returns nil then, when
// writing fails (the command stopped reading) or when stop is closed; or
// errStdinTooLarge or src's error, leaving w open, so that the command does
// not take the input for whole before the caller stops it.
func (r *replay) feed(w io.WriteCloser, stop <-chan struct{}) error {
	for pos := 0; ; {
		chunk, wait, end := r.next(pos)
		switch {
		case len(chunk) > 0:
			if _, err := w.Write(chunk); err != nil {
				return nil
			}
			pos += len(chunk)
		case end == io.EOF:
			_ = w.Close()
			return nil
		case end != nil:
			return end
		default:
			select {
			case <-wait:
			case <-stop:
				return nil
			}
		}
	}
}
