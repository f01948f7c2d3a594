package awstest

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// RedisMissing says how to get redis-server.
const RedisMissing = "redis-server must be on PATH: make deps installs it (apt-get install -y redis-server, as root)"

// Redis is a redis-server that a test started on a loopback port, with
// nothing saved to disk. Kill, Restart, Pause and Resume make the outages
// that a store must survive; the server is stopped when the test ends,
// whether it passed or not.
type Redis struct {
	Addr string // 127.0.0.1:PORT

	t    testing.TB
	port int
	mu   sync.Mutex
	srv  *Server // the running process, or nil while killed
}

// StartRedis starts redis-server on a free 127.0.0.1 port with `--save ""
// --appendonly no`, waits until it answers PING, and stops it when t ends.
// Without redis-server on PATH t fails under CI=true and is skipped
// otherwise.
func StartRedis(t testing.TB) *Redis {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		Unavailable(t, "redis-server is not installed: %v (%s)", err, RedisMissing)
		return nil
	}
	var lastErr error
	for range startPorts {
		port, err := freePort()
		if err != nil {
			lastErr = err
			continue
		}
		r := &Redis{Addr: "127.0.0.1:" + strconv.Itoa(port), t: t, port: port}
		if lastErr = r.start(); lastErr == nil {
			t.Cleanup(r.Kill)
			return r
		}
	}
	Unavailable(t, "redis-server cannot be started: %v (%s)", lastErr, RedisMissing)
	return nil
}

// start runs redis-server on r's port and waits for its PING.
func (r *Redis) start() error {
	s := &Server{
		Name:   "redis",
		URL:    "redis://" + r.Addr,
		cmd:    exec.Command("redis-server", "--port", strconv.Itoa(r.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"),
		exited: make(chan struct{}),
		out:    &tailBuffer{max: logTail},
	}
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	s.cmd.WaitDelay = 2 * time.Second
	isolate(s.cmd)
	if err := s.cmd.Start(); err != nil {
		return err
	}
	go func() { _ = s.cmd.Wait(); close(s.exited) }()
	if err := waitPing(r.Addr, s.exited); err != nil {
		s.Stop()
		return fmt.Errorf("%w; its output ends with:\n%s", err, s.Output())
	}
	r.mu.Lock()
	r.srv = s
	r.mu.Unlock()
	return nil
}

// Kill kills the server at once (SIGKILL), as a crash does: its memory is
// gone. It may be called more than once.
func (r *Redis) Kill() {
	r.mu.Lock()
	s := r.srv
	r.srv = nil
	r.mu.Unlock()
	if s != nil {
		s.Stop()
	}
}

// Restart kills the server if it runs, and starts a new one, empty, on
// the same address. It fails the test if it cannot.
func (r *Redis) Restart() {
	r.t.Helper()
	r.Kill()
	var err error
	for range startPorts { // the port may be in TIME_WAIT for a moment
		if err = r.start(); err == nil {
			return
		}
	}
	r.t.Fatalf("redis-server did not restart on %s: %v", r.Addr, err)
}

// Pause stops the server's process (SIGSTOP): connections stay open and
// commands wait, as on a server that is slow or failing over. Resume
// continues it.
func (r *Redis) Pause() { r.signal(syscall.SIGSTOP) }

// Resume continues a paused server (SIGCONT).
func (r *Redis) Resume() { r.signal(syscall.SIGCONT) }

func (r *Redis) signal(sig syscall.Signal) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.srv != nil && r.srv.cmd.Process != nil {
		_ = r.srv.cmd.Process.Signal(sig)
	}
}

// Output returns the end of what the running server has printed.
func (r *Redis) Output() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.srv == nil {
		return ""
	}
	return r.srv.Output()
}

// waitPing sends PING to addr until it answers PONG, the process exits,
// or startTimeout passes.
func waitPing(addr string, exited <-chan struct{}) error {
	deadline := time.Now().Add(startTimeout)
	for {
		err := ping(addr)
		if err == nil {
			return nil
		}
		select {
		case <-exited:
			return fmt.Errorf("redis-server exited before it answered on %s", addr)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("redis-server did not answer PING on %s within %v: %w", addr, startTimeout, err)
		}
	}
}

// ping sends one PING in the Redis protocol and reads its answer.
func ping(addr string) error {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(time.Second))
	if _, err := c.Write([]byte("PING\r\n")); err != nil {
		return err
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return err
	}
	if strings.TrimSpace(line) != "+PONG" {
		return errors.New("PING answered " + strconv.Quote(line))
	}
	return nil
}
