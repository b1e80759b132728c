package credentials

import (
	"github.com/chimekit/chimesdkmessaging/internal/endpoints"
)

// Host prefixes of the IAM Identity Center services the SSO provider calls.
const (
	ssoPortalHost = "portal.sso" // GetRoleCredentials
	ssoOIDCHost   = "oidc"       // CreateToken
)

// ssoServiceEndpoint returns the default endpoint of the SSO portal or SSO
// OIDC (host prefix service) in region, as their rule sets resolve it
// (aws-sdk-go-v2 service/sso and service/ssooidc):
//
//	default               https://<service>.<region>.<dnsSuffix>
//	dual-stack            https://<service>.<region>.<dualStackDnsSuffix>
//	FIPS                  https://<service>-fips.<region>.<dnsSuffix>
//	                      (aws-us-gov: https://<service>.<region>.amazonaws.com)
//	FIPS and dual-stack   https://<service>-fips.<region>.<dualStackDnsSuffix>
func ssoServiceEndpoint(service, region string, fips, dualStack bool) (string, error) {
	if err := endpoints.CheckRegion(region); err != nil {
		return "", errorf("sso_region: %v", err)
	}
	name, suffix, dsSuffix := endpoints.PartitionOf(region)
	if dualStack {
		suffix = dsSuffix
	}
	if fips && (dualStack || name != "aws-us-gov") {
		service += "-fips"
	}
	return "https://" + service + "." + region + "." + suffix, nil
}

// signInEndpoint returns the default endpoint of the AWS Sign-In service's
// OAuth operations (CreateOAuth2Token) in region, as its rule set resolves
// it (aws-sdk-go-v2 service/signin): https://<region>.signin.aws.amazon.com
// in the aws partition, a host of the partition's own in the others,
// https://signin.<region>.<dualStackDnsSuffix> with dual-stack; FIPS is
// https://signin-fips.<region>.<suffix> (in aws-us-gov without dual-stack:
// https://<region>.signin-fips.amazonaws-us-gov.com, and
// https://signin-fips.amazonaws-us-gov.com for us-gov-west-1).
func signInEndpoint(region string, fips, dualStack bool) (string, error) {
	if err := endpoints.CheckRegion(region); err != nil {
		return "", errorf("region: %v", err)
	}
	name, suffix, dsSuffix := endpoints.PartitionOf(region)
	switch {
	case dualStack && fips:
		return "https://signin-fips." + region + "." + dsSuffix, nil
	case dualStack:
		return "https://signin." + region + "." + dsSuffix, nil
	case fips && name == "aws-us-gov" && region == "us-gov-west-1":
		return "https://signin-fips.amazonaws-us-gov.com", nil
	case fips && name == "aws-us-gov":
		return "https://" + region + ".signin-fips.amazonaws-us-gov.com", nil
	case fips:
		return "https://signin-fips." + region + "." + suffix, nil
	}
	return "https://" + region + "." + signInHost(name, suffix), nil
}

// signInHost is the sign-in host after "<region>." in partition name: a
// name of the partition's own, or signin.<dnsSuffix> in a partition the
// rule set does not list.
func signInHost(name, dnsSuffix string) string {
	switch name {
	case "aws":
		return "signin.aws.amazon.com"
	case "aws-cn":
		return "signin.amazonaws.cn"
	case "aws-us-gov":
		return "signin.amazonaws-us-gov.com"
	case "aws-iso":
		return "signin.c2shome.ic.gov"
	case "aws-iso-b":
		return "signin.sc2shome.sgov.gov"
	case "aws-iso-f":
		return "signin.csphome.hci.ic.gov"
	case "aws-iso-e":
		return "signin.csphome.adc-e.uk"
	case "aws-eusc":
		return "signin.amazonaws-eusc.eu"
	}
	return "signin." + dnsSuffix
}
