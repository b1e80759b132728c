package benchmarks

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// Targets of the fleet scenario for ours in adaptive mode (issue 23), for
// fleets of at least fleetCheckedClients clients.
const (
	TargetFleetGoodputRatio = 0.95
	TargetFleetJain         = 0.95
	TargetFleetP99Factor    = 1.5 // × the single client's p99 in the same run
	fleetCheckedClients     = 8
)

// CheckFleet returns the targets that apply to r, a fleet of ours in
// adaptive mode, against single, one client at the same load in the same
// run: none for fleets of fewer than 8 clients (reported only).
func CheckFleet(r FleetResult, single ThrottleResult) []ThrottleCheck {
	if r.Point.Clients < fleetCheckedClients {
		return nil
	}
	t := r.Total
	p99, limit := t.Quantile(0.99), time.Duration(TargetFleetP99Factor*float64(single.Quantile(0.99)))
	return []ThrottleCheck{
		{fmt.Sprintf("goodput/R %.3f ≥ %.2f", t.GoodputRatio(), TargetFleetGoodputRatio), t.GoodputRatio() >= TargetFleetGoodputRatio},
		{fmt.Sprintf("failed %d = 0", t.Failed), t.Failed == 0},
		{fmt.Sprintf("attempts/success %.3f ≤ %.1f", t.AttemptsPerSuccess(), TargetAttemptsPerCall), t.AttemptsPerSuccess() <= TargetAttemptsPerCall},
		{fmt.Sprintf("Jain's index %.3f ≥ %.2f", r.JainIndex(), TargetFleetJain), r.JainIndex() >= TargetFleetJain},
		{fmt.Sprintf("p99 %s ≤ 1.5 × single client's %s", ms(p99), ms(single.Quantile(0.99))), p99 <= limit},
	}
}

// fleetRow is one line of the fleet table: a single client or a fleet.
type fleetRow struct {
	what                 string
	goodput, perSuccess  float64
	failed               int
	p50, p99             time.Duration
	jain, shareLo, share float64
	fleet                bool
}

func singleRow(r ThrottleResult) fleetRow {
	return fleetRow{what: "1 client", goodput: r.GoodputRatio(), perSuccess: r.AttemptsPerSuccess(), failed: r.Failed,
		p50: r.Quantile(0.5), p99: r.Quantile(0.99)}
}

func fleetRowOf(r FleetResult) fleetRow {
	lo, hi := r.ShareRange()
	t := r.Total
	return fleetRow{what: fmt.Sprintf("%d clients", r.Point.Clients), goodput: t.GoodputRatio(), perSuccess: t.AttemptsPerSuccess(),
		failed: t.Failed, p50: t.Quantile(0.5), p99: t.Quantile(0.99), jain: r.JainIndex(), shareLo: lo, share: hi, fleet: true}
}

func (f fleetRow) cells() string {
	jain, share := "—", "—"
	if f.fleet {
		jain, share = fmt.Sprintf("%.3f", f.jain), fmt.Sprintf("%.2f–%.2f", f.shareLo, f.share)
	}
	return fmt.Sprintf("%.3f | %d | %.2f | %s | %s | %s | %s", f.goodput, f.failed, f.perSuccess, ms(f.p50), ms(f.p99), jain, share)
}

// medianRow is the median of each column over rows (one per run).
func medianRow(rows []fleetRow) fleetRow {
	m := rows[0]
	m.goodput = medianOf(rows, func(r fleetRow) float64 { return r.goodput })
	m.perSuccess = medianOf(rows, func(r fleetRow) float64 { return r.perSuccess })
	m.failed = int(medianOf(rows, func(r fleetRow) float64 { return float64(r.failed) }))
	m.p50 = time.Duration(medianOf(rows, func(r fleetRow) float64 { return float64(r.p50) }))
	m.p99 = time.Duration(medianOf(rows, func(r fleetRow) float64 { return float64(r.p99) }))
	m.jain = medianOf(rows, func(r fleetRow) float64 { return r.jain })
	m.shareLo = medianOf(rows, func(r fleetRow) float64 { return r.shareLo })
	m.share = medianOf(rows, func(r fleetRow) float64 { return r.share })
	return m
}

// medianOf is the median of f over rows (the mean of the middle two for an
// even count).
func medianOf(rows []fleetRow, f func(fleetRow) float64) float64 {
	v := make([]float64, len(rows))
	for i, r := range rows {
		v[i] = f(r)
	}
	slices.Sort(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}

// WriteFleetReport writes the fleet table (every run, then the medians when
// there are several) and, with thresholds, the checks of every run; it
// returns whether every check passed (true without thresholds).
func WriteFleetReport(w io.Writer, runs []FleetRun, thresholds bool) bool {
	if len(runs) == 0 {
		return true
	}
	var sb strings.Builder
	p := runs[0].Fleets[0].Point
	fmt.Fprintf(&sb, "Ours adaptive, R=%g (burst %g), G=%d goroutines in all, N=%d calls: one client, then K clients with G/K goroutines each.\n",
		p.Rate, p.Burst, p.Goroutines, p.Calls)
	sb.WriteString("Share: the smallest and largest client's successes ÷ the fair share.\n\n")
	sb.WriteString("| run | clients | goodput / R | failed calls | attempts per success | p50 | p99 | Jain's index | share |\n")
	sb.WriteString("|---|---|---:|---:|---:|---:|---:|---:|---:|\n")
	byRow := map[string][]fleetRow{}
	var order []string
	add := func(run int, f fleetRow) {
		fmt.Fprintf(&sb, "| %d | %s | %s |\n", run, f.what, f.cells())
		if _, ok := byRow[f.what]; !ok {
			order = append(order, f.what)
		}
		byRow[f.what] = append(byRow[f.what], f)
	}
	for i, r := range runs {
		add(i+1, singleRow(r.Single))
		for _, f := range r.Fleets {
			add(i+1, fleetRowOf(f))
		}
	}
	if len(runs) > 1 {
		for _, what := range order {
			fmt.Fprintf(&sb, "| median of %d | %s | %s |\n", len(byRow[what]), what, medianRow(byRow[what]).cells())
		}
	}
	ok := true
	if thresholds {
		sb.WriteString("\n| check | result |\n|---|---|\n")
		for i, r := range runs {
			for _, f := range r.Fleets {
				for _, c := range CheckFleet(f, r.Single) {
					ok = ok && c.Pass
					fmt.Fprintf(&sb, "| run %d, %s: %s | %s |\n", i+1, f.Point, c.What, passFail(c.Pass))
				}
			}
		}
	}
	for _, r := range runs {
		for _, f := range r.Fleets {
			if f.Total.FirstErr != "" {
				fmt.Fprintf(&sb, "\nfirst error of the fleet at %s: %.300s\n", f.Point, f.Total.FirstErr)
				break
			}
		}
	}
	_, _ = io.WriteString(w, sb.String())
	return ok
}
