package awsv2

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsretry "github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	chime "github.com/chimekit/chimesdkmessaging"
)

// wrapper stands for this library's per-call max-attempts wrapper: it has
// the library's GetAttemptToken(ctx) error; unwrappingWrapper also says
// what it wraps.
type wrapper struct {
	chime.Retryer
	max int
}

func (w wrapper) MaxAttempts() int                      { return w.max }
func (w wrapper) GetAttemptToken(context.Context) error { return nil }

type unwrappingWrapper struct{ wrapper }

func (w unwrappingWrapper) Unwrap() chime.Retryer { return w.Retryer }

// delayed is an aws-sdk-go-v2 retryer recognisable by its delay.
type delayed struct {
	aws.RetryerV2
	d time.Duration
}

func (r delayed) RetryDelay(int, error) (time.Duration, error) { return r.d, nil }

func TestAWSRetryerChoosesTheLoop(t *testing.T) {
	aws := delayed{awsretry.NewStandard(), time.Second}
	other := delayed{awsretry.NewStandard(), time.Minute}
	tests := []struct {
		name     string
		r        chime.Retryer
		fallback *delayed
		want     *delayed // nil: this library's loop; else the retryer aws-sdk-go-v2's loop runs
		max      int
	}{
		{"none", nil, nil, nil, 0},
		{"standard of this library", chime.NewStandardRetryer(), &aws, nil, 0},
		{"adaptive of this library", chime.NewAdaptiveRetryer(), &aws, nil, 0},
		{"aws-sdk-go-v2 retryer", aws, nil, &aws, 3},
		{"per-call max attempts over the client's aws retryer", wrapper{aws, 5}, &aws, &aws, 5},
		{"per-call max attempts over this library's retryer", wrapper{chime.NewStandardRetryer(), 5}, nil, nil, 0},
		{"unwrappable wrapper names what it wraps", unwrappingWrapper{wrapper{other, 2}}, &aws, &other, 2},
		{"unwrappable wrapper over this library's retryer", unwrappingWrapper{wrapper{chime.NewStandardRetryer(), 2}}, &aws, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var fallback chime.Retryer
			if tt.fallback != nil {
				fallback = *tt.fallback
			}
			got := awsRetryer(tt.r, fallback)
			if tt.want == nil {
				assert.Nil(t, got)
				return
			}
			require.NotNil(t, got)
			assert.Equal(t, tt.max, got.MaxAttempts())
			d, err := got.RetryDelay(1, nil)
			require.NoError(t, err)
			assert.Equal(t, tt.want.d, d, "runs the retryer it stands for")
			_, isV2 := got.(interface {
				GetAttemptToken(context.Context) (func(error) error, error)
			})
			assert.True(t, isV2, "an aws.RetryerV2, so its attempt tokens are taken")
		})
	}
}
