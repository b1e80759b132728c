package credentials

import (
	"context"
	"strconv"
	"time"
)

// AssumeRoleSource is the Source of credentials from [AssumeRoleProvider],
// aws-sdk-go-v2's stscreds name.
const AssumeRoleSource = "AssumeRoleProvider"

// DefaultAssumeRoleDuration is the DurationSeconds AssumeRole asks for when
// a profile sets no duration_seconds, or one of less than 16 minutes (as
// aws-sdk-go-v2 does: it passes duration_seconds only when it exceeds 15
// whole minutes).
const DefaultAssumeRoleDuration = 15 * time.Minute

// AssumeRoleProvider calls STS AssumeRole, signed with SigV4 by the
// credentials of Source, and returns the role's temporary credentials
// (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html).
// Wrap it in [NewCache]: every Retrieve is a call to STS.
type AssumeRoleProvider struct {
	// Source gives the credentials that sign the call (a profile's static
	// keys, another role, a credential_source...). Required.
	Source Provider
	// RoleARN is the role to assume. Required.
	RoleARN string
	// RoleSessionName names the session; empty means
	// "aws-go-sdk-<Unix time in nanoseconds>" as aws-sdk-go-v2 generates it.
	RoleSessionName string
	// ExternalID is sent when set (a profile's external_id).
	ExternalID string
	// SerialNumber is the MFA device (a profile's mfa_serial); with it the
	// call carries TokenCode from MFATokenProvider.
	SerialNumber string
	// MFATokenProvider returns the current MFA code. Required when
	// SerialNumber is set.
	MFATokenProvider func() (string, error)
	// Duration is DurationSeconds; 0 means [DefaultAssumeRoleDuration].
	Duration time.Duration
	// Profile names the profile the role comes from, for messages.
	Profile string
	// STS configures the call.
	STS STSOptions
}

// SourceName returns [AssumeRoleSource].
func (p *AssumeRoleProvider) SourceName() string { return AssumeRoleSource }

// sessionName returns the session name, generating one when unset.
func (p *AssumeRoleProvider) sessionName() string {
	if p.RoleSessionName != "" {
		return p.RoleSessionName
	}
	return generatedSessionName(p.STS.Now)
}

// generatedSessionName is aws-sdk-go-v2's default AssumeRole session name.
func generatedSessionName(now func() time.Time) string {
	if now == nil {
		now = time.Now
	}
	return "aws-go-sdk-" + strconv.FormatInt(now().UTC().UnixNano(), 10)
}

// Retrieve assumes the role.
func (p *AssumeRoleProvider) Retrieve(ctx context.Context) (Credentials, error) {
	if p.RoleARN == "" || p.Source == nil {
		return Credentials{}, failed(AssumeRoleSource, errorf("AssumeRoleProvider needs RoleARN and Source"))
	}
	d := p.Duration
	if d == 0 {
		d = DefaultAssumeRoleDuration
	}
	params := map[string][]string{
		"RoleArn":         {p.RoleARN},
		"RoleSessionName": {p.sessionName()},
		"DurationSeconds": {strconv.Itoa(int(d / time.Second))},
	}
	if p.ExternalID != "" {
		params["ExternalId"] = []string{p.ExternalID}
	}
	if p.SerialNumber != "" {
		if p.MFATokenProvider == nil {
			return Credentials{}, failed(AssumeRoleSource, p.mfaMissing())
		}
		code, err := p.MFATokenProvider()
		if err != nil {
			return Credentials{}, failed(AssumeRoleSource, errorf("role %s needs an MFA code for %s: the MFA token provider failed: %v", p.RoleARN, p.SerialNumber, err))
		}
		params["SerialNumber"] = []string{p.SerialNumber}
		params["TokenCode"] = []string{code}
	}
	call := stsCall{operation: "AssumeRole", params: params, signer: p.Source}
	if code := params["TokenCode"]; len(code) == 1 {
		call.secrets = code
	}
	c, err := p.STS.do(ctx, call)
	if err != nil {
		return Credentials{}, failed(AssumeRoleSource, errorf("assume role %s%s: %w", p.RoleARN, p.ofProfile(), err))
	}
	return c, nil
}

func (p *AssumeRoleProvider) ofProfile() string {
	if p.Profile == "" {
		return ""
	}
	return " (profile " + quote(p.Profile) + ")"
}

// mfaMissing is the error for mfa_serial without a token provider, which
// aws-sdk-go-v2 reports as AssumeRoleTokenProviderNotSetError.
func (p *AssumeRoleProvider) mfaMissing() error {
	return errorf("role %s%s sets mfa_serial %s, so assuming it needs an MFA code, and no MFA token provider is set: set MFATokenProvider in chimesdkmessaging.Environment (LoadOptionsFrom), credentials.DefaultChainOptions or AssumeRoleProvider (e.g. a function that prompts for the code), or run chimeprefs credentials, which prompts for it", p.RoleARN, p.ofProfile(), p.SerialNumber)
}

// describe is the provider's step in a resolution trail.
func (p *AssumeRoleProvider) describe() string {
	s := "AssumeRole " + p.RoleARN + p.ofProfile()
	if p.SerialNumber != "" {
		s += " with MFA " + p.SerialNumber
	}
	return s
}

// source is the provider whose credentials sign the call.
func (p *AssumeRoleProvider) source() Provider { return p.Source }
