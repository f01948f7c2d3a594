package awstest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"
	"time"
)

const (
	// startTimeout bounds the wait for a server to answer its first request.
	// It is a bound on a server that hangs, not on a slow one: on a 2-core
	// machine at a load of 28, moto took 26 s to listen, then 1.5 s to answer.
	startTimeout = 2 * time.Minute
	// startPorts is how many free ports are tried before giving up, in case
	// another process takes the chosen port before the server binds it.
	startPorts = 3
	// logTail is how much of a server's output is kept for error messages.
	logTail = 8 << 10
)

// Server is a server process that a test started on a loopback port. It is
// stopped when the test that started it ends, whether it passed or not.
type Server struct {
	Name string // what runs: "moto" or "dynalite"
	URL  string // its base URL, http://127.0.0.1:PORT

	cmd    *exec.Cmd
	exited chan struct{} // closed once the process has exited
	out    *tailBuffer
	stop   sync.Once
}

// Stop kills the server's whole process group and waits for it to exit. It
// may be called more than once; t.Cleanup calls it anyway.
func (s *Server) Stop() {
	s.stop.Do(func() {
		killGroup(s.cmd)
		<-s.exited
	})
}

// Output returns the end of what the server has printed, for diagnostics.
func (s *Server) Output() string { return s.out.String() }

// serverSpec says how to run one kind of server.
type serverSpec struct {
	name string
	// command returns the program and its arguments for a port.
	command func(port int) (string, []string)
	// env is added to the process's environment.
	env []string
	// missing says what to install when the program cannot be run.
	missing string
}

// startServer runs spec on a free 127.0.0.1 port and waits until it answers
// HTTP. When it cannot, the test is failed or skipped through Unavailable.
func startServer(t testing.TB, spec serverSpec) *Server {
	t.Helper()
	var lastErr error
	for range startPorts {
		s, err := tryStart(t, spec)
		if err == nil {
			return s
		}
		lastErr = err
		var notRun *exec.Error
		if errors.As(err, &notRun) {
			break // no use trying another port
		}
	}
	Unavailable(t, "%s cannot be started: %v (%s)", spec.name, lastErr, spec.missing)
	return nil
}

func tryStart(t testing.TB, spec serverSpec) (*Server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	prog, args := spec.command(port)
	s := &Server{
		Name:   spec.name,
		URL:    "http://127.0.0.1:" + strconv.Itoa(port),
		cmd:    exec.Command(prog, args...),
		exited: make(chan struct{}),
		out:    &tailBuffer{max: logTail},
	}
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	if len(spec.env) > 0 {
		s.cmd.Env = append(os.Environ(), spec.env...)
	}
	s.cmd.WaitDelay = 2 * time.Second
	isolate(s.cmd)
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	go func() { _ = s.cmd.Wait(); close(s.exited) }()
	t.Cleanup(s.Stop)
	if err := s.waitReady(); err != nil {
		s.Stop()
		return nil, fmt.Errorf("%w; its output ends with:\n%s", err, s.Output())
	}
	return s, nil
}

// waitReady polls the server until it answers any HTTP request, it exits, or
// startTimeout passes. A request that the server has accepted waits for its
// answer, however slow, within startTimeout: a slow first answer is not a
// failure to start.
func (s *Server) waitReady() error {
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/", nil)
		if err != nil {
			return err
		}
		if resp, err := client.Do(req); err == nil {
			_ = resp.Body.Close()
			return nil
		}
		select {
		case <-s.exited:
			return fmt.Errorf("%s exited before it answered on %s", s.Name, s.URL)
		case <-ctx.Done():
			return fmt.Errorf("%s did not answer on %s within %v", s.Name, s.URL, startTimeout)
		case <-tick.C:
		}
	}
}

// freePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// tailBuffer keeps the last max bytes written to it. It is safe for
// concurrent use.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if over := len(b.buf) - b.max; over > 0 {
		b.buf = append(b.buf[:0], b.buf[over:]...)
	}
	return len(p), nil
}

func (b *tailBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}
