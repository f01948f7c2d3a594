package limitertest_test

import (
	"testing"

	"github.com/awsretry/awsretry"
	"github.com/awsretry/awsretry/limitertest"
)

// A store's own test runs the suite with a function that makes an empty
// store for each subtest, here a MemoryStore on a virtual clock that
// implements Ager.
func ExampleTestStore() {
	testMyStore := func(t *testing.T) {
		limitertest.TestStore(t, func(t *testing.T) awsretry.LimiterStore { return newMemory(t) })
	}
	_ = testMyStore
}
