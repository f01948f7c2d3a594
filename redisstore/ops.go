package redisstore

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/awsretry/awsretry"
)

// Load implements awsretry.LimiterStore with one HMGET.
func (s *Store) Load(ctx context.Context, scope string) (awsretry.StoreRate, error) {
	return run(ctx, s, "Load", func(ctx context.Context) (awsretry.StoreRate, error) {
		var r awsretry.StoreRate
		vals, err := s.client.HMGet(ctx, s.key(scope), "v", "iv", "d").Result()
		if err != nil {
			return r, err
		}
		v, _ := vals[0].(string)
		iv, _ := vals[1].(string)
		r.Version, _ = strconv.ParseUint(v, 10, 64)
		r.Interval = fromMicros(parseFloat(iv))
		if d, ok := vals[2].(string); ok && r.Version > 0 {
			r.Data = []byte(d)
		}
		return r, nil
	})
}

// Attempt implements awsretry.LimiterStore with one script.
func (s *Store) Attempt(ctx context.Context, scope string, a awsretry.StoreAttempt) (awsretry.StoreResult, error) {
	return run(ctx, s, "Attempt", func(ctx context.Context) (awsretry.StoreResult, error) {
		var res awsretry.StoreResult
		reserve := 0
		if a.Reserve {
			reserve = 1
		}
		r := a.Report
		args := []any{s.ttlMs, reserve, micros(a.MaxWait), a.Version, r.Successes, r.Throttles, r.Outcomes, r.SuccessesAfterThrottle, r.Reserved}
		if a.Close != nil {
			args = append(args, closeArgs(a.Close)...)
		}
		reply, err := attemptScript.Run(ctx, s.client, []string{s.key(scope)}, args...).Slice()
		if err != nil {
			return res, err
		}
		return res, decodeAttempt(reply, a.Version, &res)
	})
}

// CloseWindow implements awsretry.LimiterStore with one script.
func (s *Store) CloseWindow(ctx context.Context, scope string, c awsretry.StoreClose) (bool, error) {
	return run(ctx, s, "CloseWindow", func(ctx context.Context) (bool, error) {
		n, err := closeScript.Run(ctx, s.client, []string{s.key(scope)}, append([]any{s.ttlMs}, closeArgs(&c)...)...).Int64()
		return n == 1, err
	})
}

// closeArgs returns the close function's arguments for c.
func closeArgs(c *awsretry.StoreClose) []any {
	w := c.Window
	return []any{c.Version, micros(c.Interval), c.Data,
		unixMicros(w.Start), w.Successes, w.Throttles, w.Outcomes, w.Waited, unixMicros(c.End), c.Skip}
}

// decodeAttempt reads the attempt script's reply into res.
func decodeAttempt(reply []any, version uint64, res *awsretry.StoreResult) error {
	if len(reply) != 17 {
		return fmt.Errorf("the attempt script answered %d values, want 17", len(reply))
	}
	var f [14]float64
	for i := range f {
		s, ok := reply[i].(string)
		if n, isInt := reply[i].(int64); isInt {
			s, ok = strconv.FormatInt(n, 10), true
		}
		if !ok {
			return fmt.Errorf("the attempt script's value %d is %T, want a number", i, reply[i])
		}
		f[i] = parseFloat(s)
	}
	res.Now = fromUnixMicros(f[0])
	res.Reserved = f[1] == 1
	res.Wait = fromMicros(f[2])
	res.Next = fromUnixMicros(f[3])
	w := &res.Window
	w.Start = fromUnixMicros(f[4])
	w.Successes, w.Throttles, w.Outcomes, w.SuccessesAfterThrottle = int64(f[5]), int64(f[6]), int64(f[7]), int64(f[8])
	w.FirstThrottle = fromUnixMicros(f[9])
	w.Waited, w.Skip = int64(f[10]), int64(f[11])
	res.Rate.Version = uint64(f[12])
	res.Rate.Interval = fromMicros(f[13])
	if d, ok := reply[14].(string); ok && res.Rate.Version != version {
		res.Rate.Data = []byte(d)
	}
	res.Closed = reply[15] == int64(1)
	if pd, ok := reply[16].(string); ok {
		res.Pending = int64(parseFloat(pd))
	}
	return nil
}

// micros returns d in microseconds, with its fraction, as Lua reads it.
func micros(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/1e3, 'f', -1, 64)
}

// unixMicros returns t in microseconds since the epoch; 0 for the zero time.
func unixMicros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

// fromMicros and fromUnixMicros are the inverses, to the nanosecond; 0
// is the zero time.
func fromMicros(us float64) time.Duration { return time.Duration(math.Round(us * 1e3)) }

func fromUnixMicros(us float64) time.Time {
	if us == 0 {
		return time.Time{}
	}
	sec := math.Floor(us / 1e6)
	return time.Unix(int64(sec), int64(math.Round((us-sec*1e6)*1e3)))
}

func parseFloat(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
}
