package chimesdkmessagingtest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/filterrule"
	"github.com/chimekit/chimesdkmessaging/types"
)

func TestPutSuccessEchoesAndStores(t *testing.T) {
	f := setup(t)
	resp, body := f.do(t, f.put(f.member, f.member, filteredBody))
	require.Equal(t, http.StatusOK, resp.StatusCode, "body %s", body)
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	assert.NotEmpty(t, resp.Header.Get("x-amzn-RequestId"))
	assert.Empty(t, resp.Header.Get("X-Amzn-ErrorType"))

	out := decodeOutput(t, body)
	assert.Equal(t, f.ch, out.ChannelArn)
	assert.Equal(t, f.member, out.Member.Arn)
	assert.Equal(t, "Member One", out.Member.Name)
	require.NotNil(t, out.Preferences)
	require.NotNil(t, out.Preferences.PushNotifications)
	assert.Equal(t, "FILTERED", out.Preferences.PushNotifications.AllowNotifications)
	assert.Equal(t, `{"type":["urgent"]}`, *out.Preferences.PushNotifications.FilterRule)

	got, err := f.srv.Preferences(f.ch, f.member)
	require.NoError(t, err)
	require.NotNil(t, got)
	assert.Equal(t, "FILTERED", string(got.PushNotifications.AllowNotifications))
	assert.Equal(t, `{"type":["urgent"]}`, *got.PushNotifications.FilterRule)
}

func TestPutAcceptedShapes(t *testing.T) {
	tests := []struct {
		name, body string
		want       *Preferences
	}{
		{"empty preferences", `{"Preferences":{}}`, &Preferences{}},
		{"ALL", `{"Preferences":{"PushNotifications":{"AllowNotifications":"ALL"}}}`,
			&Preferences{PushNotifications: &PushNotifications{AllowNotifications: "ALL"}}},
		{"NONE with null rule", `{"Preferences":{"PushNotifications":{"AllowNotifications":"NONE","FilterRule":null}}}`,
			&Preferences{PushNotifications: &PushNotifications{AllowNotifications: "NONE"}}},
		{"null PushNotifications", `{"Preferences":{"PushNotifications":null}}`, &Preferences{}},
		{"unknown keys ignored", `{"Preferences":{"X":1},"Other":[1]}`, &Preferences{}},
		{"rule of exactly 2048 bytes", `{"Preferences":{"PushNotifications":{"AllowNotifications":"FILTERED","FilterRule":"{\"a\":[\"` + strings.Repeat("x", MaxFilterRuleBytes-10) + `\"]}"}}}`,
			&Preferences{PushNotifications: &PushNotifications{AllowNotifications: "FILTERED", FilterRule: strPtr(`{"a":["` + strings.Repeat("x", MaxFilterRuleBytes-10) + `"]}`)}}},
		{"FILTERED without a rule", `{"Preferences":{"PushNotifications":{"AllowNotifications":"FILTERED"}}}`,
			&Preferences{PushNotifications: &PushNotifications{AllowNotifications: "FILTERED"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t)
			resp, body := f.do(t, f.put(f.member, f.member, tt.body))
			require.Equal(t, http.StatusOK, resp.StatusCode, "body %s", body)
			assert.Equal(t, tt.want, decodeOutput(t, body).Preferences)
			snap := f.srv.Snapshot()
			assert.Equal(t, tt.want, findMembership(t, snap, f.ch, f.member).Preferences)
		})
	}
}

func TestPutBotSetsOwnPreferences(t *testing.T) {
	f := setup(t)
	resp, body := f.do(t, f.put(f.bot, f.bot, filteredBody))
	require.Equal(t, http.StatusOK, resp.StatusCode, "body %s", body)
	assert.Equal(t, f.bot, decodeOutput(t, body).Member.Arn)
}

