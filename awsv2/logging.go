package awsv2

import (
	"github.com/aws/aws-sdk-go-v2/aws"

	chime "github.com/chimekit/chimesdkmessaging"
)

// ClientLogMode converts an aws-sdk-go-v2 log mode. Both SDKs give each mode
// the same bit, so this is a plain conversion, written out for symmetry
// with the other conversions of this package; every bit keeps its meaning.
func ClientLogMode(m aws.ClientLogMode) chime.ClientLogMode { return chime.ClientLogMode(m) }
