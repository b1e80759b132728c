package chimesdkmessagingtest

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// MaxHeaderBytes bounds the request line and headers a [Server] reads
// (64 KiB; Go's default is 1 MiB). A request of the service needs a few
// KiB at most.
const MaxHeaderBytes = 64 << 10

// Server is a [Service] listening on a random port of 127.0.0.1, shaped
// like net/http/httptest.Server. The Service's methods (seeding, faults,
// request log, Snapshot) are promoted to it.
type Server struct {
	*Service

	// URL is the base URL, http://127.0.0.1:port, with no trailing slash.
	URL string

	ln       net.Listener
	hs       *http.Server
	cancel   context.CancelFunc
	served   chan struct{}
	handlers sync.WaitGroup

	mu         sync.Mutex
	transports []*http.Transport
	closed     bool
}

// NewServer starts a Server with a new Service configured by opts. It
// panics if it cannot listen, as httptest.NewServer does. Call Close when
// done.
func NewServer(opts ...Option) *Server {
	return NewServerFor(NewService(opts...))
}

// NewServerFor starts a Server in front of an existing Service.
func NewServerFor(svc *Service) *Server {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(fmt.Sprintf("chimesdkmessagingtest: failed to listen on 127.0.0.1: %v", err))
	}
	baseCtx, cancel := context.WithCancel(context.Background())
	s := &Server{
		Service: svc,
		URL:     "http://" + ln.Addr().String(),
		ln:      ln,
		cancel:  cancel,
		served:  make(chan struct{}),
	}
	s.hs = &http.Server{
		Handler:           http.HandlerFunc(s.serve),
		ReadHeaderTimeout: 30 * time.Second,
		MaxHeaderBytes:    MaxHeaderBytes,
		BaseContext:       func(net.Listener) context.Context { return baseCtx },
	}
	go func() {
		defer close(s.served)
		_ = s.hs.Serve(ln)
	}()
	return s
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.handlers.Add(1)
	defer s.handlers.Done()
	s.Service.ServeHTTP(w, r)
}

// Close stops accepting connections, cuts injected latency short, waits
// for the requests in flight to finish and closes the idle connections of
// the clients made by [Server.Client] and [Server.HTTPClient]. It can be
// called more than once.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	transports := s.transports
	s.mu.Unlock()

	s.cancel()
	_ = s.hs.Shutdown(context.Background())
	<-s.served
	s.handlers.Wait()
	for _, t := range transports {
		t.CloseIdleConnections()
	}
}

// HTTPClient returns an *http.Client for raw requests to the server. Its
// idle connections are closed by Close.
func (s *Server) HTTPClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.Proxy = nil
	t.MaxIdleConnsPerHost = 100 // keep connections for concurrent tests, as the client's default does
	s.mu.Lock()
	s.transports = append(s.transports, t)
	s.mu.Unlock()
	return &http.Client{Transport: t, Timeout: time.Minute}
}
