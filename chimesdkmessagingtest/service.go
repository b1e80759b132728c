package chimesdkmessagingtest

import (
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"strconv"
	"sync"

	"github.com/chimekit/chimesdkmessaging/credentials"
	"github.com/chimekit/chimesdkmessaging/internal/sigv4"
)

// Service is the fake Chime SDK Messaging service: its state, its rules and
// its faults, served as an [http.Handler]. It needs no listener; [Server]
// puts one in front of it. A Service is safe for concurrent use.
type Service struct {
	cfg config
	// secrets returns the credentials and the signer (whose key cache
	// holds the secret key). A func value, because fmt prints a func as
	// an address under every verb and through every path, including
	// unexported fields and bad verbs, where no Format method runs.
	secrets func() *secrets

	// writeMu serialises changes of the state, each with its hook
	// call; it is taken before mu. mu guards st: a change replaces or
	// edits st only with both held, so a holder of writeMu may read st
	// without mu.
	writeMu sync.Mutex
	mu      sync.Mutex
	st      *store
	group   groupCommit // changes waiting for the WithOnCommit hook

	ctlMu    sync.Mutex // guards the fields below
	faults   faultState
	rng      *rand.Rand
	log      []*logEntry
	logBytes int // what log counts against MaxLoggedBytes
}

// NewService returns a Service with empty state, configured by opts.
func NewService(opts ...Option) *Service {
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	sec := &secrets{creds: cfg.creds, signer: sigv4.New()}
	cfg.creds = credentials.Credentials{}
	return &Service{
		cfg:     cfg,
		secrets: func() *secrets { return sec },
		st:      newStore(),
		rng:     rand.New(rand.NewPCG(cfg.seed, cfg.seed^0x9e3779b97f4a7c15)),
	}
}

// secrets are what a Service must never print.
type secrets struct {
	creds  credentials.Credentials
	signer *sigv4.Signer
}

// Region returns the region the service signs for and builds ARNs in.
func (s *Service) Region() string { return s.cfg.region }

// AccountID returns the account ID the service builds ARNs with.
func (s *Service) AccountID() string { return s.cfg.accountID }

// Credentials returns the credentials the service accepts.
func (s *Service) Credentials() credentials.Credentials { return s.secrets().creds }

// CredentialsProvider returns a provider of the credentials the service
// accepts, for a client's Options.Credentials.
func (s *Service) CredentialsProvider() credentials.Provider {
	c := s.secrets().creds
	return credentials.NewStaticCredentialsProvider(c.AccessKeyID, c.SecretAccessKey, c.SessionToken)
}

// Header names of the responses, spelled as AWS spells them.
const (
	headerRequestID = "x-amzn-RequestId"
	headerErrorType = "X-Amzn-ErrorType"
)

// ServeHTTP answers one request: faults first, then the body limit, the
// rate limit, routing, SigV4 and the operation's rules. Every response
// carries x-amzn-RequestId.
func (s *Service) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	reqID := newID()
	w.Header()[headerRequestID] = []string{reqID}
	// Date comes from the service's own clock, as AWS's does: a client
	// corrects its clock skew from it.
	w.Header().Set("Date", s.cfg.now().UTC().Format(http.TimeFormat))
	f, fdesc := s.nextFault(r)
	entry := s.logArrival(r, reqID)

	if f.Drop == DropBeforeRead {
		s.logDone(entry, 0, fdesc)
		dropConnection(w)
		return
	}
	body, err := readBody(r, s.cfg.maxBody)
	s.logBodySize(entry, len(body))
	// The signature decides whether the request's contents are logged, so
	// it is checked once here; respond answers with the result in its
	// place among the rules.
	authErr := errNotAuthenticated
	if err == nil {
		if authErr = s.authenticate(r, body); authErr == nil {
			s.logContents(entry, r, body)
		}
	}
	// Latency runs after the body is read: from then on net/http notices a
	// client that hangs up and ends the request's context.
	if d := s.latency() + f.Latency; d > 0 {
		if !sleepCtx(r.Context(), d) {
			s.logDone(entry, 0, "aborted during latency: "+r.Context().Err().Error())
			dropConnection(w)
			return
		}
	}
	if f.Drop == DropAfterRead {
		s.logDone(entry, 0, fdesc)
		dropConnection(w)
		return
	}
	if f.Drop == DropAfterApply {
		status, _ := s.respond(discardWriter{header: http.Header{}}, r, body, err, authErr, Fault{})
		s.logDone(entry, status, fdesc)
		dropConnection(w)
		return
	}
	status, note := s.respond(w, r, body, err, authErr, f)
	if note == "" {
		note = fdesc
	}
	s.logDone(entry, status, note)
}

// errNotAuthenticated stands for the result of a signature check that did
// not run because the body could not be read; respond answers the read
// error before it would look at it.
var errNotAuthenticated = newAPIError(MissingAuthenticationTokenException, "the request was not authenticated")

// discardWriter takes a response that is never sent.
type discardWriter struct{ header http.Header }

func (d discardWriter) Header() http.Header         { return d.header }
func (d discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d discardWriter) WriteHeader(int)             {}

// respond writes the response for a request whose body has been read (or
// failed to read with readErr) and whose signature check gave authErr, and
// returns its status and a note for the request log.
func (s *Service) respond(w http.ResponseWriter, r *http.Request, body []byte, readErr error, authErr *apiError, f Fault) (int, string) {
	if f.responds() {
		return writeFault(w, f), ""
	}
	if readErr != nil {
		return writeAPIError(w, newAPIError(BadRequestException, readErr.Error())), ""
	}
	if !s.allowRate(r) {
		return writeAPIError(w, newAPIError(ThrottledClientException, "Rate exceeded")), "throttled by the rate limit"
	}
	rt, apiErr := parseRoute(r)
	if apiErr != nil {
		return writeAPIError(w, apiErr), ""
	}
	if authErr != nil {
		return writeAPIError(w, authErr), ""
	}
	return s.serveOperation(w, r, rt, body), ""
}

// errBodyTooLarge is returned by readBody for a body over the limit.
type errBodyTooLarge struct{ limit int64 }

func (e errBodyTooLarge) Error() string {
	return "the request body is larger than " + strconv.FormatInt(e.limit, 10) + " bytes; preferences are far smaller, check what is sent"
}

// readBody reads at most limit bytes of r's body.
func readBody(r *http.Request, limit int64) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	if r.ContentLength > limit {
		return nil, errBodyTooLarge{limit}
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if int64(len(b)) > limit {
		return nil, errBodyTooLarge{limit}
	}
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return b, errors.New("the request body stopped arriving before the server's read timeout; send the whole body without pausing")
	}
	if err != nil {
		return b, errors.New("reading the request body failed: " + err.Error())
	}
	return b, nil
}

// dropConnection closes the client's connection without a response.
func dropConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	// Without a hijackable connection, ask net/http to abort the response.
	panic(http.ErrAbortHandler)
}