// TestPutRules checks every rule of the package doc's table: the answer,
// and that nothing was stored.
func TestPutRules(t *testing.T) {
	f0 := setup(t) // only for ARNs, which are the same in every fixture
	longArn := f0.ch + strings.Repeat("x", 1600)
	tests := []struct {
		name      string
		req       func(f *fixture) rawReq
		status    int
		exception string
		code      string
		msg       string
	}{
		{"bearer header missing", func(f *fixture) rawReq { return f.put("", f.member, filteredBody) },
			400, BadRequestException, "BadRequest", "x-amz-chime-bearer header is missing"},
		{"bearer not an ARN", func(f *fixture) rawReq { return f.put("usr", f.member, filteredBody) },
			400, BadRequestException, "BadRequest", "ChimeBearer must be at least 5"},
		{"bearer fails the ARN pattern", func(f *fixture) rawReq { return f.put("not an arn at all", f.member, filteredBody) },
			400, BadRequestException, "BadRequest", "does not match the ARN pattern"},
		{"bearer is a channel ARN", func(f *fixture) rawReq { return f.put(f.ch, f.member, filteredBody) },
			400, BadRequestException, "BadRequest", "ChimeBearer \"" + f0.ch + "\" is not an AppInstanceUser or AppInstanceBot ARN"},
		{"member is not a user ARN", func(f *fixture) rawReq { return f.put(f.member, f.app, filteredBody) },
			400, BadRequestException, "BadRequest", "MemberArn"},
		{"channel ARN too long", func(f *fixture) rawReq {
			return rawReq{method: http.MethodPut, path: prefsPath(longArn, f.member), bearer: f.member, body: filteredBody}
		}, 400, BadRequestException, "BadRequest", "ChannelArn must be at most 1600 characters"},
		{"channel ARN is not a channel", func(f *fixture) rawReq {
			return rawReq{method: http.MethodPut, path: prefsPath(f.app, f.member), bearer: f.member, body: filteredBody}
		}, 400, BadRequestException, "BadRequest", "is not a channel ARN"},
		{"unknown channel", func(f *fixture) rawReq {
			return rawReq{method: http.MethodPut, path: prefsPath(f.app+"/channel/nope", f.member), bearer: f.member, body: filteredBody}
		}, 400, BadRequestException, "BadRequest", "does not exist"},
		{"unknown bearer", func(f *fixture) rawReq {
			return f.put(f.app+"/user/ghost", f.app+"/user/ghost", filteredBody)
		}, 403, ForbiddenException, "Forbidden", "not an existing AppInstanceUser"},
		{"bearer of another app instance", func(f *fixture) rawReq { return f.put(f.foreign, f.foreign, filteredBody) },
			403, ForbiddenException, "Forbidden", "another app instance"},
		{"member not in the channel", func(f *fixture) rawReq { return f.put(f.outsider, f.outsider, filteredBody) },
			403, ForbiddenException, "Forbidden", "is not a member of channel"},
		{"admin sets another member's", func(f *fixture) rawReq { return f.put(f.admin, f.member, filteredBody) },
			403, ForbiddenException, "Forbidden", "is an AppInstanceAdmin, but only the member itself can set"},
		{"moderator sets another member's", func(f *fixture) rawReq { return f.put(f.moderator, f.member, filteredBody) },
			403, ForbiddenException, "Forbidden", "is a moderator of the channel, but only the member itself can set"},
		{"member sets another member's", func(f *fixture) rawReq { return f.put(f.other, f.member, filteredBody) },
			403, ForbiddenException, "Forbidden", "is an AppInstanceUser and another member of the channel, but only the member itself can set"},
		{"member bot sets a user's", func(f *fixture) rawReq { return f.put(f.bot, f.member, filteredBody) },
			403, ForbiddenException, "Forbidden", "is an AppInstanceBot and another member of the channel, but only the member itself can set"},
		{"non-member sets a member's", func(f *fixture) rawReq { return f.put(f.outsider, f.member, filteredBody) },
			403, ForbiddenException, "Forbidden", "is an AppInstanceUser that is not a member of the channel, but only the member itself can set"},
		{"banned member", func(f *fixture) rawReq { return f.put(f.banned, f.banned, filteredBody) },
			403, ForbiddenException, "Forbidden", "is banned from channel"},
		{"empty body", func(f *fixture) rawReq { return f.put(f.member, f.member, "") },
			400, BadRequestException, "BadRequest", "request body is empty"},
		{"0xFF inside FilterRule", func(f *fixture) rawReq {
			return f.put(f.member, f.member, `{"Preferences":{"PushNotifications":{"AllowNotifications":"FILTERED","FilterRule":"{\"secret-rule\":[\"`+"\xff"+`\"]}"}}}`)
		}, 400, BadRequestException, "BadRequest", "the request body is not valid UTF-8 (first invalid byte at offset 103)"},
		{"truncated UTF-8 sequence in a key", func(f *fixture) rawReq {
			return f.put(f.member, f.member, "{\"Preferences\xc3\":{}}")
		}, 400, BadRequestException, "BadRequest", "not valid UTF-8 (first invalid byte at offset 13)"},
		{"body not JSON", func(f *fixture) rawReq { return f.put(f.member, f.member, "{nope") },
			400, BadRequestException, "BadRequest", "not valid JSON"},
		{"body an array", func(f *fixture) rawReq { return f.put(f.member, f.member, `[{"Preferences":{}}]`) },
			400, BadRequestException, "BadRequest", "request body must be a JSON object"},
		{"Preferences missing", func(f *fixture) rawReq { return f.put(f.member, f.member, `{"preferences":{}}`) },
			400, BadRequestException, "BadRequest", "Preferences is required"},
		{"Preferences null", func(f *fixture) rawReq { return f.put(f.member, f.member, `{"Preferences":null}`) },
			400, BadRequestException, "BadRequest", "Preferences is required"},
		{"Preferences not an object", func(f *fixture) rawReq { return f.put(f.member, f.member, `{"Preferences":"ALL"}`) },
			400, BadRequestException, "BadRequest", "Preferences must be a JSON object"},
		{"PushNotifications not an object", func(f *fixture) rawReq {
			return f.put(f.member, f.member, `{"Preferences":{"PushNotifications":[]}}`)
		}, 400, BadRequestException, "BadRequest", "Preferences.PushNotifications must be a JSON object"},
		{"AllowNotifications missing", func(f *fixture) rawReq {
			return f.put(f.member, f.member, `{"Preferences":{"PushNotifications":{"FilterRule":"{}"}}}`)
		}, 400, BadRequestException, "BadRequest", "AllowNotifications is required"},
		{"AllowNotifications outside the enum", func(f *fixture) rawReq {
			return f.put(f.member, f.member, `{"Preferences":{"PushNotifications":{"AllowNotifications":"SOME"}}}`)
		}, 400, BadRequestException, "BadRequest", `must be ALL, NONE or FILTERED; got "SOME"`},
		{"AllowNotifications lower case", func(f *fixture) rawReq {
			return f.put(f.member, f.member, `{"Preferences":{"PushNotifications":{"AllowNotifications":"all"}}}`)
		}, 400, BadRequestException, "BadRequest", "must be ALL, NONE or FILTERED"},
		{"AllowNotifications a number", func(f *fixture) rawReq {
			return f.put(f.member, f.member, `{"Preferences":{"PushNotifications":{"AllowNotifications":1}}}`)
		}, 400, BadRequestException, "BadRequest", "AllowNotifications must be a string"},
		{"FilterRule a JSON object, not a string", func(f *fixture) rawReq {
			return f.put(f.member, f.member, `{"Preferences":{"PushNotifications":{"AllowNotifications":"FILTERED","FilterRule":{"type":["x"]}}}}`)
		}, 400, BadRequestException, "BadRequest", "FilterRule must be a string"},
		{"FilterRule empty", func(f *fixture) rawReq {
			return f.put(f.member, f.member, `{"Preferences":{"PushNotifications":{"AllowNotifications":"FILTERED","FilterRule":""}}}`)
		}, 400, BadRequestException, "BadRequest", "FilterRule is not a valid filter rule: must not be empty"},
		{"FilterRule not JSON", func(f *fixture) rawReq {
			return f.put(f.member, f.member, `{"Preferences":{"PushNotifications":{"AllowNotifications":"FILTERED","FilterRule":"secret-rule"}}}`)
		}, 400, BadRequestException, "BadRequest", "FilterRule is not a valid filter rule: invalid JSON at byte 0"},
		{"FilterRule a JSON array", func(f *fixture) rawReq {
			return f.put(f.member, f.member, `{"Preferences":{"PushNotifications":{"AllowNotifications":"FILTERED","FilterRule":"[\"secret-rule\"]"}}}`)
		}, 400, BadRequestException, "BadRequest", "FilterRule is not a valid filter rule: must be a JSON object"},
		{"FilterRule over 2 KB", func(f *fixture) rawReq {
			return f.put(f.member, f.member, `{"Preferences":{"PushNotifications":{"AllowNotifications":"FILTERED","FilterRule":"{\"secret-rule\":\"`+strings.Repeat("x", MaxFilterRuleBytes)+`\"}"}}}`)
		}, 400, BadRequestException, "BadRequest", "FilterRule is not a valid filter rule: must be at most 2048 bytes (2 KB)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t)
			resp, body := f.do(t, tt.req(f))
			assertAPIError(t, resp, body, tt.status, tt.exception, tt.code, tt.msg)
			assert.NotContains(t, string(body), "secret-rule", "messages never quote a FilterRule")
			for _, m := range []string{f.member, f.other, f.bot} {
				p, err := f.srv.Preferences(f.ch, m)
				require.NoError(t, err)
				assert.Nil(t, p, "a refused request stores nothing")
			}
		})
	}
}

