package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// exported is one JSON document the stdout exporters write: a span, or a
// batch of metrics.
type exported struct {
	Name         string
	SpanKind     int
	Status       struct{ Code string }
	ScopeMetrics []struct {
		Metrics []struct {
			Name string
			Unit string
			Data struct {
				DataPoints []struct{ Value float64 }
			}
		}
	}
}

// TestRunExportsTheSpanAndTheMetricToTheWriter decodes what the stdout
// exporters wrote and finds the application span (kind client, status OK)
// and the call count among whatever else the client exports.
func TestRunExportsTheSpanAndTheMetricToTheWriter(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out))

	spans := map[string]exported{}
	counts := map[string][]float64{}
	dec := json.NewDecoder(&out)
	for {
		var doc exported
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		if doc.Name != "" {
			spans[doc.Name] = doc
		}
		for _, sm := range doc.ScopeMetrics {
			for _, m := range sm.Metrics {
				for _, p := range m.Data.DataPoints {
					counts[m.Name+" "+m.Unit] = append(counts[m.Name+" "+m.Unit], p.Value)
				}
			}
		}
	}
	app, ok := spans["update preferences"]
	require.True(t, ok, "exported spans: %v", spans)
	assert.Equal(t, 3, app.SpanKind, "client kind in the exporter's numbering")
	assert.Equal(t, "Ok", app.Status.Code)
	assert.Equal(t, []float64{1}, counts["example.calls {call}"])
}
