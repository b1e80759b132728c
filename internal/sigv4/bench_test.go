package sigv4

import "testing"

// BenchmarkSignHTTP signs the example PutChannelMembershipPreferences request (with a session
// token and the SDK's invocation headers) over and over, as retries and
// repeated calls do.
func BenchmarkSignHTTP(b *testing.B) {
	s := New()
	req := newExampleRequest(b, "https://"+exampleHost)
	creds := testCreds(testToken)
	hash := payloadHashOf(exampleBody)
	b.ReportAllocs()
	for b.Loop() {
		if err := s.SignHTTP(req, creds, hash, "chime", "us-east-1", exampleTime); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerify verifies the same request, for the fake service.
func BenchmarkVerify(b *testing.B) {
	s := New()
	req := newExampleRequest(b, "https://"+exampleHost)
	hash := payloadHashOf(exampleBody)
	if err := s.SignHTTP(req, testCreds(""), hash, "chime", "us-east-1", exampleTime); err != nil {
		b.Fatal(err)
	}
	lookup := func(string) (string, bool) { return testSecret, true }
	b.ReportAllocs()
	for b.Loop() {
		if err := s.Verify(req, hash, "chime", "us-east-1", exampleTime, 0, lookup); err != nil {
			b.Fatal(err)
		}
	}
}
