package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRunExportsTheSpanAndTheMetricToTheWriter decodes what the stdout
// exporters wrote: the span (kind client, status OK) and the call count.
func TestRunExportsTheSpanAndTheMetricToTheWriter(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out))

	type span struct {
		Name     string
		SpanKind int
		Status   struct{ Code string }
	}
	type metrics struct {
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
	dec := json.NewDecoder(&out)
	var s span
	require.NoError(t, dec.Decode(&s))
	assert.Equal(t, "update preferences", s.Name)
	assert.Equal(t, 3, s.SpanKind, "client kind in the exporter's numbering")
	assert.Equal(t, "Ok", s.Status.Code)

	var m metrics
	require.NoError(t, dec.Decode(&m))
	require.Len(t, m.ScopeMetrics, 1)
	require.Len(t, m.ScopeMetrics[0].Metrics, 1)
	got := m.ScopeMetrics[0].Metrics[0]
	assert.Equal(t, "example.calls", got.Name)
	assert.Equal(t, "{call}", got.Unit)
	require.Len(t, got.Data.DataPoints, 1)
	assert.Equal(t, 1.0, got.Data.DataPoints[0].Value)

	assert.ErrorIs(t, dec.Decode(new(json.RawMessage)), io.EOF, "nothing else was written")
}