func TestGetRules(t *testing.T) {
	f := setup(t)
	resp, body := f.do(t, f.get(f.member, f.member))
	require.Equal(t, http.StatusOK, resp.StatusCode, "body %s", body)
	out := decodeOutput(t, body)
	assert.Equal(t, f.ch, out.ChannelArn)
	assert.Equal(t, f.member, out.Member.Arn)
	assert.Nil(t, out.Preferences, "no preferences before the member sets any")

	resp, body = f.do(t, f.put(f.member, f.member, filteredBody))
	require.Equal(t, http.StatusOK, resp.StatusCode, "body %s", body)
	resp, body = f.do(t, f.get(f.member, f.member))
	require.Equal(t, http.StatusOK, resp.StatusCode, "body %s", body)
	assert.Equal(t, decodeOutput(t, body).Preferences.PushNotifications.AllowNotifications, "FILTERED")

	tests := []struct {
		name, bearer, member, exception, msg string
		status                               int
	}{
		{"admin reads another member's", f.admin, f.member, ForbiddenException, "only the member itself can read", 403},
		{"moderator reads another member's", f.moderator, f.member, ForbiddenException, "is a moderator of the channel", 403},
		{"banned member", f.banned, f.banned, ForbiddenException, "is banned", 403},
		{"non-member", f.outsider, f.outsider, ForbiddenException, "is not a member", 403},
		{"bearer missing", "", f.member, BadRequestException, "x-amz-chime-bearer", 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := f.do(t, f.get(tt.bearer, tt.member))
			assertAPIError(t, resp, body, tt.status, tt.exception, strings.TrimSuffix(tt.exception, "Exception"), tt.msg)
		})
	}
}

