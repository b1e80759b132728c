package endpoints

import "strings"

// partition holds the outputs of the rule set's aws.partition function that
// this service uses.
type partition struct {
	name               string
	dnsSuffix          string
	dualStackDNSSuffix string
	supportsFIPS       bool
	supportsDualStack  bool
}

// partitionID names one AWS partition; the zero value is the aws partition,
// which is also the fallback for a region no partition claims.
type partitionID uint8

// The partitions of botocore's partitions.json (snapshot of August 2026).
const (
	partitionAWS partitionID = iota
	partitionAWSCN
	partitionAWSEUSC
	partitionAWSISO
	partitionAWSISOB
	partitionAWSISOE
	partitionAWSISOF
	partitionAWSUSGov
)

// outputs returns the partition's data. Every partition currently reports
// FIPS and dual-stack support.
func (id partitionID) outputs() partition {
	switch id {
	case partitionAWSCN:
		return partition{"aws-cn", "amazonaws.com.cn", "api.amazonwebservices.com.cn", true, true}
	case partitionAWSEUSC:
		return partition{"aws-eusc", "amazonaws.eu", "api.amazonwebservices.eu", true, true}
	case partitionAWSISO:
		return partition{"aws-iso", "c2s.ic.gov", "api.aws.ic.gov", true, true}
	case partitionAWSISOB:
		return partition{"aws-iso-b", "sc2s.sgov.gov", "api.aws.scloud", true, true}
	case partitionAWSISOE:
		return partition{"aws-iso-e", "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk", true, true}
	case partitionAWSISOF:
		return partition{"aws-iso-f", "csp.hci.ic.gov", "api.aws.hci.ic.gov", true, true}
	case partitionAWSUSGov:
		return partition{"aws-us-gov", "amazonaws.com", "api.aws", true, true}
	default:
		return partition{"aws", "amazonaws.com", "api.aws", true, true}
	}
}

// partitionFor does what the rule set's aws.partition does: an exact region
// name listed by a partition first, then the partitions' region patterns in
// file order, and the aws partition for anything else.
func partitionFor(region string) partition {
	if id, ok := listedRegion(region); ok {
		return id.outputs()
	}
	return matchRegionPattern(region).outputs()
}

// listedRegions are the regions each partition lists by name, the
// partitions in order.
var listedRegions = [...]struct {
	id      partitionID
	regions string // space-separated
}{
	{partitionAWS, "af-south-1 ap-east-1 ap-east-2 ap-northeast-1 ap-northeast-2 " +
		"ap-northeast-3 ap-south-1 ap-south-2 ap-southeast-1 ap-southeast-2 " +
		"ap-southeast-3 ap-southeast-4 ap-southeast-5 ap-southeast-6 " +
		"ap-southeast-7 aws-global ca-central-1 ca-west-1 eu-central-1 " +
		"eu-central-2 eu-north-1 eu-south-1 eu-south-2 eu-west-1 eu-west-2 " +
		"eu-west-3 il-central-1 me-central-1 me-south-1 mx-central-1 " +
		"sa-east-1 us-east-1 us-east-2 us-west-1 us-west-2"},
	{partitionAWSCN, "aws-cn-global cn-north-1 cn-northwest-1"},
	{partitionAWSEUSC, "eusc-de-east-1"},
	{partitionAWSISO, "aws-iso-global us-iso-east-1 us-iso-west-1"},
	{partitionAWSISOB, "aws-iso-b-global us-isob-east-1 us-isob-west-1"},
	{partitionAWSISOE, "aws-iso-e-global eu-isoe-west-1"},
	{partitionAWSISOF, "aws-iso-f-global us-isof-east-1 us-isof-south-1"},
	{partitionAWSUSGov, "aws-us-gov-global us-gov-east-1 us-gov-west-1"},
}

// listedRegion reports the partition that lists region by name.
func listedRegion(region string) (partitionID, bool) {
	if region == "" || strings.IndexByte(region, ' ') >= 0 {
		return partitionAWS, false
	}
	for _, p := range listedRegions {
		for rest := p.regions; rest != ""; {
			var name string
			name, rest, _ = strings.Cut(rest, " ")
			if name == region {
				return p.id, true
			}
		}
	}
	return partitionAWS, false
}

// matchRegionPattern matches region against the partitions' regionRegex
// values, written out by hand (\w is [0-9A-Za-z_], as in Go's regexp):
//
//	aws        ^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$
//	aws-cn     ^cn\-\w+\-\d+$
//	aws-eusc   ^eusc\-(de)\-\w+\-\d+$
//	aws-iso    ^us\-iso\-\w+\-\d+$
//	aws-iso-b  ^us\-isob\-\w+\-\d+$
//	aws-iso-e  ^eu\-isoe\-\w+\-\d+$
//	aws-iso-f  ^us\-isof\-\w+\-\d+$
//	aws-us-gov ^us\-gov\-\w+\-\d+$
//
// No region matches two patterns, so the order does not matter. A region that
// matches none falls back to the aws partition.
func matchRegionPattern(region string) partitionID {
	if len(region) > 3 && region[2] == '-' && isWordDigitTail(region[3:]) {
		switch region[:2] {
		case "us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx":
			return partitionAWS
		case "cn":
			return partitionAWSCN
		}
	}
	for _, p := range [...]struct {
		prefix string
		id     partitionID
	}{
		{"eusc-de-", partitionAWSEUSC},
		{"us-iso-", partitionAWSISO},
		{"us-isob-", partitionAWSISOB},
		{"eu-isoe-", partitionAWSISOE},
		{"us-isof-", partitionAWSISOF},
		{"us-gov-", partitionAWSUSGov},
	} {
		if rest, ok := strings.CutPrefix(region, p.prefix); ok && isWordDigitTail(rest) {
			return p.id
		}
	}
	return partitionAWS
}

// isWordDigitTail reports whether s matches ^\w+\-\d+$: one or more word
// characters, one hyphen, one or more ASCII digits, nothing else.
func isWordDigitTail(s string) bool {
	i := 0
	for i < len(s) && isWordByte(s[i]) {
		i++
	}
	if i == 0 || i == len(s) || s[i] != '-' {
		return false
	}
	i++
	if i == len(s) {
		return false
	}
	for ; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isWordByte reports whether c is in \w, i.e. [0-9A-Za-z_].
func isWordByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}
