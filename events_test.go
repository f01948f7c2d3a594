package awsretry_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
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
	for _, want := range []string{"level=INFO", "method=Op", "attempt=1", "code=RequestLimitExceeded", "delay=3s", "error="} {
		assert.Contains(t, lines[0], want)
	}
	assert.NotContains(t, buf.String(), secret)
}
