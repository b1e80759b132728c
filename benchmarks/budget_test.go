package benchmarks

import (
	"context"
	"flag"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMedian(t *testing.T) {
	tests := []struct {
		name string
		ns   []float64
		want float64
	}{
		{"none", nil, 0},
		{"one", []float64{5}, 5},
		{"odd unsorted", []float64{9, 1, 5}, 5},
		{"even", []float64{4, 1, 3, 2}, 2.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Result{}
			for _, v := range tt.ns {
				r.Samples = append(r.Samples, Sample{NsPerOp: v, AllocsPerOp: 2 * v, BytesPerOp: 3 * v})
			}
			m := r.Median()
			assert.InDelta(t, tt.want, m.NsPerOp, 1e-9)
			assert.InDelta(t, 2*tt.want, m.AllocsPerOp, 1e-9)
			assert.InDelta(t, 3*tt.want, m.BytesPerOp, 1e-9)
		})
	}
}

// results builds one-sample results from case name to sample.
func results(m map[string]Sample) []Result {
	var rs []Result
	for _, c := range Cases() {
		if s, ok := m[c.Name()]; ok {
			rs = append(rs, Result{Case: c, Samples: []Sample{s}})
		}
	}
	return rs
}

func TestRatiosAgainstTheBudget(t *testing.T) {
	passing := map[string]Sample{
		"ours/inmem":               {NsPerOp: 1000, AllocsPerOp: 50, BytesPerOp: 5000},
		"awsv2/inmem":              {NsPerOp: 10000, AllocsPerOp: 400, BytesPerOp: 30000},
		"ours/loopback":            {NsPerOp: 10500},
		"hand-signed/loopback":     {NsPerOp: 10000},
		"ours/inmem/parallel":      {NsPerOp: 600},
		"alloc+hash/none":          {NsPerOp: 900},
		"alloc+hash/none/parallel": {NsPerOp: 600},
	}
	tests := []struct {
		name     string
		change   func(m map[string]Sample)
		failing  string
		missing  string
		allCheck bool
	}{
		{name: "all within budget", change: func(map[string]Sample) {}},
		{name: "too slow in memory", change: func(m map[string]Sample) { m["ours/inmem"] = Sample{NsPerOp: 2500, AllocsPerOp: 50, BytesPerOp: 5000} }, failing: "inmem ns/op ours/awsv2"},
		{name: "too many allocs", change: func(m map[string]Sample) { m["ours/inmem"] = Sample{NsPerOp: 1000, AllocsPerOp: 61, BytesPerOp: 5000} }, failing: "inmem allocs/op ours/awsv2"},
		{name: "too many bytes", change: func(m map[string]Sample) { m["ours/inmem"] = Sample{NsPerOp: 1000, AllocsPerOp: 50, BytesPerOp: 6001} }, failing: "inmem B/op ours/awsv2"},
		{name: "slow on loopback", change: func(m map[string]Sample) { m["ours/loopback"] = Sample{NsPerOp: 10501} }, failing: "loopback ns/op ours/hand-signed"},
		// Serial 1000 ns/op, parallel 700 ns/op: 1.43× the throughput, 0.95
		// of the control's 1.5×: within budget.
		{name: "scaling a little below the control", change: func(m map[string]Sample) { m["ours/inmem/parallel"] = Sample{NsPerOp: 700} }},
		// Parallel 800 ns/op: 1.25×, 0.83 of the control's.
		{name: "poor scaling", change: func(m map[string]Sample) { m["ours/inmem/parallel"] = Sample{NsPerOp: 800} }, failing: "ours scaling ÷ alloc+hash scaling"},
		{name: "control not measured", change: func(m map[string]Sample) { delete(m, "alloc+hash/none/parallel") }, missing: "ours scaling ÷ alloc+hash scaling"},
		{name: "peer not measured", change: func(m map[string]Sample) { delete(m, "awsv2/inmem") }, missing: "inmem ns/op ours/awsv2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := map[string]Sample{}
			for k, v := range passing {
				m[k] = v
			}
			tt.change(m)
			for _, r := range Ratios(results(m)) {
				switch r.Name {
				case tt.failing:
					assert.False(t, r.Pass(), "%s = %.3f", r.Name, r.Value)
				case tt.missing:
					assert.True(t, r.Missing, r.Name)
				default:
					assert.True(t, r.Pass(), "%s = %.3f", r.Name, r.Value)
				}
			}
			var sb strings.Builder
			ok := WriteReport(&sb, results(m), Ratios(results(m)), true)
			assert.Equal(t, tt.failing == "", ok)
			assert.Equal(t, tt.failing != "", strings.Contains(sb.String(), "| FAIL |"), sb.String())
		})
	}
}

