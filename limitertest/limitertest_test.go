package limitertest_test

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/limitertest"
)

// memory is a MemoryStore on a virtual clock, which Age moves, unless
// frozen (a store that never forgets).
type memory struct {
	*awsretry.MemoryStore
	mu     sync.Mutex
	now    time.Time
	frozen bool
}

func newMemory(t *testing.T) *memory {
	m := &memory{now: time.Unix(1_700_000_000, 0)}
	s, err := awsretry.NewMemoryStore(func(o *awsretry.MemoryStoreOptions) { o.TTL, o.Now = time.Minute, m.clock })
	if err != nil {
		t.Fatal(err)
	}
	m.MemoryStore = s
	return m
}

func (m *memory) clock() time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.now = m.now.Add(time.Microsecond)
	return m.now
}

func (m *memory) TTL() time.Duration { return time.Minute }
func (m *memory) Age(t *testing.T, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.frozen {
		m.now = m.now.Add(d)
	}
}
func (m *memory) Scopes(t *testing.T) int { return m.Len() }

// broken stores: each breaks one rule of the LimiterStore doc.
var broken = map[string]struct {
	store func(m *memory) awsretry.LimiterStore
	fails []string // subtests that must fail
}{
	"ignores the version": {func(m *memory) awsretry.LimiterStore { return ignoresVersion{m} }, []string{"Rate", "CloseWindow"}},
	"loses reports":       {func(m *memory) awsretry.LimiterStore { return &losesReports{memory: m} }, []string{"Accounting"}},
	"skips slots":         {func(m *memory) awsretry.LimiterStore { return &skipsSlots{memory: m} }, []string{"Schedule", "AtomicSlots"}},
	"never forgets":       {func(m *memory) awsretry.LimiterStore { m.frozen = true; return m }, []string{"Expiry"}},
	"ignores the context": {func(m *memory) awsretry.LimiterStore { return ignoresContext{m} }, []string{"Canceled"}},
}

type ignoresVersion struct{ *memory }

func (s ignoresVersion) CloseWindow(ctx context.Context, scope string, c awsretry.StoreClose) (bool, error) {
	r, err := s.Load(ctx, scope)
	if err != nil {
		return false, err
	}
	c.Version = r.Version
	return s.memory.CloseWindow(ctx, scope, c)
}

type losesReports struct {
	*memory
	n atomic.Int64
}

func (s *losesReports) Attempt(ctx context.Context, scope string, a awsretry.StoreAttempt) (awsretry.StoreResult, error) {
	if s.n.Add(1)%50 == 0 {
		a.Report = awsretry.StoreOutcomes{}
	}
	return s.memory.Attempt(ctx, scope, a)
}

type skipsSlots struct {
	*memory
	n atomic.Int64
}

func (s *skipsSlots) Attempt(ctx context.Context, scope string, a awsretry.StoreAttempt) (awsretry.StoreResult, error) {
	if a.Reserve && s.n.Add(1)%3 == 0 {
		if _, err := s.memory.Attempt(ctx, scope, awsretry.StoreAttempt{Reserve: true}); err != nil {
			return awsretry.StoreResult{}, err
		}
	}
	return s.memory.Attempt(ctx, scope, a)
}

type ignoresContext struct{ *memory }

func (s ignoresContext) Load(_ context.Context, scope string) (awsretry.StoreRate, error) {
	return s.memory.Load(context.Background(), scope)
}
func (s ignoresContext) Attempt(_ context.Context, scope string, a awsretry.StoreAttempt) (awsretry.StoreResult, error) {
	return s.memory.Attempt(context.Background(), scope, a)
}
func (s ignoresContext) CloseWindow(_ context.Context, scope string, c awsretry.StoreClose) (bool, error) {
	return s.memory.CloseWindow(context.Background(), scope, c)
}

// TestSuiteCatches checks that the suite fails each broken store, in the
// subtests that check the broken rule. Each store runs in a child process
// of this test (the suite's failures must not fail this one), which runs
// the suite on the store that LIMITERTEST_BROKEN names.
func TestSuiteCatches(t *testing.T) {
	if name := os.Getenv("LIMITERTEST_BROKEN"); name != "" {
		limitertest.TestStore(t, func(t *testing.T) awsretry.LimiterStore { return broken[name].store(newMemory(t)) })
		return
	}
	for name, b := range broken {
		t.Run(name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run", "^TestSuiteCatches$", "-test.v")
			cmd.Env = append(os.Environ(), "LIMITERTEST_BROKEN="+name)
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("the suite passed a store that %s:\n%s", name, out)
			}
			for _, sub := range b.fails {
				if !strings.Contains(string(out), "--- FAIL: TestSuiteCatches/"+sub+" ") {
					t.Errorf("subtest %s passed a store that %s:\n%s", sub, name, out)
				}
			}
		})
	}
}

func TestMemoryStore(t *testing.T) {
	limitertest.TestStore(t, func(t *testing.T) awsretry.LimiterStore { return newMemory(t) })
}
