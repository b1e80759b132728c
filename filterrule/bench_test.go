package filterrule

import (
	"strings"
	"testing"
)

// largeRule is a rule near the 2 KB and complexity limits.
var largeRule = `{"senderId":[{"anything-but":["` + strings.Repeat("a", 900) + `"]}],"$or":[{"mention":["` +
	strings.Repeat("b", 900) + `"]},{"type":["urgent","alert"]},{"c":["1"]},{"d":["2"]},{"e":["3","4","5","6"]}]}`

func BenchmarkParseGuideRule(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Parse(guideAND); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseLargeRule(b *testing.B) {
	if len(largeRule) > MaxRuleBytes {
		b.Fatal("largeRule too large")
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Parse(largeRule); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMatch(b *testing.B) {
	r, err := Parse(guideAND)
	if err != nil {
		b.Fatal(err)
	}
	a := map[string][]string{"mention": {"Alice", "Bob"}, "type": {"Conversation"}}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if !r.Match(a) {
			b.Fatal("no match")
		}
	}
}
