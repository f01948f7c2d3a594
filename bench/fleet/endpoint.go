package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// endpoint is examples/fleet's bucket endpoint (fleet -serve), in a
// process of its own: one account-wide token bucket that throttles the
// fleet as EC2 throttles an account. It counts requests and successes per
// bin from the start that reset sets.
type endpoint struct {
	URL string
	cmd *exec.Cmd
}

// bin is the width of the endpoint's counts.
const bin = 100 * time.Millisecond

func startEndpoint(fleetBin string, rate, burst float64) (*endpoint, error) {
	cmd := exec.Command(fleetBin, "-serve", "127.0.0.1:0", "-rate", strconv.FormatFloat(rate, 'f', -1, 64), "-burst", strconv.FormatFloat(burst, 'f', -1, 64))
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	url, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return nil, fmt.Errorf("the bucket endpoint did not start: %w", err)
	}
	return &endpoint{URL: strings.TrimSpace(url), cmd: cmd}, nil
}

// reset fills the bucket and starts the counts at start.
func (e *endpoint) reset(start time.Time) error {
	resp, err := http.Post(e.URL+"/_fleet/reset?start="+strconv.FormatInt(start.UnixNano(), 10), "text/plain", nil)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("reset: %s", resp.Status)
	}
	return nil
}

// counts returns the bins so far: requests and successes.
func (e *endpoint) counts() ([][2]int64, error) {
	resp, err := http.Get(e.URL + "/_fleet/counts")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var bins [][2]int64
	return bins, json.NewDecoder(resp.Body).Decode(&bins)
}

func (e *endpoint) stop() {
	_ = e.cmd.Process.Kill()
	_ = e.cmd.Wait()
}
