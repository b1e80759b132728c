package conformance

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/aws/smithy-go/middleware"
	"github.com/aws/smithy-go/ptr"

	chime "github.com/chimekit/chimesdkmessaging"
	"github.com/chimekit/chimesdkmessaging/types"
)

// Case is one behaviour check.
type Case struct {
	// Name identifies the case in reports and in -case filters.
	Name string
	// Rule is what the service is expected to do, in one sentence.
	Rule string
	// Needs lists the identities besides Member the case uses.
	Needs []Role

	expect answer
	run    func(ctx context.Context, r *runner) verdict
}

// Expected is the answer the case expects, e.g. "403 ForbiddenException".
func (c Case) Expected() string { return c.expect.String() }

// Answers the cases expect.
var (
	badRequest = refused(http.StatusBadRequest, "BadRequestException")
	forbidden  = refused(http.StatusForbidden, "ForbiddenException")
)

// Preferences the cases send.
func allow(a types.AllowNotifications) *types.ChannelMembershipPreferences {
	return &types.ChannelMembershipPreferences{PushNotifications: &types.PushNotificationPreferences{AllowNotifications: a}}
}

func filtered(rule string) *types.ChannelMembershipPreferences {
	return &types.ChannelMembershipPreferences{PushNotifications: &types.PushNotificationPreferences{
		AllowNotifications: types.AllowNotificationsFiltered, FilterRule: &rule,
	}}
}

// probe is what a refused Put tries to set: if it is accepted after all,
// the member's preferences change to it, which the case notices.
func probe() *types.ChannelMembershipPreferences { return filtered(`{"conformance":["probe"]}`) }

// complexRule returns a rule of complexity 1+values (one key, values
// exact values).
func complexRule(values int) string {
	vs := make([]string, values)
	for i := range vs {
		vs[i] = `"v` + strconv.Itoa(i) + `"`
	}
	return `{"k":[` + strings.Join(vs, ",") + `]}`
}

// orRule returns a rule with an $or of n alternatives.
func orRule(n int) string {
	alts := make([]string, n)
	for i := range alts {
		alts[i] = `{"k` + strconv.Itoa(i) + `":["v"]}`
	}
	return `{"$or":[` + strings.Join(alts, ",") + `]}`
}

