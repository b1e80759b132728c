package chimesdkmessagingtest

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNotified(t *testing.T) {
	f := setup(t)
	put := func(member, allow, rule string) {
		t.Helper()
		resp, body := f.do(t, f.put(member, member, putBodyOf(allow, rule)))
		require.Equal(t, http.StatusOK, resp.StatusCode, "body %s", body)
	}
	put(f.member, "FILTERED", `{"mention":["`+f.member+`"]}`) // mentions only
	put(f.other, "NONE", "")
	put(f.admin, "FILTERED", `{"type":[{"anything-but":["Room"]}]}`)
	// f.moderator never sets preferences.
	put(f.bot, "ALL", "")

	tests := []struct {
		name   string
		sender string
		attrs  map[string][]string
		want   []string
	}{
		{"a mention", f.bot, map[string][]string{"mention": {f.member}},
			[]string{f.member, f.moderator}},
		{"a room message, no mention", f.bot, map[string][]string{"type": {"Room"}},
			[]string{f.moderator}},
		{"a chat message mentioning the member", f.bot, map[string][]string{"type": {"Chat"}, "mention": {f.member}},
			[]string{f.admin, f.member, f.moderator}},
		{"no attributes: anything-but needs the attribute", f.bot, nil,
			[]string{f.moderator}},
		{"the sender is never notified", f.moderator, map[string][]string{"type": {"Chat"}},
			[]string{f.bot, f.admin}}, // sorted: .../bot/... before .../user/...
		{"a sender outside the channel", f.outsider, map[string][]string{"mention": {f.member, f.other}},
			[]string{f.bot, f.member, f.moderator}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := f.srv.Notified(f.ch, tt.sender, tt.attrs)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}

	t.Run("FILTERED without a rule notifies of every message", func(t *testing.T) {
		put(f.other, "FILTERED", "")
		got, err := f.srv.Notified(f.ch, f.bot, map[string][]string{"type": {"Room"}})
		require.NoError(t, err)
		assert.Contains(t, got, f.other)
	})

	t.Run("errors", func(t *testing.T) {
		_, err := f.srv.Notified(f.app+"/channel/none", f.bot, nil)
		assert.ErrorContains(t, err, "does not exist")
		secretName := "secret-attribute-" + strings.Repeat("n", 64)
		_, err = f.srv.Notified(f.ch, f.bot, map[string][]string{secretName: {"v"}})
		require.ErrorContains(t, err, "message attributes: <attribute 0>: name must be at most 64 characters")
		assert.NotContains(t, err.Error(), "secret-attribute")
	})
}
