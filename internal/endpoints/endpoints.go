// Package endpoints resolves the endpoint of Amazon Chime SDK Messaging.
//
// It implements the service's endpoint rule set (version 1.0, see
// testdata/README.md for the source of the test cases) by hand: a custom
// endpoint wins, otherwise the region selects a partition, and the partition's
// DNS suffix (or dual-stack suffix) completes the host
// messaging-chime[-fips].{Region}.{suffix}.
//
// Resolve is the pure rule set. Resolver adds what a client needs on every
// call: input checks that the rule set leaves out, url.Parse, and a small
// cache so that a repeated call costs no allocation.
package endpoints

// Error messages of the rule set, verbatim.
const (
	msgFIPSCustomEndpoint      = "Invalid Configuration: FIPS and custom endpoint are not supported"
	msgDualStackCustomEndpoint = "Invalid Configuration: Dualstack and custom endpoint are not supported"
	msgMissingRegion           = "Invalid Configuration: Missing Region"
	msgFIPSAndDualStack        = "FIPS and DualStack are enabled, but this partition does not support one or both"
	msgFIPSUnsupported         = "FIPS is enabled but this partition does not support FIPS"
	msgDualStackUnsupported    = "DualStack is enabled but this partition does not support DualStack"
)

// Host prefixes of the service's endpoints.
const (
	standardPrefix = "https://messaging-chime."
	fipsPrefix     = "https://messaging-chime-fips."
)

// Params are the rule set's parameters.
type Params struct {
	Region       string // "" means unset
	UseFIPS      bool
	UseDualStack bool
	Endpoint     string // custom endpoint (BaseEndpoint); "" means unset
}

// Error is an error rule of the rule set. Message is the rule's text exactly,
// e.g. "Invalid Configuration: Missing Region"; callers add their own context.
type Error struct {
	Message string
}

// Error returns the rule's message unchanged.
func (e *Error) Error() string { return e.Message }

// Resolve applies the rule set and returns the endpoint URL as a string, e.g.
// "https://messaging-chime.us-east-1.amazonaws.com", or an *Error whose text is
// exactly the rule set's message.
//
// Like the rule set, Resolve inserts the region into the host unchecked and
// returns a custom endpoint as given; Resolver.ResolveURL checks both.
func Resolve(p Params) (string, error) {
	if p.Endpoint != "" {
		switch {
		case p.UseFIPS:
			return "", &Error{Message: msgFIPSCustomEndpoint}
		case p.UseDualStack:
			return "", &Error{Message: msgDualStackCustomEndpoint}
		default:
			return p.Endpoint, nil
		}
	}
	if p.Region == "" {
		return "", &Error{Message: msgMissingRegion}
	}
	return regionalEndpoint(p, partitionFor(p.Region))
}

// regionalEndpoint is the rule set's branch for a set Region, given the
// region's partition.
func regionalEndpoint(p Params, part partition) (string, error) {
	switch {
	case p.UseFIPS && p.UseDualStack:
		if !part.supportsFIPS || !part.supportsDualStack {
			return "", &Error{Message: msgFIPSAndDualStack}
		}
		return fipsPrefix + p.Region + "." + part.dualStackDNSSuffix, nil
	case p.UseFIPS:
		if !part.supportsFIPS {
			return "", &Error{Message: msgFIPSUnsupported}
		}
		return fipsPrefix + p.Region + "." + part.dnsSuffix, nil
	case p.UseDualStack:
		if !part.supportsDualStack {
			return "", &Error{Message: msgDualStackUnsupported}
		}
		return standardPrefix + p.Region + "." + part.dualStackDNSSuffix, nil
	default:
		return standardPrefix + p.Region + "." + part.dnsSuffix, nil
	}
}
