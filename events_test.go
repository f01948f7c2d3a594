package awsretry_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
)

func TestOnRetryAndLoggerNeverSeeArguments(t *testing.T) {
	var buf bytes.Buffer
	var events []awsretry.RetryEvent
	s := newScripted(apiErr("RequestLimitExceeded"), errPlain)
	p := awsretry.MustDecorate(s, (&sleeps{}).fast, func(o *awsretry.Options) {
		o.Logger = slog.New(slog.NewTextHandler(&buf, nil))
		o.OnRetry = func(ev awsretry.RetryEvent) { events = append(events, ev) }
		o.Retryable = func(err error) bool { return errors.Is(err, errPlain) }
	})
	const secret = "AKIASECRETVALUE0000"
	_, err := p.Call("Op", context.Background(), &OpInput{Secret: secret})
	require.NoError(t, err)

	require.Len(t, events, 2)
	assert.Equal(t, awsretry.RetryEvent{Method: "Op", Attempt: 1, Code: "RequestLimitExceeded", Err: s.errs[0], Delay: 3 * time.Second}, events[0])
	assert.Equal(t, awsretry.RetryEvent{Method: "Op", Attempt: 2, Code: "", Err: errPlain, Delay: 3300 * time.Millisecond}, events[1])

	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	require.Len(t, lines, 2, "one record per retry")
	for _, want := range []string{"level=INFO", "method=Op", "attempt=1", "code=RequestLimitExceeded", "http_status=400", "delay=3s"} {
		assert.Contains(t, lines[0], want)
	}
	assert.NotContains(t, buf.String(), secret)
	assert.NotContains(t, buf.String(), "error=", "no error text by default: the server's message can quote the input")
	assert.NotContains(t, buf.String(), "message of RequestLimitExceeded")
}

// TestLoggerRecords: what a record holds, with and without LogErrorText.
func TestLoggerRecords(t *testing.T) {
	tests := []struct {
		name     string
		withText bool
		err      error
		want     []string
		wantNot  []string
	}{
		{"API error", false, apiErr("InvalidInstanceID.NotFound"),
			[]string{"code=InvalidInstanceID.NotFound", "http_status=400", "attempt=1"}, []string{"error=", "message of"}},
		{"API error with text", true, apiErr("InvalidInstanceID.NotFound"),
			[]string{"code=InvalidInstanceID.NotFound", `error="operation error EC2: Op`, "message of InvalidInstanceID.NotFound"}, nil},
		{"no code, no response", false, errPlain,
			[]string{`code=""`, "attempt=1"}, []string{"http_status", "request_id", "plain error"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			p := awsretry.MustDecorate(newScripted(tt.err), (&sleeps{}).fast, func(o *awsretry.Options) {
				o.Logger = slog.New(slog.NewTextHandler(&buf, nil))
				o.LogErrorText = tt.withText
				o.Retryable = func(error) bool { return true }
			})
			_, err := p.Call("Op", context.Background(), &OpInput{})
			require.NoError(t, err)
			for _, want := range tt.want {
				assert.Contains(t, buf.String(), want)
			}
			for _, not := range tt.wantNot {
				assert.NotContains(t, buf.String(), not)
			}
		})
	}
}

// ctxHandler is a slog.Handler that keeps the context of every record.
type ctxHandler struct {
	mu   sync.Mutex
	ctxs []context.Context
}

func (h *ctxHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h *ctxHandler) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h *ctxHandler) WithGroup(string) slog.Handler            { return h }
func (h *ctxHandler) Handle(ctx context.Context, _ slog.Record) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.ctxs = append(h.ctxs, ctx)
	return nil
}

// TestLoggerGetsTheCallsContext: the Logger's record carries the call's
// context, so that a handler can read its values (a request id, a trace);
// a method without a context argument gives the handler a non-nil one.
func TestLoggerGetsTheCallsContext(t *testing.T) {
	type key struct{}
	ctx := context.WithValue(context.Background(), key{}, "request-7")
	tests := []struct {
		name   string
		method string
		args   []any
		want   any // the value under key, in the record's context
	}{
		{"a context argument", "Op", []any{ctx, &OpInput{}}, "request-7"},
		{"no context argument", "Pair", []any{1, "x"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var h ctxHandler
			p := awsretry.MustDecorate(newScripted(apiErr("InternalError")), (&sleeps{}).fast, func(o *awsretry.Options) {
				o.Logger = slog.New(&h)
			})
			_, err := p.Call(tt.method, tt.args...)
			require.NoError(t, err)
			require.Len(t, h.ctxs, 1, "one record for one retry")
			require.NotNil(t, h.ctxs[0])
			assert.Equal(t, tt.want, h.ctxs[0].Value(key{}))
		})
	}
}
