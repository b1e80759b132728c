package endpoints

// CredentialService names a service the credential providers call: STS, the
// IAM Identity Center portal, or SSO OIDC.
type CredentialService uint8

// The services behind credential providers, with the host label of each:
// sts, portal.sso and oidc.
const (
	STS CredentialService = iota
	SSOPortal
	SSOOIDC
)

// hostLabels returns the standard and FIPS host labels of s.
func (s CredentialService) hostLabels() (standard, fips string) {
	switch s {
	case SSOPortal:
		return "portal.sso", "portal.sso-fips"
	case SSOOIDC:
		return "oidc", "oidc-fips"
	default:
		return "sts", "sts-fips"
	}
}

// ResolveCredentialService returns the endpoint of s in region as the
// service's endpoint rule set does (the STS, SSO and SSO OIDC rule sets that
// aws-sdk-go-v2's service/sts, service/sso and service/ssooidc are
// generated from), with STS's UseGlobalEndpoint off as in aws-sdk-go-v2:
//
//   - FIPS and dual-stack: https://{fips}.{region}.{dualStackDnsSuffix};
//   - FIPS in aws-us-gov: https://{label}.{region}.amazonaws.com (GovCloud's
//     standard endpoints are FIPS endpoints);
//   - FIPS: https://{fips}.{region}.{dnsSuffix};
//   - dual-stack: https://{label}.{region}.{dualStackDnsSuffix};
//   - STS in the pseudo-region aws-global: https://sts.amazonaws.com;
//   - otherwise https://{label}.{region}.{dnsSuffix}: a regional STS
//     endpoint in us-east-1 too.
//
// A missing region is the rule set's *Error "Invalid Configuration: Missing
// Region"; a region that is not one DNS label is an error naming it.
func ResolveCredentialService(s CredentialService, region string, useFIPS, useDualStack bool) (string, error) {
	if region == "" {
		return "", &Error{Message: msgMissingRegion}
	}
	if err := checkRegion(region); err != nil {
		return "", err
	}
	part := partitionFor(region)
	label, fips := s.hostLabels()
	switch {
	case useFIPS && useDualStack:
		return "https://" + fips + "." + region + "." + part.dualStackDNSSuffix, nil
	case useFIPS && part.name == "aws-us-gov":
		return "https://" + label + "." + region + ".amazonaws.com", nil
	case useFIPS:
		return "https://" + fips + "." + region + "." + part.dnsSuffix, nil
	case useDualStack:
		return "https://" + label + "." + region + "." + part.dualStackDNSSuffix, nil
	case s == STS && region == "aws-global":
		return "https://sts.amazonaws.com", nil
	default:
		return "https://" + label + "." + region + "." + part.dnsSuffix, nil
	}
}
