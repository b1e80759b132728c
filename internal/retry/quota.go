package retry

import "sync"

// quota is the client-wide retry token bucket.
type quota struct {
	mu        sync.Mutex
	available int
	capacity  int
	disabled  bool
}

func newQuota(capacity int, disabled bool) *quota {
	return &quota{available: capacity, capacity: capacity, disabled: disabled}
}

// take removes cost tokens, or reports how many are left when there are not
// enough.
func (q *quota) take(cost int) (ok bool, available int) {
	if q.disabled {
		return true, q.capacity
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.available < cost {
		return false, q.available
	}
	q.available -= cost
	return true, q.available
}

// give returns n tokens, never beyond capacity.
func (q *quota) give(n int) {
	if q.disabled {
		return
	}
	q.mu.Lock()
	q.available = min(q.available+n, q.capacity)
	q.mu.Unlock()
}

// level returns the tokens currently available.
func (q *quota) level() int {
	if q.disabled {
		return q.capacity
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.available
}
