package benchmarks

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
)

// Client names one of the compared clients.
type Client string

// The compared clients.
const (
	Ours         Client = "ours"
	Peer         Client = "awsv2"
	HandSigned   Client = "hand-signed"
	HandUnsigned Client = "hand-unsigned"

	// TransportOnly sends one prebuilt bodiless request and drains the
	// response: the cost every client pays for http.Client.Do and the
	// transport, which the net ratios subtract.
	TransportOnly Client = "transport-only"
)

// Transport names how requests travel.
type Transport string

// The transports: an in-memory http.RoundTripper (the client's own cost) and
// loopback HTTP to an httptest server (the cost a caller sees).
const (
	InMemory Transport = "inmem"
	Loopback Transport = "loopback"
)

// Case is one benchmark: a client, a transport, serial or b.RunParallel.
type Case struct {
	Client    Client
	Transport Transport
	Parallel  bool
}

// Name is the case's name in tables, e.g. "ours/inmem" or
// "ours/inmem/parallel".
func (c Case) Name() string {
	n := string(c.Client) + "/" + string(c.Transport)
	if c.Parallel {
		n += "/parallel"
	}
	return n
}

// Cases returns every case the comparison runs, in table order.
func Cases() []Case {
	var cs []Case
	for _, t := range []Transport{InMemory, Loopback} {
		for _, c := range []Client{Ours, Peer, HandSigned, HandUnsigned, TransportOnly} {
			cs = append(cs, Case{Client: c, Transport: t})
		}
	}
	for _, c := range ScalingCases() {
		if !slices.Contains(cs, c) {
			cs = append(cs, c)
		}
	}
	return cs
}

// ScalingCases returns the cases of the parallel scaling comparison: ours
// and the unsigned floor in memory, and the two controls, each serial and
// with b.RunParallel.
func ScalingCases() []Case {
	var cs []Case
	for _, parallel := range []bool{false, true} {
		cs = append(cs,
			Case{Client: Ours, Transport: InMemory, Parallel: parallel},
			Case{Client: HandUnsigned, Transport: InMemory, Parallel: parallel},
			Case{Client: AllocOnly, Transport: None, Parallel: parallel},
			Case{Client: CPUOnly, Transport: None, Parallel: parallel},
			Case{Client: AllocAndHash, Transport: None, Parallel: parallel},
		)
	}
	return cs
}

// LiveHeapCases returns the cases measured again with a live heap: the
// in-memory comparison with the peer and the scaling cases.
func LiveHeapCases() []Case {
	return append([]Case{{Client: Peer, Transport: InMemory}}, ScalingCases()...)
}

// Env holds what the cases share: the loopback server. Close it when done.
type Env struct {
	server   *httptest.Server
	inspect  func(*http.Request)
	liveHeap []byte // see SetLiveHeap
}

// NewEnv starts the loopback server.
func NewEnv() *Env { return newEnv(nil) }

// newEnv starts an Env whose transports show every request to inspect
// (tests only; inspect must be safe for concurrent use).
func newEnv(inspect func(*http.Request)) *Env {
	return &Env{server: newLoopbackServer(inspect), inspect: inspect}
}

// Close stops the loopback server.
func (e *Env) Close() {
	e.server.Close()
	e.liveHeap = nil
}

// newCall builds a fresh client for c and returns its call and a cleanup
// that closes the client's idle connections.
func (e *Env) newCall(c Case) (call, func(), error) {
	switch c.Client {
	case AllocOnly:
		return newAllocOnlyCall(), func() {}, nil
	case CPUOnly:
		return newCPUOnlyCall(), func() {}, nil
	case AllocAndHash:
		return newAllocAndHashCall(), func() {}, nil
	}
	var hc *http.Client
	base := ""
	switch c.Transport {
	case InMemory:
		hc = &http.Client{Transport: newMemTransport(e.inspect)}
	case Loopback:
		hc = newLoopbackClient()
		base = e.server.URL
	default:
		return nil, nil, fmt.Errorf("unknown transport %q", c.Transport)
	}
	handEndpoint := base
	if handEndpoint == "" {
		handEndpoint = inMemoryHandBuiltEndpoint
	}
	var (
		fn  call
		err error
	)
	switch c.Client {
	case Ours:
		fn = newOursCall(base, hc)
	case Peer:
		fn = newPeerCall(base, hc)
	case HandSigned:
		fn = newHandCall(handEndpoint, hc, true)
	case HandUnsigned:
		fn = newHandCall(handEndpoint, hc, false)
	case TransportOnly:
		fn, err = newTransportOnlyCall(handEndpoint, hc)
		if err != nil {
			return nil, nil, err
		}
	default:
		return nil, nil, fmt.Errorf("unknown client %q", c.Client)
	}
	return fn, hc.CloseIdleConnections, nil
}

// Run benchmarks c: it builds the client, makes one untimed warm-up call
// (dialling, first-use caches), then b.N timed calls, serially or with
// b.RunParallel. Any failed call fails the benchmark.
func (e *Env) Run(b *testing.B, c Case) {
	fn, cleanup, err := e.newCall(c)
	if err != nil {
		b.Fatal(err)
	}
	defer cleanup()
	ctx := context.Background()
	if err := fn(ctx); err != nil {
		b.Fatalf("%s: warm-up call: %v", c.Name(), err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	if c.Parallel {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := fn(ctx); err != nil {
					b.Errorf("%s: %v", c.Name(), err)
					return
				}
			}
		})
		return
	}
	for i := 0; i < b.N; i++ {
		if err := fn(ctx); err != nil {
			b.Fatalf("%s: %v", c.Name(), err)
		}
	}
}
