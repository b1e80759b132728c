package chimesdkmessaging

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	smithy "github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/chimekit/chimesdkmessaging/internal/exceptions"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/types"
)

// FuzzDecodeError feeds decodeError arbitrary statuses, X-Amzn-ErrorType
// headers and bodies, for both operations. It must never panic and always
// return one of the seven modelled exceptions the operation knows or a
// *smithy.GenericAPIError with a code; when the header, the body's
// __type or (with neither) the status names a modelled exception, that is
// the type returned.
func FuzzDecodeError(f *testing.F) {
	for _, s := range []struct {
		status    int
		errorType string
		body      string
	}{
		{403, "ForbiddenException", `{"Code":"Forbidden","Message":"not yours"}`},
		{409, "ConflictException:http://internal.amazon.com/coral/com.amazonaws.chime/", `{}`},
		{400, "com.amazonaws.chime#BadRequestException", `{"Message":"m"}`},
		{400, "", `{"__type":"aws.chime#ConflictException","message":"m"}`},
		{403, "", `{"code":"ForbiddenException"}`},
		{429, "", `{"Code":"Throttled","Message":"Rate exceeded"}`},
		{503, "", ``},
		{502, "", "<html>Bad Gateway</html>"},
		{404, "UnknownOperationException", `{"Code":"NotFound"}`},
		{500, "", `{"__type":7}`},
		{401, "unauthorizedclientexception", "\xff\xfe{\"Message\":\"\xc3\x28\"}"},
		{-1, "#:", `{"Message":"a","message":"b","CODE":"c"}`},
		{0, " ", `null`},
	} {
		f.Add(s.status, s.errorType, []byte(s.body))
	}
	ops := map[string]func(string) bool{"Put": putOperation.models, "Get": getOperation.models}
	f.Fuzz(func(t *testing.T, status int, errorType string, body []byte) {
		for opName, known := range ops {
			h := http.Header{}
			if errorType != "" {
				h.Set("X-Amzn-ErrorType", errorType)
			}
			resp := &smithyhttp.Response{Response: &http.Response{StatusCode: status, Header: h}}
			err := decodeError(resp, body, known)
			require.Error(t, err, opName)
			_ = err.Error()

			got := exceptionName(err)
			if got == "" {
				var gen *smithy.GenericAPIError
				require.ErrorAs(t, err, &gen, "%s: %T is neither a modelled exception nor a GenericAPIError", opName, err)
				assert.NotEmpty(t, gen.Code, opName)
				assert.Equal(t, status >= 500, gen.Fault == smithy.FaultServer, opName)
			} else {
				assert.True(t, known(got), "%s does not model %s", opName, got)
			}
			if want, ok := expectedException(status, errorType, body, known); ok {
				if want == "" {
					assert.Empty(t, got, "%s: a GenericAPIError was expected, got %T", opName, err)
				} else {
					assert.Equal(t, want, got, opName)
				}
			}
		}
	})
}

// exceptionName returns the modelled exception err is, or "".
func exceptionName(err error) string {
	switch err.(type) {
	case *types.BadRequestException:
		return "BadRequestException"
	case *types.ConflictException:
		return "ConflictException"
	case *types.UnauthorizedClientException:
		return "UnauthorizedClientException"
	case *types.ForbiddenException:
		return "ForbiddenException"
	case *types.ThrottledClientException:
		return "ThrottledClientException"
	case *types.ServiceUnavailableException:
		return "ServiceUnavailableException"
	case *types.ServiceFailureException:
		return "ServiceFailureException"
	}
	return ""
}

