package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"time"
)

// summary is what one examples/fleet process prints.
type summary struct {
	Process       int     `json:"process"`
	Calls         int64   `json:"calls"`
	Failed        int64   `json:"failed"`
	StoreFailed   int64   `json:"store_failed"`
	Attempts      int64   `json:"attempts"`
	RedisCommands int64   `json:"redis_commands"`
	StoreErrors   int64   `json:"store_errors"`
	StoreWired    bool    `json:"store_wired"`
	Latencies     []int64 `json:"latencies_us"`
}

// run is one run of a row: every process's summary and the endpoint's bins.
type run struct {
	row   row
	size  size
	procs []summary
	bins  [][2]int64
}

// startDelay leaves the processes time to start before they call.
const startDelay = 3 * time.Second

func fleetRun(bin string, srv *endpoint, rds *redisServer, rw row, sz size, dur time.Duration, rate float64, prefix string) (run, error) {
	start := time.Now().Add(startDelay)
	if err := srv.reset(start); err != nil {
		return run{}, err
	}
	var wg sync.WaitGroup
	outs := make([]bytes.Buffer, sz.Procs)
	errs := make([]error, sz.Procs)
	for i := range sz.Procs {
		cmd := exec.Command(bin, "-endpoint", srv.URL, "-redis", rds.Addr, "-prefix", prefix, "-limiter", rw.Limiter,
			"-workers", strconv.Itoa(sz.Workers), "-duration", dur.String(), "-rate", strconv.FormatFloat(rate, 'f', -1, 64),
			"-start", strconv.FormatInt(start.UnixNano(), 10), "-process", strconv.Itoa(i))
		cmd.Stdout, cmd.Stderr = &outs[i], os.Stderr
		if err := cmd.Start(); err != nil {
			return run{}, err
		}
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = cmd.Wait() }()
	}
	if rw.Kill {
		time.Sleep(time.Until(start.Add(4 * time.Second)))
		rds.kill()
		time.Sleep(time.Until(start.Add(7 * time.Second)))
		if err := rds.start(); err != nil {
			return run{}, err
		}
	}
	wg.Wait()
	bins, err := srv.counts()
	if err != nil {
		return run{}, err
	}
	r := run{row: rw, size: sz, bins: bins}
	for i := range sz.Procs {
		if errs[i] != nil {
			return run{}, fmt.Errorf("process %d: %w", i, errs[i])
		}
		var s summary
		if err := json.Unmarshal(outs[i].Bytes(), &s); err != nil {
			return run{}, fmt.Errorf("process %d's summary: %w", i, err)
		}
		r.procs = append(r.procs, s)
	}
	return r, nil
}
