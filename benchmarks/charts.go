package benchmarks

import (
	"fmt"
	"html"
	"io"
	"math"
	"strings"
	"time"
)

// The charts are written by hand as SVG: no plotting dependency.

// Colours of the charts' series.
var seriesColour = map[string]string{
	"ours":               "#1f77b4",
	OursAdaptive:         "#1f77b4",
	OursStandard:         "#6baed6",
	"awsv2":              "#d62728",
	PeerAdaptiveRetry429: "#d62728",
	PeerAdaptive:         "#ff9896",
	PeerStandard:         "#e377c2",
	"hand-signed":        "#7f7f7f",
	"hand-unsigned":      "#bcbd22",
	"admitted rate":      "#2ca02c",
}

type svg struct{ strings.Builder }

func newSVG(width, height int) *svg {
	s := &svg{}
	fmt.Fprintf(s, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n",
		width, height, width, height)
	fmt.Fprintf(s, `<rect width="%d" height="%d" fill="white"/>`+"\n", width, height)
	return s
}

func (s *svg) text(x, y float64, anchor, text string, extra ...string) {
	fmt.Fprintf(s, `<text x="%.1f" y="%.1f" text-anchor="%s"%s>%s</text>`+"\n", x, y, anchor, attrs(extra), html.EscapeString(text))
}

func (s *svg) rect(x, y, w, h float64, fill string) {
	fmt.Fprintf(s, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`+"\n", x, y, w, h, fill)
}

func (s *svg) line(x1, y1, x2, y2 float64, stroke string, extra ...string) {
	fmt.Fprintf(s, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s"%s/>`+"\n", x1, y1, x2, y2, stroke, attrs(extra))
}

func (s *svg) polyline(points [][2]float64, stroke string, extra ...string) {
	var sb strings.Builder
	for i, p := range points {
		if i > 0 {
			sb.WriteByte(' ')
		}
		fmt.Fprintf(&sb, "%.1f,%.1f", p[0], p[1])
	}
	fmt.Fprintf(s, `<polyline points="%s" fill="none" stroke="%s"%s/>`+"\n", sb.String(), stroke, attrs(extra))
}

func attrs(extra []string) string {
	if len(extra) == 0 {
		return ""
	}
	return " " + strings.Join(extra, " ")
}

func (s *svg) writeTo(w io.Writer) error {
	s.WriteString("</svg>\n")
	_, err := io.WriteString(w, s.String())
	return err
}

// costRow is one bar of the cost chart.
type costRow struct {
	client, transport string
	value             float64
}

// WriteCostChart draws the per-call cost of each client (ns/op and
// allocs/op, medians of results) in memory and over loopback as bars.
func WriteCostChart(w io.Writer, results []Result) error {
	med := map[string]Sample{}
	for _, r := range results {
		med[r.Case.Name()] = r.Median()
	}
	clients := []string{"ours", "awsv2", "hand-signed", "hand-unsigned"}
	transports := []struct{ key, label string }{{"inmem", "in memory"}, {"loopback", "loopback"}}
	panels := []struct {
		title  string
		metric func(Sample) float64
		format string
	}{
		{"time per call (µs, median)", func(s Sample) float64 { return s.NsPerOp / 1000 }, "%.1f µs"},
		{"allocations per call (median)", func(s Sample) float64 { return s.AllocsPerOp }, "%.0f"},
	}
	const width, rowH, left, right, top = 760, 18, 190, 90, 40
	rows := len(clients) * len(transports)
	panelH := rows*rowH + 40
	s := newSVG(width, top+len(panels)*panelH+10)
	s.text(width/2, 22, "middle", "Cost per call: ours against aws-sdk-go-v2 and hand-built net/http requests", `font-size="14"`, `font-weight="bold"`)
	for pi, p := range panels {
		y0 := float64(top + pi*panelH)
		s.text(left, y0+14, "start", p.title, `font-weight="bold"`)
		var bars []costRow
		maxV := 0.0
		for _, t := range transports {
			for _, c := range clients {
				v, ok := med[c+"/"+t.key]
				if !ok {
					continue
				}
				bars = append(bars, costRow{client: c, transport: t.label, value: p.metric(v)})
				maxV = math.Max(maxV, p.metric(v))
			}
		}
		for i, b := range bars {
			y := y0 + 24 + float64(i*rowH)
			s.text(left-8, y+12, "end", b.client+" · "+b.transport)
			wBar := 0.0
			if maxV > 0 {
				wBar = b.value / maxV * float64(width-left-right)
			}
			s.rect(left, y+2, wBar, rowH-5, seriesColour[b.client])
			s.text(left+wBar+6, y+12, "start", fmt.Sprintf(p.format, b.value))
		}
	}
	return s.writeTo(w)
}

