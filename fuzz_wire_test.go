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
	ops := map[string]func(string) bool{"Put": putExceptions, "Get": getExceptions}
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
		if s := statusException(status); s != "" && known(s) {
			return s, true
		}
		return "", true
	}
	byName := func(name string) (string, bool) {
		for _, s := range exceptionNames {
			if strings.EqualFold(s, name) {
				if known(s) {
					return s, true
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
			label := string(appendLabel(nil, v))
			escaped := 0
			for i := 0; i < len(v); i++ {
				if !isUnreserved(v[i]) {
					escaped++
				}
			}
			require.Len(t, label, len(v)+2*escaped, "only reserved bytes are escaped, each as %%XX")
			for i := 0; i < len(label); i++ {
				c := label[i]
				if c == '%' {
					require.Less(t, i+2, len(label), "truncated escape in %q", label)
					require.True(t, isUpperHex(label[i+1]) && isUpperHex(label[i+2]), "escape %q is not upper-case hex", label[i:i+3])
					i += 2
					continue
				}
				require.True(t, isUnreserved(c), "%q is left unescaped in %q", c, label)
			}
			got, err := url.PathUnescape(label)
			require.NoError(t, err)
			require.Equal(t, v, got)
		}

		path, raw := preferencesPath(channel, member)
		assert.Equal(t, "/channels/"+channel+"/memberships/"+member+"/preferences", path)
		u := &url.URL{Path: path, RawPath: raw}
		assert.Equal(t, raw, u.EscapedPath(), "net/url keeps RawPath as the encoding of Path")
		parts := strings.Split(raw, "/")
		require.Len(t, parts, 6, "no label leaks a '/'")
		assert.Equal(t, string(appendLabel(nil, channel)), parts[2])
		assert.Equal(t, string(appendLabel(nil, member)), parts[4])
	})
}

func isUpperHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'A' && c <= 'F' }
