package chimesdkmessaging

import "testing"

// BenchmarkPreferencesPath measures the label encoding of two typical ARNs.
func BenchmarkPreferencesPath(b *testing.B) {
	const (
		channel = "arn:aws:chime:us-east-1:111122223333:app-instance/11112222-3333-4444-5555-666677778888/channel/aaaabbbbccccdddd"
		member  = "arn:aws:chime:us-east-1:111122223333:app-instance/11112222-3333-4444-5555-666677778888/user/user-1"
	)
	b.ReportAllocs()
	for b.Loop() {
		p, raw := preferencesPath(channel, member)
		if len(p) == 0 || len(raw) == 0 {
			b.Fatal("empty path")
		}
	}
}