// Cases returns every case, in the order Run runs them.
func Cases() []Case {
	const (
		refusedPutRule = "only the member itself sets its channel membership preferences"
		refusedGetRule = "only the member itself reads its channel membership preferences"
	)
	return []Case{
		ownRoundTrip("own-put-get-all", "a member sets and reads back ALL", roleMember, allow(types.AllowNotificationsAll)),
		ownRoundTrip("own-put-get-none", "a member sets and reads back NONE", roleMember, allow(types.AllowNotificationsNone)),
		ownRoundTrip("own-put-get-filtered", "a member sets and reads back FILTERED with a FilterRule, byte for byte", roleMember, filtered(`{"type":["urgent"],"mention":[{"anything-but":["bot"]}]}`)),
		ownRoundTrip("own-put-get-filtered-without-rule", "FILTERED without a FilterRule is accepted and read back without one", roleMember, allow(types.AllowNotificationsFiltered)),
		ownRoundTrip("own-put-get-empty-preferences", "empty preferences ({}) are accepted and read back empty", roleMember, &types.ChannelMembershipPreferences{}),
		ownRoundTrip("unicode-round-trip", "a FilterRule with non-ASCII text (accents, CJK, an emoji, an escaped quote) comes back byte for byte", roleMember, filtered(`{"type":["Grüße","日本語","🎉","say \"hi\""]}`)),
		ownRoundTrip("filter-rule-complexity-20", "a FilterRule of complexity 20, the limit, is accepted", roleMember, filtered(complexRule(19))),
		ownRoundTrip("filter-rule-five-or", "a FilterRule with an $or of five alternatives, the limit, is accepted", roleMember, filtered(orRule(5))),
		ownRoundTrip("bot-put-get-own", "an AppInstanceBot member sets and reads back its own preferences", RoleBot, allow(types.AllowNotificationsNone)),

		refusedPut("filter-rule-not-json", "a FilterRule that is not JSON is refused", roleMember, roleMember, filtered("conformance-not-json"), badRequest),
		refusedPut("filter-rule-not-object", "a FilterRule that is a JSON array is refused", roleMember, roleMember, filtered(`["urgent"]`), badRequest),
		refusedPut("filter-rule-empty", "an empty FilterRule is refused", roleMember, roleMember, filtered(""), badRequest),
		refusedPut("filter-rule-over-2kb", "a FilterRule over 2 KB is refused", roleMember, roleMember, filtered(`{"k":["`+strings.Repeat("x", 2048)+`"]}`), badRequest),
		refusedPut("filter-rule-complexity-21", "a FilterRule of complexity 21 is refused", roleMember, roleMember, filtered(complexRule(20)), badRequest),
		refusedPut("filter-rule-six-or", "a FilterRule with an $or of six alternatives is refused", roleMember, roleMember, filtered(orRule(6)), badRequest),
		refusedPut("filter-rule-value-not-list", "a FilterRule whose value is not a list is refused", roleMember, roleMember, filtered(`{"type":"urgent"}`), badRequest),
		refusedPut("filter-rule-prefix-operator", "a FilterRule with an operator other than anything-but is refused", roleMember, roleMember, filtered(`{"type":[{"prefix":"ur"}]}`), badRequest),
		refusedPut("allow-notifications-not-in-enum", "AllowNotifications other than ALL, NONE or FILTERED is refused", roleMember, roleMember, allow("SOME"), badRequest),
		refusedPut("allow-notifications-lower-case", "AllowNotifications is case-sensitive: all is refused", roleMember, roleMember, allow("all"), badRequest),

		refusedPut("other-member-puts-member", refusedPutRule+": another member (bearer mismatch) is refused", RoleOtherMember, roleMember, probe(), forbidden),
		refusedGet("other-member-gets-member", refusedGetRule+": another member is refused", RoleOtherMember, roleMember, forbidden),
		refusedPut("moderator-puts-member", refusedPutRule+": a channel moderator is refused", RoleModerator, roleMember, probe(), forbidden),
		refusedGet("moderator-gets-member", refusedGetRule+": a channel moderator is refused", RoleModerator, roleMember, forbidden),
		refusedPut("admin-puts-member", refusedPutRule+": an AppInstanceAdmin is refused", RoleAdmin, roleMember, probe(), forbidden),
		refusedGet("admin-gets-member", refusedGetRule+": an AppInstanceAdmin is refused", RoleAdmin, roleMember, forbidden),
		refusedPut("bot-puts-member", refusedPutRule+": a member bot is refused", RoleBot, roleMember, probe(), forbidden),
		refusedPut("member-puts-bot", refusedPutRule+": a member cannot set a bot's", roleMember, RoleBot, probe(), forbidden),
		refusedPut("banned-puts-own", "a user banned from the channel cannot set its own", RoleBanned, RoleBanned, probe(), forbidden),
		refusedGet("banned-gets-own", "a user banned from the channel cannot read its own", RoleBanned, RoleBanned, forbidden),
		refusedPut("non-member-puts-own", "a user that is not a member has no preferences to set", RoleNonMember, RoleNonMember, probe(), forbidden),
		refusedGet("non-member-gets-own", "a user that is not a member has no preferences to read", RoleNonMember, RoleNonMember, forbidden),
		refusedPut("non-member-puts-member", refusedPutRule+": a user that is not a member is refused", RoleNonMember, roleMember, probe(), forbidden),
		refusedPut("foreign-user-puts-own", "a user of another app instance cannot set preferences in this channel", RoleForeignUser, RoleForeignUser, probe(), forbidden),

		refusedCall("unknown-bearer", "a bearer that is no AppInstanceUser is refused", nil, forbidden,
			func(r *runner) putCall {
				ghost := r.t.appInstance() + "/user/conformance-no-such-user"
				return putCall{channel: r.t.ChannelArn, member: r.t.Member, bearer: &ghost, prefs: probe()}
			}),
		refusedCall("unknown-channel", "a channel that does not exist is refused", nil, badRequest,
			func(r *runner) putCall {
				return putCall{channel: r.t.appInstance() + "/channel/conformance-no-such-channel", member: r.t.Member, bearer: &r.t.Member, prefs: probe()}
			}),
		refusedCall("channel-arn-not-a-channel", "a ChannelArn that names the app instance, not a channel, is refused", nil, badRequest,
			func(r *runner) putCall {
				return putCall{channel: r.t.appInstance(), member: r.t.Member, bearer: &r.t.Member, prefs: probe()}
			}),
		refusedCall("channel-arn-too-long", "a ChannelArn over 1600 characters is refused", nil, badRequest,
			func(r *runner) putCall {
				return putCall{channel: r.t.ChannelArn + strings.Repeat("x", 1600), member: r.t.Member, bearer: &r.t.Member, prefs: probe()}
			}),
		refusedCall("member-arn-not-a-user", "a MemberArn that names a channel, not a user or bot, is refused", nil, badRequest,
			func(r *runner) putCall {
				return putCall{channel: r.t.ChannelArn, member: r.t.ChannelArn, bearer: &r.t.Member, prefs: probe()}
			}),
		refusedCall("bearer-not-an-arn", "a bearer that is not an ARN is refused", nil, badRequest,
			func(r *runner) putCall {
				return putCall{channel: r.t.ChannelArn, member: r.t.Member, bearer: ptr.String("conformance-not-an-arn"), prefs: probe()}
			}),
		refusedCall("signature-mismatch", "a request signed with the wrong secret key is refused", nil, refused(http.StatusForbidden, "InvalidSignatureException"),
			func(r *runner) putCall {
				return putCall{channel: r.t.ChannelArn, member: r.t.Member, bearer: &r.t.Member, prefs: probe(), optFns: []func(*chime.Options){wrongSecret}}
			}),
		refusedCall("unknown-access-key", "a request signed with an access key no account has is refused", nil, refused(http.StatusForbidden, "UnrecognizedClientException"),
			func(r *runner) putCall {
				return putCall{channel: r.t.ChannelArn, member: r.t.Member, bearer: &r.t.Member, prefs: probe(), optFns: []func(*chime.Options){unknownAccessKey}}
			}),
	}
}