// expectedException is the fuzz oracle: the exception a response must
// decode to ("" for a GenericAPIError), and whether the oracle knows. It
// decides from the header; with no header, from a simple valid body's
// __type; with neither header nor body, from the status.
func expectedException(status int, errorType string, body []byte, known func(string) bool) (string, bool) {
	byStatus := func() (string, bool) {
		if e, ok := exceptions.ByStatus(status); ok && known(e.Name) {
			return e.Name, true
		}
		return "", true
	}
	byName := func(name string) (string, bool) {
		for _, e := range exceptions.All {
			if strings.EqualFold(e.Name, name) {
				if known(e.Name) {
					return e.Name, true
				}
				return "", true
			}
		}
		if isErrorCodeValue(name) {
			return byStatus() // a body Code value such as "Throttled"
		}
		return "", true
	}
	if name := SanitizeErrorCode(errorType); name != "" {
		return byName(name)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return byStatus()
	}
	if !utf8.Valid(body) || !json.Valid(body) || hasDuplicateTopLevelKeys(body) {
		return "", false
	}
	var top map[string]any
	if json.Unmarshal(body, &top) != nil {
		return "", false
	}
	typ, ok := top["__type"].(string)
	if !ok {
		return "", false
	}
	if name := SanitizeErrorCode(typ); name != "" {
		return byName(name)
	}
	return "", false
}

// hasDuplicateTopLevelKeys reports whether a top-level object of body
// holds a key twice, or two keys equal without regard to case.
func hasDuplicateTopLevelKeys(body []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return false
	}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		k := strings.ToLower(tok.(string))
		if seen[k] {
			return true
		}
		seen[k] = true
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return false
		}
	}
	return false
}

// FuzzLabelEncoding checks the path label encoder: only unreserved bytes
// and %XX with upper-case hex come out, every unreserved byte stays
// literal, decoding gives the input back, and the path pair is one
// net/url accepts as consistent and splits into the route's six parts.
func FuzzLabelEncoding(f *testing.F) {
	for _, s := range [][2]string{
		{"arn:aws:chime:us-east-1:111122223333:app-instance/a/channel/c", "arn:aws:chime:us-east-1:111122223333:app-instance/a/user/u"},
		{"", ""},
		{"a b+c%2F?#&=;", "é😀~._-"},
		{"/", "%"},
		{"\x00\xff\xfe", "\u2028\r\n"},
		{"%zz", "%25"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, channel, member string) {
		for _, v := range []string{channel, member} {
			label := encodeLabel(v)
			escaped := 0
			for i := 0; i < len(v); i++ {
				if !isUnreservedByte(v[i]) {
					escaped++
				}
			}
			if len(label) != len(v)+2*escaped {
				t.Fatalf("label encoding of %q = %q: only reserved bytes may be escaped, each as %%XX", v, label)
			}
			for i := 0; i < len(label); i++ {
				switch c := label[i]; {
				case c == '%' && i+2 < len(label) && isUpperHex(label[i+1]) && isUpperHex(label[i+2]):
					i += 2
				case c == '%':
					t.Fatalf("label encoding of %q = %q: escape at %d is not %%XX with upper-case hex", v, label, i)
				case !isUnreservedByte(c):
					t.Fatalf("label encoding of %q = %q: %q is left unescaped", v, label, c)
				}
			}
			if got, err := url.PathUnescape(label); err != nil || got != v {
				t.Fatalf("url.PathUnescape(%q) = %q, %v; want %q", label, got, err, v)
			}
		}

		path, raw := preferencesPath(channel, member)
		if want := "/channels/" + channel + "/memberships/" + member + "/preferences"; path != want {
			t.Fatalf("path = %q, want %q", path, want)
		}
		u := &url.URL{Path: path, RawPath: raw}
		if got := u.EscapedPath(); got != raw {
			t.Fatalf("net/url does not take RawPath %q as the encoding of Path %q: EscapedPath() = %q", raw, path, got)
		}
		parts := strings.Split(raw, "/")
		if len(parts) != 6 || parts[2] != encodeLabel(channel) || parts[4] != encodeLabel(member) {
			t.Fatalf("raw path %q does not split into the route's parts with the labels intact", raw)
		}
	})
}

// isUnreservedByte is RFC 3986's unreserved set (section 2.3), the oracle
// of the label encoder.
func isUnreservedByte(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

func isUpperHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'A' && c <= 'F' }

// encodeLabel is the label as preferencesPath encodes it.
func encodeLabel(v string) string {
	_, raw := preferencesPath(v, "")
	return strings.TrimSuffix(strings.TrimPrefix(raw, "/channels/"), "/memberships//preferences")
}
