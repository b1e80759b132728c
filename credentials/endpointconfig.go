package credentials

import (
	"net/url"
	"strings"

	"github.com/chimekit/chimesdkmessaging/internal/config/ini"
)

// configuredEndpoint returns the endpoint URL configured for one of the
// services credential providers call, as aws-sdk-go-v2's service clients
// built inside config.LoadDefaultConfig find it: envSuffix is the variable
// suffix (STS, SSO, SSO_OIDC, SIGNIN) and servicesKey the key in the
// profile's services section (sts, sso, sso_oidc, signin).
//
//   - AWS_IGNORE_CONFIGURED_ENDPOINT_URLS, else the profile's
//     ignore_configured_endpoint_urls, set to true: none;
//   - AWS_ENDPOINT_URL_<envSuffix>;
//   - the services section's <servicesKey> endpoint_url, unless
//     AWS_ENDPOINT_URL is set (aws-sdk-go-v2 skips the shared config's
//     service endpoints then);
//   - none otherwise.
//
// The global AWS_ENDPOINT_URL and the profile's endpoint_url are never used:
// aws-sdk-go-v2 resolves credentials before it resolves the base endpoint,
// so the STS, SSO and SSO OIDC clients it makes for credentials never see
// them. This module follows aws-sdk-go-v2 rather than the SDKs' endpoint
// configuration specification here, so that a global endpoint pointed at a
// local emulator of one service does not also swallow credential fetches,
// and so that both resolve the same credentials with the same requests.
func configuredEndpoint(getenv func(string) string, files ini.Shared, profile map[string]ini.Value, envSuffix, servicesKey string) (string, error) {
	ignore := setting{}
	if v := getenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"); v != "" {
		ignore = setting{value: v, origin: "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"}
	} else if v, ok := profile["ignore_configured_endpoint_urls"]; ok && v.Value != "" {
		ignore = setting{value: v.Value, origin: "ignore_configured_endpoint_urls (" + v.Where() + ")"}
	}
	if ignore.value != "" {
		switch strings.ToLower(strings.TrimSpace(ignore.value)) {
		case "true":
			return "", nil
		case "false":
		default:
			return "", errorf("%s has value %q: use true or false", ignore.origin, ignore.value)
		}
	}
	name := "AWS_ENDPOINT_URL_" + envSuffix
	if v := getenv(name); v != "" {
		return checkEndpointURL(v, name)
	}
	if getenv("AWS_ENDPOINT_URL") != "" {
		return "", nil
	}
	ref, ok := profile["services"]
	if !ok || ref.Value == "" {
		return "", nil
	}
	sec, ok := files.Services(ref.Value)
	if !ok {
		return "", nil
	}
	svc, ok := sec[servicesKey]
	if !ok {
		return "", nil
	}
	for _, p := range svc.Sub {
		if p.Key == "endpoint_url" && p.Value != "" {
			return checkEndpointURL(p.Value, servicesKey+" → endpoint_url in [services "+ref.Value+"] ("+svc.Path+")")
		}
	}
	return "", nil
}

// setting is a raw value with where it came from.
type setting struct{ value, origin string }

// checkEndpointURL accepts an absolute http or https URL.
func checkEndpointURL(v, origin string) (string, error) {
	v = strings.TrimSpace(v)
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", errorf("%s has value %q: the endpoint must be an absolute http or https URL such as https://sts.us-east-1.amazonaws.com", origin, redactRawURL(v))
	}
	return v, nil
}
