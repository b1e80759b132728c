package retry

import "sync/atomic"

// quota is the client-wide retry token bucket. It is lock-free: a call that
// succeeds at once only reads the level when the bucket is full, so many
// goroutines of one client never contend on it.
type quota struct {
	available atomic.Int64
	capacity  int64
	disabled  bool
}

func newQuota(capacity int, disabled bool) *quota {
	q := &quota{capacity: int64(capacity), disabled: disabled}
	q.available.Store(int64(capacity))
	return q
}

// take removes cost tokens, or reports how many are left when there are not
// enough.
func (q *quota) take(cost int) (ok bool, available int) {
	if q.disabled {
		return true, int(q.capacity)
	}
	for {
		cur := q.available.Load()
		if cur < int64(cost) {
			return false, int(cur)
		}
		if q.available.CompareAndSwap(cur, cur-int64(cost)) {
			return true, int(cur) - cost
		}
	}
}

// give returns n tokens, never beyond capacity.
func (q *quota) give(n int) {
	if q.disabled {
		return
	}
	for {
		cur := q.available.Load()
		if cur >= q.capacity {
			return
		}
		if q.available.CompareAndSwap(cur, min(cur+int64(n), q.capacity)) {
			return
		}
	}
}

// level returns the tokens currently available.
func (q *quota) level() int {
	if q.disabled {
		return int(q.capacity)
	}
	return int(q.available.Load())
}
