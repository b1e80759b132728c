// Package testctx holds contexts for tests whose deadlines pass when the test
// says so, not when a clock does, so a deadline test does not race the
// scheduler of a loaded machine.
package testctx

import (
	"context"
	"sync"
	"time"
)

// Expiring is a context whose deadline passes when Expire is called; it
// carries no values and no parent.
type Expiring struct {
	context.Context // values only: context.Background()
	deadline        time.Time
	done            chan struct{}
	once            sync.Once
}

// NewExpiring returns a context that reports deadline as its deadline and
// is done only once Expire is called.
func NewExpiring(deadline time.Time) *Expiring {
	return &Expiring{Context: context.Background(), deadline: deadline, done: make(chan struct{})}
}

// Deadline returns the deadline given to NewExpiring.
func (c *Expiring) Deadline() (time.Time, bool) { return c.deadline, true }

// Done is closed by Expire.
func (c *Expiring) Done() <-chan struct{} { return c.done }

// Expire ends the context with context.DeadlineExceeded; later calls do
// nothing.
func (c *Expiring) Expire() { c.once.Do(func() { close(c.done) }) }

// Err is context.DeadlineExceeded once Expire was called, else nil.
func (c *Expiring) Err() error {
	select {
	case <-c.done:
		return context.DeadlineExceeded
	default:
		return nil
	}
}
