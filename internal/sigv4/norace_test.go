//go:build !race

package sigv4

// raceEnabled reports whether the race detector is on; sync.Pool then
// drops some buffers on purpose, which costs extra allocations.
const raceEnabled = false
