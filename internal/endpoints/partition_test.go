package endpoints

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPartitionHosts checks the four host shapes of every partition, for a
// region the partition lists by name and for one only its pattern matches.
func TestPartitionHosts(t *testing.T) {
	tests := []struct {
		partition string
		region    string
		standard  string
		fips      string
		dualStack string
		both      string
	}{
		{"aws", "us-west-2",
			"https://messaging-chime.us-west-2.amazonaws.com",
			"https://messaging-chime-fips.us-west-2.amazonaws.com",
			"https://messaging-chime.us-west-2.api.aws",
			"https://messaging-chime-fips.us-west-2.api.aws"},
		{"aws", "mx-central-9", // pattern only
			"https://messaging-chime.mx-central-9.amazonaws.com",
			"https://messaging-chime-fips.mx-central-9.amazonaws.com",
			"https://messaging-chime.mx-central-9.api.aws",
			"https://messaging-chime-fips.mx-central-9.api.aws"},
		{"aws-cn", "cn-northwest-1",
			"https://messaging-chime.cn-northwest-1.amazonaws.com.cn",
			"https://messaging-chime-fips.cn-northwest-1.amazonaws.com.cn",
			"https://messaging-chime.cn-northwest-1.api.amazonwebservices.com.cn",
			"https://messaging-chime-fips.cn-northwest-1.api.amazonwebservices.com.cn"},
		{"aws-us-gov", "us-gov-west-1",
			"https://messaging-chime.us-gov-west-1.amazonaws.com",
			"https://messaging-chime-fips.us-gov-west-1.amazonaws.com",
			"https://messaging-chime.us-gov-west-1.api.aws",
			"https://messaging-chime-fips.us-gov-west-1.api.aws"},
		{"aws-iso", "us-iso-west-1",
			"https://messaging-chime.us-iso-west-1.c2s.ic.gov",
			"https://messaging-chime-fips.us-iso-west-1.c2s.ic.gov",
			"https://messaging-chime.us-iso-west-1.api.aws.ic.gov",
			"https://messaging-chime-fips.us-iso-west-1.api.aws.ic.gov"},
		{"aws-iso-b", "us-isob-west-1",
			"https://messaging-chime.us-isob-west-1.sc2s.sgov.gov",
			"https://messaging-chime-fips.us-isob-west-1.sc2s.sgov.gov",
			"https://messaging-chime.us-isob-west-1.api.aws.scloud",
			"https://messaging-chime-fips.us-isob-west-1.api.aws.scloud"},
		{"aws-iso-e", "eu-isoe-west-1",
			"https://messaging-chime.eu-isoe-west-1.cloud.adc-e.uk",
			"https://messaging-chime-fips.eu-isoe-west-1.cloud.adc-e.uk",
			"https://messaging-chime.eu-isoe-west-1.api.cloud-aws.adc-e.uk",
			"https://messaging-chime-fips.eu-isoe-west-1.api.cloud-aws.adc-e.uk"},
		{"aws-iso-e", "eu-isoe-north-2", // pattern only
			"https://messaging-chime.eu-isoe-north-2.cloud.adc-e.uk",
			"https://messaging-chime-fips.eu-isoe-north-2.cloud.adc-e.uk",
			"https://messaging-chime.eu-isoe-north-2.api.cloud-aws.adc-e.uk",
			"https://messaging-chime-fips.eu-isoe-north-2.api.cloud-aws.adc-e.uk"},
		{"aws-iso-f", "us-isof-south-1",
			"https://messaging-chime.us-isof-south-1.csp.hci.ic.gov",
			"https://messaging-chime-fips.us-isof-south-1.csp.hci.ic.gov",
			"https://messaging-chime.us-isof-south-1.api.aws.hci.ic.gov",
			"https://messaging-chime-fips.us-isof-south-1.api.aws.hci.ic.gov"},
		{"aws-eusc", "eusc-de-east-1",
			"https://messaging-chime.eusc-de-east-1.amazonaws.eu",
			"https://messaging-chime-fips.eusc-de-east-1.amazonaws.eu",
			"https://messaging-chime.eusc-de-east-1.api.amazonwebservices.eu",
			"https://messaging-chime-fips.eusc-de-east-1.api.amazonwebservices.eu"},
		{"aws-eusc", "eusc-de-west-3", // pattern only
			"https://messaging-chime.eusc-de-west-3.amazonaws.eu",
			"https://messaging-chime-fips.eusc-de-west-3.amazonaws.eu",
			"https://messaging-chime.eusc-de-west-3.api.amazonwebservices.eu",
			"https://messaging-chime-fips.eusc-de-west-3.api.amazonwebservices.eu"},
		{"aws", "xx-unknown-1", // no partition claims it: aws
			"https://messaging-chime.xx-unknown-1.amazonaws.com",
			"https://messaging-chime-fips.xx-unknown-1.amazonaws.com",
			"https://messaging-chime.xx-unknown-1.api.aws",
			"https://messaging-chime-fips.xx-unknown-1.api.aws"},
	}
	for _, tc := range tests {
		t.Run(tc.partition+"/"+tc.region, func(t *testing.T) {
			assert.Equal(t, tc.partition, partitionFor(tc.region).name)
			for _, v := range []struct {
				fips, dualStack bool
				want            string
			}{
				{false, false, tc.standard},
				{true, false, tc.fips},
				{false, true, tc.dualStack},
				{true, true, tc.both},
			} {
				got, err := Resolve(Params{Region: tc.region, UseFIPS: v.fips, UseDualStack: v.dualStack})
				require.NoError(t, err)
				assert.Equal(t, v.want, got, "UseFIPS=%v UseDualStack=%v", v.fips, v.dualStack)
			}
		})
	}
}