func TestWriteReportInSmokeModeChecksNothing(t *testing.T) {
	m := map[string]Sample{
		"ours/inmem":  {NsPerOp: 9000, AllocsPerOp: 300, BytesPerOp: 30000},
		"awsv2/inmem": {NsPerOp: 10000, AllocsPerOp: 400, BytesPerOp: 30000},
	}
	var sb strings.Builder
	assert.True(t, WriteReport(&sb, results(m), Ratios(results(m)), false))
	out := sb.String()
	assert.NotContains(t, out, "FAIL")
	assert.NotContains(t, out, "PASS")
	assert.Contains(t, out, "| ours/inmem | 9000 | 300.0 | 30000 | 9000–9000 | 0 |")
	assert.Contains(t, out, "| inmem ns/op ours/awsv2 | 0.900 | ≤ 0.20 | not checked (smoke) |")
}

func TestMeasure(t *testing.T) {
	bt := flag.Lookup("test.benchtime")
	require.NotNil(t, bt)
	old := bt.Value.String()
	require.NoError(t, bt.Value.Set("20x"))
	t.Cleanup(func() { _ = bt.Value.Set(old) })

	env := NewEnv()
	defer env.Close()
	ctx := context.Background()

	_, err := env.Measure(ctx, MeasureOptions{Rounds: 0, Cases: Cases()})
	assert.ErrorContains(t, err, "Rounds")
	_, err = env.Measure(ctx, MeasureOptions{Rounds: 1})
	assert.ErrorContains(t, err, "Cases")

	cases := []Case{{Client: Ours, Transport: InMemory}, {Client: HandUnsigned, Transport: InMemory}}
	var progress strings.Builder
	rs, err := env.Measure(ctx, MeasureOptions{Rounds: 2, Cases: cases, Progress: &progress})
	require.NoError(t, err)
	require.Len(t, rs, 2)
	for i, r := range rs {
		assert.Equal(t, cases[i], r.Case)
		require.Len(t, r.Samples, 2)
		assert.Positive(t, r.Median().NsPerOp)
		assert.Positive(t, r.Median().AllocsPerOp)
		assert.Positive(t, r.Median().CPUNsPerOp)
	}
	assert.Equal(t, 4, strings.Count(progress.String(), "\n"))
}

func TestLiveHeapRatios(t *testing.T) {
	m := map[string]Sample{
		"ours/inmem":                   {NsPerOp: 1000},
		"ours/inmem/parallel":          {NsPerOp: 600},
		"awsv2/inmem":                  {NsPerOp: 8000},
		"hand-unsigned/inmem":          {NsPerOp: 900},
		"hand-unsigned/inmem/parallel": {NsPerOp: 500},
		"alloc-only/none":              {NsPerOp: 100},
		"alloc-only/none/parallel":     {NsPerOp: 80},
		"cpu-only/none":                {NsPerOp: 200},
		"cpu-only/none/parallel":       {NsPerOp: 100},
		"alloc+hash/none":              {NsPerOp: 900},
		"alloc+hash/none/parallel":     {NsPerOp: 600},
	}
	byName := map[string]Ratio{}
	for _, r := range LiveHeapRatios(results(m)) {
		byName[r.Name] = r
	}
	scaling := byName["ours scaling ÷ alloc+hash scaling"]
	assert.True(t, scaling.Checked())
	assert.InDelta(t, (1000.0/600)/1.5, scaling.Value, 1e-9)
	assert.True(t, scaling.Pass(), "1.11 ≥ 0.90")
	assert.False(t, byName["parallel/serial throughput ours inmem"].Checked(), "information only")
	assert.InDelta(t, 0.125, byName["inmem ns/op ours/awsv2"].Value, 1e-9)
	assert.False(t, byName["inmem ns/op ours/awsv2"].Checked(), "information only in the live-heap run")
	assert.InDelta(t, 1.8, byName["parallel/serial throughput hand-unsigned inmem"].Value, 1e-9)
	assert.InDelta(t, (1000.0/600)/1.8, byName["ours scaling ÷ hand-unsigned scaling"].Value, 1e-9)
	assert.InDelta(t, 1.25, byName["parallel/serial throughput alloc-only (control)"].Value, 1e-9)
	assert.InDelta(t, 2.0, byName["parallel/serial throughput cpu-only (control)"].Value, 1e-9)
	assert.InDelta(t, 1.5, byName["parallel/serial throughput alloc+hash (control)"].Value, 1e-9)

	m["ours/inmem/parallel"] = Sample{NsPerOp: 800}
	var sb strings.Builder
	assert.False(t, WriteReport(&sb, results(m), LiveHeapRatios(results(m)), true))
	assert.Contains(t, sb.String(), "| ours scaling ÷ alloc+hash scaling | 0.833 | ≥ 0.90 | FAIL |")

	delete(m, "hand-unsigned/inmem")
	for _, r := range LiveHeapRatios(results(m)) {
		if strings.Contains(r.Name, "hand-unsigned") {
			assert.True(t, r.Missing, r.Name)
		}
	}
}
