// Package benchmarks measures the per-call cost of the chimesdkmessaging
// client against the generated aws-sdk-go-v2 client and against hand-built
// net/http requests, each over an in-memory transport and over loopback.
//
// It is a separate module so that the main module never depends on
// aws-sdk-go-v2. The cases are defined here once and used by the plain
// Benchmark functions (for benchstat) and by cmd/compare, which interleaves
// rounds, prints medians and ratios and checks the performance budget.
//
// The clients compared:
//
//   - ours: chimesdkmessaging PutChannelMembershipPreferences;
//   - awsv2: aws-sdk-go-v2 service/chime UpdateRoomMembership (same
//     generator and middleware stack, restJson1, path labels, SigV4);
//   - hand-signed: net/http PUT of the same request, JSON built with
//     encoding/json, signed with aws-sdk-go-v2's aws/signer/v4;
//   - hand-unsigned: the same without signing, the floor.
//
// Three control cases measure the machine instead of a client: alloc-only
// makes about the allocations of one call of ours and nothing else,
// cpu-only hashes without allocating, and alloc+hash does both, with about
// the allocations and the duration of one call of ours. Run serially and with b.RunParallel
// they show how far the Go runtime itself scales on the machine, so that a
// scaling limit of the runtime is not taken for one of the client's.
//
// cmd/compare measures everything once with the benchmark process's own
// heap (a few megabytes) and again with a live heap kept as in a service
// (Env.SetLiveHeap), since how often the collector runs decides much of
// the cost of allocation-heavy code, the peer's above all.
//
// The throttling scenario (cmd/throttle, and cmd/compare after the cost
// runs) measures what callers get from a service that throttles: a loopback
// ThrottleServer admits R calls per second with a burst of 10 and answers
// the rest 429 ThrottledClientException; G goroutines make N calls with each
// of ThrottleClients (ours standard and adaptive, aws-sdk-go-v2 standard,
// adaptive, and adaptive retrying ThrottledClientException). It reports
// goodput ÷ R, failed calls, attempts per success and the p50/p99 latency
// of a call at each of ThrottlePoints, and how fast goodput follows when the
// admitted rate halves and doubles back (ChangingRunFor). cmd/compare also
// draws charts/cost.svg and charts/goodput.svg from its measurements.
package benchmarks
