package exceptions

import (
	"encoding/json"
	"errors"
	"os"
	"testing"

	smithy "github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/chimekit/chimesdkmessaging/types"
)

// TestTableMatchesModel compares the table with the error shapes of the
// two operations in the API model (testdata/service-2.json: botocore's copy, see its README).
func TestTableMatchesModel(t *testing.T) {
	raw, err := os.ReadFile("testdata/service-2.json")
	require.NoError(t, err)
	var model struct {
		Operations map[string]struct {
			Errors []struct {
				Shape string `json:"shape"`
			} `json:"errors"`
		} `json:"operations"`
		Shapes map[string]struct {
			Exception bool `json:"exception"`
			Error     struct {
				HTTPStatusCode int `json:"httpStatusCode"`
			} `json:"error"`
		} `json:"shapes"`
	}
	require.NoError(t, json.Unmarshal(raw, &model))
	want := map[string]int{}
	for _, op := range []string{"PutChannelMembershipPreferences", "GetChannelMembershipPreferences"} {
		for _, e := range model.Operations[op].Errors {
			s := model.Shapes[e.Shape]
			require.True(t, s.Exception, e.Shape)
			want[e.Shape] = s.Error.HTTPStatusCode
		}
	}
	got := map[string]int{}
	for _, e := range All {
		got[e.Name] = e.Status
	}
	assert.Equal(t, want, got)
}

func TestConstructorsBuildTheirType(t *testing.T) {
	msg := "m"
	for _, e := range All {
		err := e.New(types.ErrorCodeBadRequest, &msg)
		var apiErr smithy.APIError
		require.True(t, errors.As(err, &apiErr))
		assert.Equal(t, e.Name, apiErr.ErrorCode())
		assert.Equal(t, "m", apiErr.ErrorMessage())
		got, ok := ByName(e.Name)
		assert.True(t, ok)
		assert.Equal(t, e.Name, got.Name)
		got, ok = ByStatus(e.Status)
		assert.True(t, ok)
		assert.Equal(t, e.Name, got.Name)
	}
	for _, e := range All {
		assert.Contains(t, types.ErrorCode("").Values(), e.Code, "%s: a Code the model's ErrorCode enum has", e.Name)
	}
	_, ok := ByName("NotAnException")
	assert.False(t, ok)
	_, ok = ByStatus(418)
	assert.False(t, ok)
}
