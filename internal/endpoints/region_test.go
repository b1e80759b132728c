package endpoints

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNormalizeRegion(t *testing.T) {
	tests := []struct {
		in       string
		want     string
		wantFIPS bool
	}{
		{"us-east-1", "us-east-1", false},
		{"", "", false},
		{"fips-us-east-1", "us-east-1", true},
		{"us-east-1-fips", "us-east-1", true},
		{"us-fips-east-1", "us-east-1", true},
		{"fips-us-gov-west-1", "us-gov-west-1", true},
		{"us-gov-west-1-fips", "us-gov-west-1", true},
		{"fips-ca-central-1", "ca-central-1", true},
		{"fips", "fips", false}, // no marker: no hyphen beside it
		{"fipsus-east-1", "fipsus-east-1", false},
		{"us-fipsy-1", "usy-1", true}, // like aws-sdk-go-v2: "-fips" is removed wherever it occurs
		{"fips-", "", true},
		{"-fips", "", true},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, fips := NormalizeRegion(tc.in)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.wantFIPS, fips)
		})
	}
}

func TestCheckRegion(t *testing.T) {
	valid := []string{"us-east-1", "eu-isoe-west-1", "aws-global", "local", "r1", "a"}
	for _, region := range valid {
		assert.NoError(t, checkRegion(region), "region %q", region)
	}

	invalid := []string{
		"", "us-east-1/x", "us-east-1@evil.example", "us east 1", " us-east-1", "us-east-1.",
		".us-east-1", "us..east", "us.east-1", "US-EAST-1", "us_east_1", "-us-east-1", "us-east-1-",
		"us-east-1:443", "us-east-1?x", "us-east-1#x", "us-éast-1", "us-east-1\n",
		"a123456789012345678901234567890123456789012345678901234567890123", // 64 bytes
	}
	for _, region := range invalid {
		err := checkRegion(region)
		require.Error(t, err, "region %q", region)
		assert.Contains(t, err.Error(), "; a region is lowercase letters, digits and hyphens, e.g. us-east-1")
	}
	assert.EqualError(t, checkRegion("us-east-1/x"),
		`invalid region "us-east-1/x"; a region is lowercase letters, digits and hyphens, e.g. us-east-1`)
	assert.EqualError(t, checkRegion("us-east-1\n"),
		`invalid region "us-east-1\n"; a region is lowercase letters, digits and hyphens, e.g. us-east-1`)
}