// TestListedRegions checks regions found by name, including the "-global"
// pseudo-regions that no pattern matches.
func TestListedRegions(t *testing.T) {
	tests := map[string]string{
		"aws-global":        "aws",
		"us-east-1":         "aws",
		"aws-cn-global":     "aws-cn",
		"cn-north-1":        "aws-cn",
		"eusc-de-east-1":    "aws-eusc",
		"aws-iso-global":    "aws-iso",
		"us-iso-east-1":     "aws-iso",
		"aws-iso-b-global":  "aws-iso-b",
		"us-isob-east-1":    "aws-iso-b",
		"aws-iso-e-global":  "aws-iso-e",
		"aws-iso-f-global":  "aws-iso-f",
		"us-isof-east-1":    "aws-iso-f",
		"aws-us-gov-global": "aws-us-gov",
		"us-gov-east-1":     "aws-us-gov",
	}
	for region, want := range tests {
		t.Run(region, func(t *testing.T) {
			id, ok := listedRegion(region)
			require.True(t, ok)
			assert.Equal(t, want, id.outputs().name)
			assert.Equal(t, want, partitionFor(region).name)
		})
	}
	_, ok := listedRegion("us-east-99")
	assert.False(t, ok, "an unlisted region is left to the patterns")
}

// namedPattern is a partition's regionRegex, compiled.
type namedPattern struct {
	name string
	re   *regexp.Regexp
}

// regionPatterns returns the regionRegex values of partitions.json, compiled
// by the tests only, to check the hand-written matcher against them.
func regionPatterns() []namedPattern {
	return []namedPattern{
		{"aws", regexp.MustCompile(`^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$`)},
		{"aws-cn", regexp.MustCompile(`^cn\-\w+\-\d+$`)},
		{"aws-eusc", regexp.MustCompile(`^eusc\-(de)\-\w+\-\d+$`)},
		{"aws-iso", regexp.MustCompile(`^us\-iso\-\w+\-\d+$`)},
		{"aws-iso-b", regexp.MustCompile(`^us\-isob\-\w+\-\d+$`)},
		{"aws-iso-e", regexp.MustCompile(`^eu\-isoe\-\w+\-\d+$`)},
		{"aws-iso-f", regexp.MustCompile(`^us\-isof\-\w+\-\d+$`)},
		{"aws-us-gov", regexp.MustCompile(`^us\-gov\-\w+\-\d+$`)},
	}
}

