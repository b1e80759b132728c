package endpoints

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ruleTestFile is the rule set's own test suite (see testdata/README.md).
type ruleTestFile struct {
	TestCases []struct {
		Documentation string `json:"documentation"`
		Params        *struct {
			Region       *string `json:"Region"`
			UseFIPS      *bool   `json:"UseFIPS"`
			UseDualStack *bool   `json:"UseDualStack"`
			Endpoint     *string `json:"Endpoint"`
		} `json:"params"`
		Expect struct {
			Endpoint *struct {
				URL        string          `json:"url"`
				Properties json.RawMessage `json:"properties"`
				Headers    json.RawMessage `json:"headers"`
			} `json:"endpoint"`
			Error *string `json:"error"`
		} `json:"expect"`
	} `json:"testCases"`
	Version string `json:"version"`
}

func loadRuleTests(t *testing.T) ruleTestFile {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "endpoint-tests-1.json"))
	require.NoError(t, err)
	var f ruleTestFile
	require.NoError(t, json.Unmarshal(raw, &f))
	require.Len(t, f.TestCases, 22, "the botocore suite has 22 cases")
	return f
}

// TestRuleSetSuite runs every case of endpoint-tests-1.json through Resolve
// and through a Resolver, expecting the exact URL or the exact error text.
func TestRuleSetSuite(t *testing.T) {
	f := loadRuleTests(t)
	r := NewResolver()
	for i, tc := range f.TestCases {
		t.Run(strconv.Itoa(i)+"_"+tc.Documentation, func(t *testing.T) {
			var p Params // a case without "params" uses the defaults
			if tc.Params != nil {
				if tc.Params.Region != nil {
					p.Region = *tc.Params.Region
				}
				if tc.Params.UseFIPS != nil {
					p.UseFIPS = *tc.Params.UseFIPS
				}
				if tc.Params.UseDualStack != nil {
					p.UseDualStack = *tc.Params.UseDualStack
				}
				if tc.Params.Endpoint != nil {
					p.Endpoint = *tc.Params.Endpoint
				}
			}

			got, err := Resolve(p)
			u, uerr := r.ResolveURL(p)

			if tc.Expect.Error != nil {
				require.Nil(t, tc.Expect.Endpoint)
				var rerr *Error
				require.ErrorAs(t, err, &rerr)
				assert.Equal(t, *tc.Expect.Error, err.Error())
				assert.Empty(t, got)
				assert.EqualError(t, uerr, *tc.Expect.Error)
				assert.Nil(t, u)
				return
			}
			require.NotNil(t, tc.Expect.Endpoint)
			// The rule set never returns properties or headers for this service.
			assert.Contains(t, []string{"", "{}"}, string(tc.Expect.Endpoint.Properties))
			assert.Contains(t, []string{"", "{}"}, string(tc.Expect.Endpoint.Headers))
			require.NoError(t, err)
			assert.Equal(t, tc.Expect.Endpoint.URL, got)
			require.NoError(t, uerr)
			assert.Equal(t, tc.Expect.Endpoint.URL, u.String())
		})
	}
}
