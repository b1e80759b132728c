package chimesdkmessaging

import (
	"context"
	"crypto/tls"
	"net/http/httptrace"
	"sync/atomic"
	"time"

	"github.com/aws/smithy-go/metrics"
)

// connectionMetrics records the client.http.* metrics of one HTTP exchange
// from net/http's httptrace hooks, under aws-sdk-go-v2's names and units
// (no properties but the usage counter's state). The hooks may run on
// net/http's dialing goroutines, so start times are atomics, kept as offsets
// from base (monotonic).
type connectionMetrics struct {
	_    incomparable
	in   *instruments
	ctx  context.Context // the attempt's context, for recording
	base time.Time

	sendStart, dnsStart, connectStart, tlsStart atomic.Int64
}

// acquiredConnection is the property set of client.http.connections.usage.
var acquiredConnection = withProperty("state", "acquired")

// trace returns ctx carrying the httptrace hooks of one exchange, and the
// recorder to call done on when the response headers have arrived.
func (in *instruments) trace(ctx context.Context) (context.Context, *connectionMetrics) {
	m := &connectionMetrics{in: in, ctx: ctx, base: time.Now()}
	return httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		DNSStart:             func(httptrace.DNSStartInfo) { m.dnsStart.Store(m.now()) },
		DNSDone:              func(httptrace.DNSDoneInfo) { m.record(in.dnsLookupDuration, &m.dnsStart) },
		ConnectStart:         func(string, string) { m.connectStart.Store(m.now()) },
		ConnectDone:          func(string, string, error) { m.record(in.acquireDuration, &m.connectStart) },
		TLSHandshakeStart:    func() { m.tlsStart.Store(m.now()) },
		TLSHandshakeDone:     func(tls.ConnectionState, error) { m.record(in.tlsHandshakeDuration, &m.tlsStart) },
		GotConn:              m.gotConn,
		PutIdleConn:          m.putIdleConn,
		GotFirstResponseByte: func() { m.record(in.timeToFirstByte, &m.sendStart) },
	}), m
}

func (m *connectionMetrics) now() int64 { return int64(time.Since(m.base)) }

func (m *connectionMetrics) record(h metrics.Float64Histogram, start *atomic.Int64) {
	h.Record(m.ctx, seconds(time.Duration(m.now()-start.Load())))
}

// gotConn counts an HTTP/1 connection taken from the pool. An HTTP/2
// connection serves many requests at once and never goes back to the idle
// pool one request at a time, so it is not counted.
func (m *connectionMetrics) gotConn(info httptrace.GotConnInfo) {
	if tc, ok := info.Conn.(*tls.Conn); ok && tc.ConnectionState().NegotiatedProtocol == "h2" {
		return
	}
	m.in.connectionUsage.Add(m.ctx, 1, acquiredConnection)
}

func (m *connectionMetrics) putIdleConn(error) {
	m.in.connectionUsage.Add(m.ctx, -1, acquiredConnection)
}

// done records client.http.do_request_duration: the exchange up to the
// response headers (or the transport's error).
func (m *connectionMetrics) done() {
	m.record(m.in.doRequestDuration, &m.sendStart)
}
