package awsv2

import (
	"github.com/aws/aws-sdk-go-v2/aws"

	chime "github.com/chimekit/chimesdkmessaging"
)

// ClientLogMode converts an aws-sdk-go-v2 log mode to this client's. The two
// use different bit positions, so the value is mapped bit by bit. The
// event-stream and deprecated-usage bits have no counterpart and are dropped.
func ClientLogMode(m aws.ClientLogMode) chime.ClientLogMode {
	var out chime.ClientLogMode
	pairs := [...]struct {
		set  bool
		mode chime.ClientLogMode
	}{
		{m.IsSigning(), chime.LogSigning},
		{m.IsRetries(), chime.LogRetries},
		{m.IsRequest(), chime.LogRequest},
		{m.IsRequestWithBody(), chime.LogRequestWithBody},
		{m.IsResponse(), chime.LogResponse},
		{m.IsResponseWithBody(), chime.LogResponseWithBody},
	}
	for _, p := range pairs {
		if p.set {
			out |= p.mode
		}
	}
	return out
}