// WriteGoodputChart draws goodput over time (successes per second over the
// trailing second, every 250 ms) of each result of the changing-rate run,
// with the server's admitted rate as a dashed line.
func WriteGoodputChart(w io.Writer, run ChangingRun, results []ThrottleResult) error {
	const width, left, right, top, plotHeight = 760, 60, 20, 50, 270
	height := top + plotHeight + 40 + 18*(len(results)+1)
	plotW, plotH := float64(width-left-right), float64(plotHeight)
	maxRate := 0.0
	for _, st := range run.Steps {
		maxRate = math.Max(maxRate, st.Rate)
	}
	yMax := math.Ceil(maxRate*1.5/25) * 25
	dur := run.Duration.Seconds()
	x := func(t float64) float64 { return left + t/dur*plotW }
	y := func(v float64) float64 { return top + plotH - math.Min(v, yMax)/yMax*plotH }

	s := newSVG(width, height)
	s.text(width/2, 22, "middle", fmt.Sprintf("Goodput when the admitted rate changes (G=%d, burst %g)", run.Goroutines, run.Burst),
		`font-size="14"`, `font-weight="bold"`)
	// Axes and grid.
	for v := 0.0; v <= yMax; v += 25 {
		s.line(left, y(v), left+plotW, y(v), "#e0e0e0")
		s.text(left-6, y(v)+4, "end", fmt.Sprintf("%g", v))
	}
	step := 2.0
	if dur < 6 {
		step = 0.5
	}
	for t := 0.0; t <= dur+1e-9; t += step {
		s.line(x(t), top+plotH, x(t), top+plotH+4, "black")
		s.text(x(t), top+plotH+18, "middle", fmt.Sprintf("%g s", t))
	}
	s.line(left, top, left, top+plotH, "black")
	s.line(left, top+plotH, left+plotW, top+plotH, "black")
	s.text(14, top+plotH/2, "middle", "successful calls per second", fmt.Sprintf(`transform="rotate(-90 14 %.1f)"`, top+plotH/2))

	// The admitted rate, a step line.
	var admitted [][2]float64
	for i, st := range run.Steps {
		end := run.Duration
		if i+1 < len(run.Steps) {
			end = run.Steps[i+1].At
		}
		admitted = append(admitted, [2]float64{x(st.At.Seconds()), y(st.Rate)}, [2]float64{x(end.Seconds()), y(st.Rate)})
	}
	s.polyline(admitted, seriesColour["admitted rate"], `stroke-width="2"`, `stroke-dasharray="6 4"`)

	// One line per client.
	for _, r := range results {
		var pts [][2]float64
		for t := time.Second; t <= run.Duration; t += 250 * time.Millisecond {
			pts = append(pts, [2]float64{x(t.Seconds()), y(r.GoodputBetween(t-time.Second, t))})
		}
		colour := seriesColour[r.Client]
		if colour == "" {
			colour = "black"
		}
		s.polyline(pts, colour, `stroke-width="2"`)
	}

	// Legend below the plot, one entry a line.
	ly := top + plotH + 44
	type entry struct{ series, label string }
	entries := []entry{{"admitted rate", "admitted rate"}}
	for _, r := range results {
		entries = append(entries, entry{r.Client, fmt.Sprintf("%s (%d failed calls)", r.Client, r.Failed)})
	}
	for _, e := range entries {
		dash := ""
		if e.series == "admitted rate" {
			dash = `stroke-dasharray="6 4"`
		}
		s.line(left, ly-4, left+24, ly-4, seriesColour[e.series], `stroke-width="2"`, dash)
		s.text(left+30, ly, "start", e.label)
		ly += 18
	}
	return s.writeTo(w)
}

