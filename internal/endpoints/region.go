package endpoints

import (
	"fmt"
	"strings"
)

// NormalizeRegion handles pseudo-regions with a FIPS marker, as aws-sdk-go-v2
// does: "fips-us-east-1", "us-east-1-fips" and "us-fips-east-1" all become
// "us-east-1". It returns the region without the marker and true when a marker
// was stripped (the caller then turns UseFIPS on); any other region comes back
// unchanged with false, without allocating.
//
// The markers are "-fips-" (replaced by "-"), then "fips-" and "-fips"
// (removed), each wherever it occurs, in that order.
func NormalizeRegion(region string) (string, bool) {
	const infix, prefix, suffix = "-fips-", "fips-", "-fips"
	if !strings.Contains(region, infix) &&
		!strings.Contains(region, prefix) &&
		!strings.Contains(region, suffix) {
		return region, false
	}
	region = strings.ReplaceAll(region, infix, "-")
	region = strings.ReplaceAll(region, prefix, "")
	region = strings.ReplaceAll(region, suffix, "")
	return region, true
}

// maxRegionLen is the longest region accepted: a DNS label holds 63 bytes.
const maxRegionLen = 63

// checkRegion returns an error when region cannot be a single DNS label made of
// lowercase letters, digits and hyphens (not starting or ending with a hyphen).
// The rule set itself inserts the region unchecked; without this check a
// region such as "us-east-1/x" or "evil.example@" would change the host.
func checkRegion(region string) error {
	ok := len(region) > 0 && len(region) <= maxRegionLen &&
		region[0] != '-' && region[len(region)-1] != '-'
	for i := 0; ok && i < len(region); i++ {
		c := region[i]
		ok = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-'
	}
	if !ok {
		return fmt.Errorf("invalid region %q; a region is lowercase letters, digits and hyphens, e.g. us-east-1", region)
	}
	return nil
}
