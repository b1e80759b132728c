package credentials

import (
	"strconv"
	"strings"

	"github.com/chimekit/chimesdkmessaging/internal/config/ini"
)

// profileNode is one profile of a source_profile chain, read as
// aws-sdk-go-v2's config.LoadSharedConfigProfile reads it
// (SharedConfig.setFromIniSections): the settings that pick a credential
// source, and the profile it takes its credentials from.
type profileNode struct {
	name string
	vals map[string]ini.Value
	// source is the source_profile's node, nil when there is none.
	source *profileNode
	// ssoSession holds the [sso-session name] section of sso_session.
	ssoSession map[string]ini.Value
	// cleared records what a revisit or a source_profile cleared, since
	// aws-sdk-go-v2 ignores those keys from then on.
	clearedRole, clearedCreds bool
}

// get returns a setting of the profile, "" when unset or cleared. It is
// called from many places: kept out of line, it costs its switch once in
// the binary instead of at every call (about 8 KB).
//
//go:noinline
func (n *profileNode) get(key string) string {
	switch key {
	case "role_arn", "external_id", "mfa_serial", "role_session_name", "source_profile":
		if n.clearedRole {
			return ""
		}
	case "credential_source", "credential_process", "web_identity_token_file",
		"aws_access_key_id", "aws_secret_access_key", "aws_session_token",
		"sso_account_id", "sso_region", "sso_role_name", "sso_start_url":
		if n.clearedCreds {
			return ""
		}
	}
	return n.vals[key].Value
}

// where locates a setting for messages.
//
//go:noinline
func (n *profileNode) where(key string) string { return n.vals[key].Where() }

// hasKeys reports a complete key pair; half a pair is ignored, as
// aws-sdk-go-v2 ignores it.
func (n *profileNode) hasKeys() bool {
	return n.get("aws_access_key_id") != "" && n.get("aws_secret_access_key") != ""
}

// hasLegacySSO reports SSO settings in the profile itself.
func (n *profileNode) hasLegacySSO() bool {
	return n.get("sso_region") != "" || n.get("sso_account_id") != "" || n.get("sso_start_url") != "" || n.get("sso_role_name") != ""
}

// hasSSO reports an sso_session or legacy SSO settings.
func (n *profileNode) hasSSO() bool { return n.get("sso_session") != "" || n.hasLegacySSO() }

// hasCredentials is aws-sdk-go-v2's SharedConfig.hasCredentials: what a
// source_profile must have. login_session is not among them.
func (n *profileNode) hasCredentials() bool {
	return n.get("source_profile") != "" || n.get("credential_source") != "" || n.get("credential_process") != "" ||
		n.get("web_identity_token_file") != "" || n.hasSSO() || n.hasKeys()
}

// profileGraph loads a profile and its source_profile chain.
type profileGraph struct {
	files ini.Shared
	// seen are the profiles visited so far, in order.
	seen []string
}

func (g *profileGraph) visited(name string) bool {
	for _, s := range g.seen {
		if s == name {
			return true
		}
	}
	return false
}

// errProfileMissing is a profile named by source_profile that does not
// exist.
type errProfileMissing struct{ name string }

func (e *errProfileMissing) Error() string { return "profile " + quote(e.name) + " does not exist" }

// load reads profile name. top is true for the profile the chain starts
// at. The rules are aws-sdk-go-v2's:
//
//   - a profile met a second time (a cycle) keeps only its own credential
//     settings: its role_arn, source_profile, external_id, mfa_serial and
//     role_session_name are ignored;
//   - source_profile, credential_source and web_identity_token_file need
//     role_arn (checked at a profile's first visit);
//   - a profile below the top one that has static keys ends the chain
//     there: its source_profile is not followed, but its role_arn is still
//     assumed on top of its keys;
//   - at most one of source_profile, credential_source, credential_process
//     and web_identity_token_file;
//   - a profile with source_profile ignores its own credential settings;
//     the source profile must exist and have credentials (see
//     hasCredentials): a cycle none of whose profiles has any is an error
//     naming the cycle.
func (g *profileGraph) load(name string, top bool) (*profileNode, error) {
	vals, ok := g.files.Profile(name)
	if !ok {
		return nil, &errProfileMissing{name: name}
	}
	n := &profileNode{name: name, vals: vals}
	if g.visited(name) {
		n.clearedRole = true
	} else {
		for _, k := range []string{"source_profile", "credential_source", "web_identity_token_file"} {
			if n.get(k) != "" && n.get("role_arn") == "" {
				return nil, errorf("profile %q sets %s (%s) but not role_arn, which %s needs: add the role to assume as role_arn", name, k, n.where(k), k)
			}
		}
	}
	if !top && n.hasKeys() {
		return n, nil
	}
	g.seen = append(g.seen, name)
	var set []string
	for _, k := range []string{"source_profile", "credential_source", "credential_process", "web_identity_token_file"} {
		if n.get(k) != "" {
			set = append(set, k+" ("+n.where(k)+")")
		}
	}
	if len(set) > 1 {
		return nil, errorf("profile %q sets %s: only one credential type may be set per profile; keep one", name, strings.Join(set, " and "))
	}
	if src := n.get("source_profile"); src != "" {
		n.clearedCreds = true
		s, err := g.load(src, false)
		if err != nil {
			if _, ok := err.(*errProfileMissing); ok {
				return nil, errorf("profile %q sets source_profile = %s (%s) for role %s, and that profile exists in neither shared file; create it or fix source_profile", name, src, n.where("source_profile"), n.get("role_arn"))
			}
			return nil, err
		}
		if !s.hasCredentials() {
			if s.clearedRole {
				return nil, errorf("the source_profile chain %s is a cycle, and none of its profiles has credentials (static keys, credential_source, credential_process, web_identity_token_file or SSO) to start from: give one of them aws_access_key_id and aws_secret_access_key, or end the chain at a profile that has credentials", strings.Join(g.cycleFrom(src), " → "))
			}
			return nil, errorf("profile %q, the source_profile of %q for role %s, has no credentials (static keys, credential_source, credential_process, web_identity_token_file or SSO); add them to it", src, name, n.get("role_arn"))
		}
		n.source = s
	}
	if sess := n.get("sso_session"); sess != "" {
		sec, ok := g.files.Config.Values("sso-session " + strings.TrimSpace(sess))
		if !ok {
			return nil, errorf("profile %q sets sso_session = %s (%s) but the config file has no [sso-session %s] section; add it (aws configure sso writes it)", name, sess, n.where("sso_session"), sess)
		}
		n.ssoSession = sec
	}
	return n, nil
}

// cycleFrom returns the visited profiles from the first visit of name on.
func (g *profileGraph) cycleFrom(name string) []string {
	for i, s := range g.seen {
		if s == name {
			return g.seen[i:]
		}
	}
	return g.seen
}

// roleDuration is aws-sdk-go-v2's reading of duration_seconds: used only
// when it is more than 15 whole minutes; anything else (absent, smaller,
// not a number) leaves [DefaultAssumeRoleDuration].
func roleDuration(v string) int {
	s, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || s/60 <= 15 {
		return 0
	}
	return s
}
