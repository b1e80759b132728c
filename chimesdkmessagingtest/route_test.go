package chimesdkmessagingtest

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUnknownRoutes(t *testing.T) {
	f := setup(t)
	tests := []struct {
		name, method, path, msg string
	}{
		{"root", http.MethodGet, "/", "no operation matches GET /"},
		{"other operation", http.MethodGet, "/channels", "no operation matches"},
		{"extra segment", http.MethodPut, prefsPath(f.ch, f.member) + "/x", "no operation matches"},
		{"raw slashes in the label", http.MethodPut, "/channels/" + f.ch + "/memberships/" + f.member + "/preferences", "no operation matches"},
		{"empty label", http.MethodPut, "/channels//memberships/x/preferences", "no operation matches"},
		{"wrong method", http.MethodDelete, prefsPath(f.ch, f.member), "no operation matches method DELETE"},
		{"POST", http.MethodPost, prefsPath(f.ch, f.member), "use PUT (PutChannelMembershipPreferences) or GET"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, unsigned := range []bool{false, true} {
				resp, body := f.do(t, rawReq{method: tt.method, path: tt.path, bearer: f.member, unsigned: unsigned})
				assertAPIError(t, resp, body, http.StatusNotFound, UnknownOperationException, "NotFound", tt.msg)
			}
		})
	}
}

// TestWireHeaderSpelling reads a raw response to check the header names
// are spelled as AWS spells them.
func TestWireHeaderSpelling(t *testing.T) {
	f := setup(t)
	conn, err := net.Dial("tcp", strings.TrimPrefix(f.srv.URL, "http://"))
	require.NoError(t, err)
	defer conn.Close()
	_, err = io.WriteString(conn, "GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	require.NoError(t, err)
	raw, err := io.ReadAll(bufio.NewReader(conn))
	require.NoError(t, err)
	s := string(raw)
	assert.True(t, strings.HasPrefix(s, "HTTP/1.1 404 "), s)
	assert.Contains(t, s, "\r\nx-amzn-RequestId: ")
	assert.Contains(t, s, "\r\nX-Amzn-ErrorType: UnknownOperationException\r\n")
	assert.Contains(t, s, `{"Code":"NotFound","Message":"no operation matches GET /nope;`)
}

func TestRequestIDsAreUniqueAndLogged(t *testing.T) {
	f := setup(t)
	seen := map[string]bool{}
	for range 5 {
		resp, _ := f.do(t, f.get(f.member, f.member))
		id := resp.Header.Get("x-amzn-RequestId")
		assert.Len(t, id, 36)
		assert.False(t, seen[id], "request IDs repeat")
		seen[id] = true
	}
	for _, r := range f.srv.Requests() {
		assert.True(t, seen[r.RequestID], "logged ID %s was answered", r.RequestID)
	}
}

func TestBodyLimit(t *testing.T) {
	f := setup(t, WithMaxBodyBytes(200))
	big := `{"Preferences":{"PushNotifications":{"AllowNotifications":"ALL"}},"pad":"` + strings.Repeat("x", 200) + `"}`
	resp, body := f.do(t, f.put(f.member, f.member, big))
	assertAPIError(t, resp, body, http.StatusBadRequest, BadRequestException, "BadRequest", "larger than 200 bytes")

	// A chunked body with no Content-Length is bounded too.
	r := f.put(f.member, f.member, big)
	r.mutate = func(req *http.Request) {
		req.ContentLength = -1
		req.Body = io.NopCloser(strings.NewReader(big))
	}
	resp, body = f.do(t, r)
	assertAPIError(t, resp, body, http.StatusBadRequest, BadRequestException, "BadRequest", "larger than 200 bytes")

	f = setup(t)
	big = `{"Preferences":{},"pad":"` + strings.Repeat("x", DefaultMaxBodyBytes) + `"}`
	resp, body = f.do(t, f.put(f.member, f.member, big))
	assertAPIError(t, resp, body, http.StatusBadRequest, BadRequestException, "BadRequest", "larger than 65536 bytes")
}
