//go:build !race

package chimesdkmessaging_test

import (
	"context"
	"testing"
)

// TestAllocationBudget holds a whole call to the per-call budget: at most
// 45 allocations for a Put through an in-memory transport (whose own
// allocations count too). It checks the client as users call it, not its
// internals, so internals can change freely within the budget. (The race
// detector adds allocations of its own, hence the build tag; speed is shown
// by the benchmarks, never here.)
func TestAllocationBudget(t *testing.T) {
	c := newMemClient()
	in := validInput()
	ctx := context.Background()
	allocs := testing.AllocsPerRun(200, func() {
		if _, err := c.PutChannelMembershipPreferences(ctx, in); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 45 {
		t.Fatalf("a Put allocates %.1f times, over the budget of 45", allocs)
	}
	t.Logf("allocations per Put: %.1f (budget 45)", allocs)
}
