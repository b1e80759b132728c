package retry

import (
	"math"
	"sync"
	"time"
)

// rateLimiter is the adaptive mode's client-side send-rate limit: a token
// bucket whose fill rate follows a CUBIC curve. All fields are guarded by mu,
// which is never held while a caller waits.
type rateLimiter struct {
	beta, scale, smooth, minFill float64
	clock                        func() time.Time

	mu           sync.Mutex
	enabled      bool
	fillRate     float64 // tokens per second
	capacity     float64
	tokens       float64
	lastRefill   time.Time
	measured     float64 // smoothed send rate, attempts per second
	bucketStart  float64 // start (seconds) of the current half-second bucket
	bucketCount  int
	lastMaxRate  float64
	lastThrottle time.Time
}

func newRateLimiter(o AdaptiveOptions) *rateLimiter {
	now := o.Clock()
	return &rateLimiter{
		beta: o.Beta, scale: o.ScaleConstant, smooth: o.Smooth, minFill: o.MinFillRate,
		clock:        o.Clock,
		fillRate:     o.MinFillRate,
		capacity:     1,
		bucketStart:  halfSecond(now),
		lastThrottle: now,
		lastRefill:   now,
	}
}

func halfSecond(t time.Time) float64 {
	return math.Floor(float64(t.UnixNano())/float64(time.Second)*2) / 2
}

// acquire takes one token and returns 0, or returns how long to wait before
// trying again.
func (l *rateLimiter) acquire() time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.enabled {
		return 0
	}
	l.refill(l.clock())
	if l.tokens >= 1 {
		l.tokens--
		return 0
	}
	wait := time.Duration((1 - l.tokens) / l.fillRate * float64(time.Second))
	return max(wait, time.Millisecond)
}

func (l *rateLimiter) refill(now time.Time) {
	if dt := now.Sub(l.lastRefill).Seconds(); dt > 0 {
		l.tokens = min(l.capacity, l.tokens+dt*l.fillRate)
	}
	l.lastRefill = now
}

// update records the outcome of one attempt.
func (l *rateLimiter) update(throttled bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock()
	l.measure(now)
	var target float64
	if throttled {
		rate := l.sendRate()
		if l.enabled {
			rate = min(rate, l.fillRate)
		}
		l.lastMaxRate = rate
		l.lastThrottle = now
		target = rate * l.beta
		l.enabled = true
	} else {
		// Cubic recovery: back at lastMaxRate after the time window, growing
		// faster beyond it.
		window := math.Cbrt(l.lastMaxRate * (1 - l.beta) / l.scale)
		dt := now.Sub(l.lastThrottle).Seconds()
		target = l.scale*math.Pow(dt-window, 3) + l.lastMaxRate
	}
	if !l.enabled {
		return
	}
	target = min(target, 2*l.sendRate())
	l.refill(now)
	l.fillRate = max(target, l.minFill)
	l.capacity = max(target, 1)
	l.tokens = min(l.tokens, l.capacity)
}

// measure updates the smoothed send rate, counted in half-second buckets.
func (l *rateLimiter) measure(now time.Time) {
	l.bucketCount++
	b := halfSecond(now)
	if b > l.bucketStart {
		current := float64(l.bucketCount) / (b - l.bucketStart)
		l.measured = current*l.smooth + l.measured*(1-l.smooth)
		l.bucketCount = 0
		l.bucketStart = b
	}
}

// sendRate is the measured send rate; before the first full half-second it
// is estimated from the attempts counted so far.
func (l *rateLimiter) sendRate() float64 {
	if l.measured == 0 {
		return float64(l.bucketCount) / 0.5
	}
	return l.measured
}

func (l *rateLimiter) rate() (float64, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.fillRate, l.enabled
}