// fleetPalette colours a fleet's clients in turn.
var fleetPalette = []string{"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
	"#bcbd22", "#17becf", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94"}

// fleetWindow is the trailing window a client's goodput is averaged over in
// the fleet chart.
const fleetWindow = 2 * time.Second

// WriteFleetChart draws one panel per fleet of run: each client's
// successful calls per second over time (over the trailing fleetWindow,
// every 250 ms), with the fair share (R ÷ K) dashed.
func WriteFleetChart(w io.Writer, run FleetRun) error {
	const width, left, right, top, panelH, gap = 760, 60, 20, 50, 170, 50
	s := newSVG(width, top+len(run.Fleets)*(panelH+gap)+10)
	if len(run.Fleets) == 0 {
		return s.writeTo(w)
	}
	p0 := run.Fleets[0].Point
	s.text(width/2, 22, "middle", fmt.Sprintf("A fleet of K clients sharing R = %g calls/s (G = %d goroutines in all, %d calls): each client's goodput",
		p0.Rate, p0.Goroutines, p0.Calls), `font-size="14"`, `font-weight="bold"`)
	s.text(width/2, 38, "middle", fmt.Sprintf("one client alone at the same load: p99 %s", ms(run.Single.Quantile(0.99))))
	plotW := float64(width - left - right)
	for i, f := range run.Fleets {
		y0 := float64(top + i*(panelH+gap) + 24)
		fair := f.Point.Rate / float64(f.Point.Clients)
		yMax := math.Ceil(fair*3/5) * 5
		dur := math.Max(f.Total.Elapsed.Seconds(), 1)
		x := func(t float64) float64 { return left + t/dur*plotW }
		y := func(v float64) float64 { return y0 + panelH - math.Min(v, yMax)/yMax*panelH }
		s.text(left, y0-8, "start", fmt.Sprintf("K = %d: Jain's index %.3f, p99 %s, goodput / R %.3f, %d failed calls",
			f.Point.Clients, f.JainIndex(), ms(f.Total.Quantile(0.99)), f.Total.GoodputRatio(), f.Total.Failed), `font-weight="bold"`)
		for v := 0.0; v <= yMax+1e-9; v += yMax / 3 {
			s.line(left, y(v), left+plotW, y(v), "#e0e0e0")
			s.text(left-6, y(v)+4, "end", fmt.Sprintf("%.0f", v))
		}
		step := 5.0
		if dur < 10 {
			step = 1
		}
		for t := 0.0; t <= dur+1e-9; t += step {
			s.line(x(t), y0+panelH, x(t), y0+panelH+4, "black")
			s.text(x(t), y0+panelH+16, "middle", fmt.Sprintf("%g s", t))
		}
		s.line(left, y0, left, y0+panelH, "black")
		s.line(left, y0+panelH, left+plotW, y0+panelH, "black")
		for c, cr := range f.PerClient {
			var pts [][2]float64
			for t := fleetWindow; t <= f.Total.Elapsed; t += 250 * time.Millisecond {
				pts = append(pts, [2]float64{x(t.Seconds()), y(cr.GoodputBetween(t-fleetWindow, t))})
			}
			s.polyline(pts, fleetPalette[c%len(fleetPalette)], `stroke-width="1.2"`, `stroke-opacity="0.8"`)
		}
		s.line(left, y(fair), left+plotW, y(fair), seriesColour["admitted rate"], `stroke-width="2"`, `stroke-dasharray="6 4"`)
		s.text(left+plotW-4, y(fair)-5, "end", fmt.Sprintf("fair share R / K = %.1f", fair))
	}
	s.text(14, float64(top+len(run.Fleets)*(panelH+gap))/2, "middle", "successful calls per second, per client",
		fmt.Sprintf(`transform="rotate(-90 14 %.1f)"`, float64(top+len(run.Fleets)*(panelH+gap))/2))
	return s.writeTo(w)
}