func TestBanRemovesMembershipAndPreferences(t *testing.T) {
	f := setup(t)
	resp, _ := f.do(t, f.put(f.other, f.other, filteredBody))
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.NoError(t, f.srv.CreateChannelBan(f.ch, f.other))
	_, err := f.srv.Preferences(f.ch, f.other)
	assert.ErrorContains(t, err, "is not a member")
	resp, body := f.do(t, f.put(f.other, f.other, filteredBody))
	assertAPIError(t, resp, body, 403, ForbiddenException, "Forbidden", "banned")
	assert.ErrorContains(t, f.srv.CreateChannelMembership(f.ch, f.other), "delete the ban first")
	require.NoError(t, f.srv.DeleteChannelBan(f.ch, f.other))
	require.NoError(t, f.srv.CreateChannelMembership(f.ch, f.other))
	resp, _ = f.do(t, f.put(f.other, f.other, filteredBody))
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}

func findMembership(t *testing.T, st State, channelArn, memberArn string) MembershipState {
	t.Helper()
	for _, c := range st.Channels {
		if c.Arn != channelArn {
			continue
		}
		for _, m := range c.Memberships {
			if m.MemberArn == memberArn {
				return m
			}
		}
	}
	require.FailNow(t, "membership not in snapshot", "%s in %s", memberArn, channelArn)
	return MembershipState{}
}

