package chimesdkmessaging_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"testing"

	chime "github.com/chimekit/chimesdkmessaging"
)

// memTransport answers every request with a canned 200 in memory, so the
// benchmark measures the client's own cost per call.
type memTransport struct{ body []byte }

func (m memTransport) Do(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		_ = r.Body.Close()
	}
	return &http.Response{
		StatusCode:    200,
		Header:        http.Header{"Content-Type": {"application/json"}, "X-Amzn-Requestid": {"bench-1"}},
		Body:          io.NopCloser(bytes.NewReader(m.body)),
		ContentLength: int64(len(m.body)),
	}, nil
}

// newMemClient returns a client whose calls end in memTransport.
func newMemClient() *chime.Client {
	return chime.New(chime.Options{
		Region:      "us-east-1",
		Credentials: staticCreds("AKIDEXAMPLE", "SECRET", ""),
		HTTPClient:  memTransport{body: []byte(okBody)},
	})
}

func BenchmarkPutChannelMembershipPreferences(b *testing.B) {
	c := newMemClient()
	in := validInput()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.PutChannelMembershipPreferences(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPutChannelMembershipPreferencesParallel(b *testing.B) {
	c := newMemClient()
	in := validInput()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := c.PutChannelMembershipPreferences(context.Background(), in); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