// ownRoundTrip is a case in which role sets prefs as its own and reads
// them back.
func ownRoundTrip(name, rule string, role Role, prefs *types.ChannelMembershipPreferences) Case {
	c := Case{Name: name, Rule: rule, expect: ok}
	if role != roleMember {
		c.Needs = []Role{role}
	}
	c.run = func(ctx context.Context, r *runner) verdict {
		arn := r.arnOf(role)
		a, out := r.doPut(ctx, putCall{channel: r.t.ChannelArn, member: arn, bearer: &arn, prefs: prefs})
		if a.status != http.StatusOK {
			return verdict{observed: a}
		}
		switch {
		case ptr.ToString(out.ChannelArn) != r.t.ChannelArn:
			return verdict{observed: a, problem: "the Put answer's ChannelArn is not the channel's"}
		case out.Member == nil || ptr.ToString(out.Member.Arn) != arn:
			return verdict{observed: a, problem: "the Put answer's Member.Arn is not the member's"}
		case out.Preferences != nil && !samePreferences(out.Preferences, prefs):
			return verdict{observed: a, problem: "the Put answer's Preferences are not what was sent: " + describePreferences(out.Preferences)}
		}
		g, gout := r.doGet(ctx, getCall{channel: r.t.ChannelArn, member: arn, bearer: &arn})
		if g.status != http.StatusOK {
			return verdict{observed: g, problem: "the Get after the Put failed"}
		}
		if !samePreferences(gout.Preferences, prefs) {
			return verdict{observed: g, problem: "the Get after the Put read back other preferences: " + describeRead(gout.Preferences)}
		}
		return verdict{observed: a}
	}
	return c
}

// describeRead describes preferences that were read back.
func describeRead(p *types.ChannelMembershipPreferences) string {
	if p == nil {
		return "none"
	}
	return describePreferences(p)
}

// refusedPut is a case in which bearer tries to set member's preferences
// and is refused with want; when member is Member, its preferences must
// not change.
func refusedPut(name, rule string, bearer, member Role, prefs *types.ChannelMembershipPreferences, want answer) Case {
	c := refusedCall(name, rule, nil, want, func(r *runner) putCall {
		b := r.arnOf(bearer)
		return putCall{channel: r.t.ChannelArn, member: r.arnOf(member), bearer: &b, prefs: prefs}
	})
	c.Needs = neededRoles(bearer, member)
	return c
}

// refusedGet is a case in which bearer tries to read member's preferences
// and is refused with want.
func refusedGet(name, rule string, bearer, member Role, want answer) Case {
	return Case{Name: name, Rule: rule, Needs: neededRoles(bearer, member), expect: want,
		run: func(ctx context.Context, r *runner) verdict {
			b := r.arnOf(bearer)
			a, _ := r.doGet(ctx, getCall{channel: r.t.ChannelArn, member: r.arnOf(member), bearer: &b})
			return verdict{observed: a}
		}}
}

// refusedCall is a case whose Put, built by call, is refused with want,
// leaving Member's preferences as they were.
func refusedCall(name, rule string, needs []Role, want answer, call func(r *runner) putCall) Case {
	return Case{Name: name, Rule: rule, Needs: needs, expect: want,
		run: func(ctx context.Context, r *runner) verdict {
			before, err := r.read(ctx, r.t.Member)
			if err != nil {
				return verdict{observed: answerOf(middleware.Metadata{}, err), problem: "reading Member's preferences before the call failed"}
			}
			a, _ := r.doPut(ctx, call(r))
			after, err := r.read(ctx, r.t.Member)
			switch {
			case err != nil:
				return verdict{observed: a, problem: "reading Member's preferences after the call failed: " + answerOf(middleware.Metadata{}, err).String()}
			case !samePreferences(before, after):
				return verdict{observed: a, problem: "Member's preferences changed: " + describeRead(before) + " before, " + describeRead(after) + " after"}
			}
			return verdict{observed: a}
		}}
}

// neededRoles lists the roles of bearer and member other than Member.
func neededRoles(roles ...Role) []Role {
	var out []Role
	for _, r := range roles {
		if r != roleMember && !containsRole(out, r) {
			out = append(out, r)
		}
	}
	return out
}

func containsRole(rs []Role, r Role) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}
