package awsretry_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/awsretry/awsretry"
)

func TestBudgetIsSharedAcrossProxies(t *testing.T) {
	b := awsretry.NewBudget(12) // two retries of 5 tokens, then 2 left
	throttled := func() *scripted { return newScripted(repeat(apiErr("RequestLimitExceeded"), 50)...) }
	withBudget := func(o *awsretry.Options) { o.Budget = b }

	a := awsretry.MustDecorate(throttled(), (&sleeps{}).fast, withBudget)
	_, err := a.Call("Op", context.Background(), &OpInput{})
	require.ErrorIs(t, err, awsretry.ErrBudgetExhausted)
	var re *awsretry.RetryError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, 3, re.Attempts, "two retries fit in the budget")
	var ae smithy.APIError
	require.ErrorAs(t, err, &ae, "the last API error is still there")
	assert.Contains(t, err.Error(), "client-side")
	assert.Equal(t, 2, b.Level())

	other := throttled()
	bp := awsretry.MustDecorate(other, (&sleeps{}).fast, withBudget)
	_, err = bp.Call("Op", context.Background(), &OpInput{})
	require.ErrorIs(t, err, awsretry.ErrBudgetExhausted)
	assert.Equal(t, 1, other.Calls(), "another proxy on the same budget does not retry")
}

func TestBudgetRefundsOnSuccessUpToCapacity(t *testing.T) {
	b := awsretry.NewBudget(10)
	s := newScripted(apiErr("InternalError"))
	p := awsretry.MustDecorate(s, (&sleeps{}).fast, func(o *awsretry.Options) { o.Budget = b })
	_, err := p.Call("Op", context.Background(), &OpInput{})
	require.NoError(t, err)
	assert.Equal(t, 6, b.Level(), "10 - 5 for the retry + 1 for the success")
	for range 10 {
		_, err = p.Call("Op", context.Background(), &OpInput{})
		require.NoError(t, err)
	}
	assert.Equal(t, 10, b.Level(), "never past the capacity")
	assert.Equal(t, 10, b.Capacity())
	assert.Equal(t, "budget 10/10", b.String())
}

func TestBudgetUnderConcurrency(t *testing.T) {
	b := awsretry.NewBudget(100)
	s := newScripted(repeat(apiErr("RequestLimitExceeded"), 400)...)
	p := awsretry.MustDecorate(s, (&sleeps{}).fast, func(o *awsretry.Options) { o.Budget, o.Tries = b, 50 })
	var wg sync.WaitGroup
	var mu sync.Mutex
	exhausted := 0
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 10 {
				if _, err := p.Call("Op", context.Background(), &OpInput{}); errors.Is(err, awsretry.ErrBudgetExhausted) {
					mu.Lock()
					exhausted++
					mu.Unlock()
				}
				l := b.Level()
				assert.True(t, l >= 0 && l <= 100, "level %d", l)
			}
		}()
	}
	wg.Wait()
	st := p.Stats()
	// Every retry took 5 tokens; every success gave back at most 1.
	assert.LessOrEqual(t, st.Retries*5, int64(100)+(st.Calls-st.GaveUp))
	assert.Positive(t, exhausted)
}

func TestBudgetMustHaveCapacity(t *testing.T) {
	for _, b := range []*awsretry.Budget{awsretry.NewBudget(0), awsretry.NewBudget(-3), {}} {
		_, err := awsretry.Decorate(newScripted(), func(o *awsretry.Options) { o.Budget = b })
		require.ErrorIs(t, err, awsretry.ErrInvalidOptions)
		assert.Contains(t, err.Error(), "Budget has capacity")
	}
}