// patternPartition is the regexp answer: the first pattern that matches, else aws.
func patternPartition(patterns []namedPattern, region string) string {
	for _, p := range patterns {
		if p.re.MatchString(region) {
			return p.name
		}
	}
	return "aws"
}

// regionSamples are inputs near the patterns' edges.
func regionSamples() []string {
	return []string{
		"", "us", "us-", "us-east", "us-east-", "us-east-1", "us-east-1a", "us-east-12", "us-east_x-7",
		"US-EAST-1", "uS-East-1", "us-east-1\n", " us-east-1", "us--1", "us-a-", "us-a-1-", "us-a-b-1",
		"eu-west-1", "ap-x-0", "sa-y-9", "ca-z-3", "me-a-1", "af-b-2", "il-c-3", "mx-d-4", "zz-a-1",
		"cn-north-1", "cn-northwest-1", "cn--1", "cn-a-b-1", "cnx-a-1",
		"eusc-de-east-1", "eusc-de-east-", "eusc-fr-east-1", "eusc-de-1", "eusc-de-a_b-2", "eusc-de-x-y-1",
		"us-iso-east-1", "us-iso-1", "us-iso-east-x", "us-isob-east-1", "us-isob-1", "us-isof-south-1",
		"us-isof-1", "us-isoz-east-1", "eu-isoe-west-1", "eu-isoe-1", "eu-isoex-west-1",
		"us-gov-west-1", "us-gov-1", "us-gov-west-1-", "us-gov--1", "us-gov-é-1", "us-east-١",
		"aws-global", "local", "fips-us-east-1", "us-east-1-fips", "us-fips-east-1", "us-e\x00-1",
	}
}

// TestRegionPatternsMatchRegexp compares the hand-written matcher with the
// regular expressions it replaces.
func TestRegionPatternsMatchRegexp(t *testing.T) {
	patterns := regionPatterns()
	for _, region := range regionSamples() {
		assert.Equal(t, patternPartition(patterns, region), matchRegionPattern(region).outputs().name, "region %q", region)
	}
}

// FuzzRegionPatterns compares the matcher with the regexps on arbitrary input
// (go test -fuzz=FuzzRegionPatterns; plain go test runs the seeds).
func FuzzRegionPatterns(f *testing.F) {
	for _, s := range regionSamples() {
		f.Add(s)
	}
	patterns := regionPatterns()
	f.Fuzz(func(t *testing.T, region string) {
		if want, got := patternPartition(patterns, region), matchRegionPattern(region).outputs().name; want != got {
			t.Fatalf("region %q: regexp says %s, matcher says %s", region, want, got)
		}
	})
}

// TestUnsupportedFeatureErrors covers the rule set's three "does not support"
// errors, which no current partition reaches, with made-up partitions.
func TestUnsupportedFeatureErrors(t *testing.T) {
	noFIPS := partition{"x", "example", "dual.example", false, true}
	noDual := partition{"y", "example", "dual.example", true, false}
	tests := []struct {
		name      string
		part      partition
		fips, ds  bool
		want      string
		wantError string
	}{
		{"fips and dual-stack without FIPS", noFIPS, true, true, "", "FIPS and DualStack are enabled, but this partition does not support one or both"},
		{"fips and dual-stack without dual-stack", noDual, true, true, "", "FIPS and DualStack are enabled, but this partition does not support one or both"},
		{"fips without FIPS", noFIPS, true, false, "", "FIPS is enabled but this partition does not support FIPS"},
		{"dual-stack without dual-stack", noDual, false, true, "", "DualStack is enabled but this partition does not support DualStack"},
		{"dual-stack where supported", noFIPS, false, true, "https://messaging-chime.r-1.dual.example", ""},
		{"fips where supported", noDual, true, false, "https://messaging-chime-fips.r-1.example", ""},
		{"plain without either", noDual, false, false, "https://messaging-chime.r-1.example", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := regionalEndpoint(Params{Region: "r-1", UseFIPS: tc.fips, UseDualStack: tc.ds}, tc.part)
			if tc.wantError != "" {
				var rerr *Error
				require.ErrorAs(t, err, &rerr)
				assert.Equal(t, tc.wantError, rerr.Message)
				assert.Empty(t, got)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}