func TestPutAcceptsMultibyteUTF8(t *testing.T) {
	f := setup(t)
	rule := `{"mention":["Zoë","张伟","🙂"]}`
	body := `{"Preferences":{"PushNotifications":{"AllowNotifications":"FILTERED","FilterRule":` + strconv.Quote(rule) + `}}}`
	resp, got := f.do(t, f.put(f.member, f.member, body))
	require.Equal(t, http.StatusOK, resp.StatusCode, "body %s", got)
	p, err := f.srv.Preferences(f.ch, f.member)
	require.NoError(t, err)
	assert.Equal(t, rule, *p.PushNotifications.FilterRule, "stored byte for byte")
}

// TestPutRefusesWhatTheParserRefuses sends rules that are JSON objects but
// break the guide's syntax or limits: the fake answers BadRequestException
// with the parser's own message, and stores nothing.
func TestPutRefusesWhatTheParserRefuses(t *testing.T) {
	or := func(n int) string {
		alts := make([]string, n)
		for i := range alts {
			alts[i] = `{"k` + strconv.Itoa(i) + `":["v"]}`
		}
		return `{"$or":[` + strings.Join(alts, ",") + `]}`
	}
	complexity := func(values int) string { // one key, values values: complexity 1+values
		vs := make([]string, values)
		for i := range vs {
			vs[i] = `"v` + strconv.Itoa(i) + `"`
		}
		return `{"k":[` + strings.Join(vs, ",") + `]}`
	}
	refused := map[string]string{
		"value not a list":          `{"type":"urgent"}`,
		"number in the list":        `{"type":[1]}`,
		"prefix operator":           `{"type":[{"prefix":"ur"}]}`,
		"complexity 21":             complexity(20),
		"$or of six":                or(6),
		"empty list":                `{"type":[]}`,
		"anything-but not a list":   `{"type":[{"anything-but":"Room"}]}`,
		"nested object as a value":  `{"type":{"a":["b"]}}`,
		"data after the object":     `{"type":["a"]} {}`,
		"operator name inside $or":  `{"$or":[{"prefix":["a"]},{"b":["c"]}]}`,
		"unterminated":              `{"type":["a"`,
		"anything-but of a number":  `{"type":[{"anything-but":[1]}]}`,
		"one alternative in an $or": or(1),
	}
	accepted := map[string]string{
		"the guide's example":   `{"type":[{"anything-but":["Room"]}],"mention":["Bob"]}`,
		"complexity 20":         complexity(19),
		"$or of five":           or(5),
		"mentions only":         `{"mention":["arn:aws:chime:us-east-1:111122223333:app-instance/app-1/user/member"]}`,
		"empty rule":            `{}`,
		"several exact values":  `{"type":["urgent","important"]}`,
		"whitespace everywhere": " {\n \"type\" : [ \"urgent\" ] } ",
	}
	f := setup(t)
	for name, rule := range refused {
		t.Run("refused: "+name, func(t *testing.T) {
			_, perr := filterrule.Parse(rule)
			require.Error(t, perr, "the parser refuses it")
			resp, body := f.do(t, f.put(f.member, f.member, putBodyOf("FILTERED", rule)))
			assertAPIError(t, resp, body, 400, BadRequestException, "BadRequest",
				"Preferences.PushNotifications.FilterRule is not a valid filter rule: "+perr.Error())
			p, err := f.srv.Preferences(f.ch, f.member)
			require.NoError(t, err)
			assert.Nil(t, p, "nothing stored")
			assert.ErrorContains(t, f.srv.SetPreferences(f.ch, f.member, types.ChannelMembershipPreferences{
				PushNotifications: &types.PushNotificationPreferences{AllowNotifications: "FILTERED", FilterRule: &rule},
			}), perr.Error(), "seeding refuses it too")
		})
	}
	for name, rule := range accepted {
		t.Run("accepted: "+name, func(t *testing.T) {
			resp, body := f.do(t, f.put(f.member, f.member, putBodyOf("FILTERED", rule)))
			require.Equal(t, http.StatusOK, resp.StatusCode, "body %s", body)
			assert.Equal(t, rule, *decodeOutput(t, body).Preferences.PushNotifications.FilterRule, "stored as sent")
		})
	}
}

// putBodyOf is a Put body with allow and, unless empty, rule.
func putBodyOf(allow, rule string) string {
	pn := map[string]string{"AllowNotifications": allow}
	if rule != "" {
		pn["FilterRule"] = rule
	}
	b, _ := json.Marshal(map[string]any{"Preferences": map[string]any{"PushNotifications": pn}})
	return string(b)
}
