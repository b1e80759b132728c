package filterrule

import (
	"bytes"
	"fmt"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStringIsCanonicalAndRoundTrips(t *testing.T) {
	cases := []struct{ in, want string }{
		{guideAND, `{"type":[{"anything-but":["Room"]}],"mention":["Bob"]}`},
		{" { \"a\" : [ \"1\" ] } ", `{"a":["1"]}`},
		{`{}`, `{}`},
		{`{"$or":[{"a":["1"]},{"b":["2"]}],"c":["3"]}`, `{"c":["3"],"$or":[{"a":["1"]},{"b":["2"]}]}`},
		{`{"a":[{"anything-but":["b"]},"c",{"anything-but":["d"]},"e"]}`, `{"a":["c","e",{"anything-but":["b"]},{"anything-but":["d"]}]}`},
		{`{"\u0041":["\/\u00e9\u0001\n\"\\"]}`, `{"A":["/é\u0001\n\"\\"]}`},
		{`{"a":["\ud800"]}`, `{"a":["` + "\uFFFD" + `"]}`},
		{`{"a":["\ud83d\ude00"]}`, `{"a":["😀"]}`},
	}
	for _, c := range cases {
		r, err := Parse(c.in)
		require.NoError(t, err, c.in)
		got := r.String()
		assert.Equal(t, c.want, got)
		back, err := Parse(got)
		require.NoError(t, err)
		assert.Equal(t, r, back)
		assert.Equal(t, got, back.String())
	}
}

func TestRulePrintsRedacted(t *testing.T) {
	r, err := Parse(`{"mention":["SECRETBob"],"SECRETKEY":[{"anything-but":["SECRETRoom"]}]}`)
	require.NoError(t, err)
	texts := []string{
		fmt.Sprintf("%v|%+v|%#v|%s|%q|%x|%d", r, r, r, r, r, r, r),
		fmt.Sprintf("%v|%+v|%#v|%s", *r, *r, *r, *r),
		fmt.Sprint(r), fmt.Sprintln(r),
		fmt.Sprintf("%v", struct{ R *Rule }{r}),
	}
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("m", "rule", r, "value", *r)
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("m", "rule", r)
	texts = append(texts, buf.String())
	for _, text := range texts {
		assert.NotContains(t, text, "SECRET")
	}
	assert.Contains(t, fmt.Sprint(r), "complexity 4")
	assert.Contains(t, r.String(), "SECRETBob", "String is the text to send")
}
