package retry

import (
	"net/http"
	"net/url"
	"slices"

	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// maxSnapshotHeaders is how many header fields a snapshot holds inline; a
// request with more is snapshot with a full Clone instead.
const maxSnapshotHeaders = 24

// snapshot remembers a request as it was before the first attempt. The first
// attempt then uses the request itself (no copy, which keeps a first-try
// success cheap) and every retry gets a fresh copy rebuilt from the
// snapshot, so nothing the layers below did to an earlier attempt (signature
// headers and the like) carries over. Header values are remembered by
// reference: layers below must replace header values (Header.Set), not
// modify a value slice in place, which is what smithy-go and the signer do.
type snapshot struct {
	sreq   smithyhttp.Request
	hreq   http.Request
	url    url.URL
	hasURL bool
	n      int
	keys   [maxSnapshotHeaders]string
	vals   [maxSnapshotHeaders][]string
	full   *smithyhttp.Request // set when the header does not fit inline
}

// take records req.
func (s *snapshot) take(req *smithyhttp.Request) {
	if len(req.Header) > maxSnapshotHeaders {
		s.full = req.Clone()
		return
	}
	s.sreq = *req
	s.hreq = *req.Request
	if req.URL != nil {
		s.url, s.hasURL = *req.URL, true
	}
	for k, v := range req.Header {
		s.keys[s.n], s.vals[s.n] = k, v
		s.n++
	}
}

// build returns a fresh copy of the remembered request with the
// amz-sdk-request header set to reqHeader.
func (s *snapshot) build(reqHeader string) *smithyhttp.Request {
	if s.full != nil {
		c := s.full.Clone()
		c.Header["Amz-Sdk-Request"] = []string{reqHeader}
		return c
	}
	c := new(smithyhttp.Request)
	*c = s.sreq
	hr := new(http.Request)
	*hr = s.hreq
	if s.hasURL {
		u := s.url
		if u.User != nil {
			user := *u.User
			u.User = &user
		}
		hr.URL = &u
	}
	h := make(http.Header, s.n+1)
	for i := range s.n {
		h[s.keys[i]] = slices.Clone(s.vals[i])
	}
	h["Amz-Sdk-Request"] = []string{reqHeader}
	hr.Header = h
	c.Request = hr
	return c
}
