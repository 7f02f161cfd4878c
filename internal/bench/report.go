package bench

import (
	"fmt"
	"io"
	"sync"
	"text/tabwriter"
	"time"
)

// Row is one figure of the report.
type Row struct {
	Scenario string // set by Env.Add
	Measure  string // e.g. "StartTaskContact"
	Target   string // what was measured: "connectd", "baseline", ...
	Conc     int    // connections (0: not a load)
	Value    float64
	Unit     string // e.g. "req/s"
	// Base is the baseline's figure for the same measure in the same run;
	// the report prints Value/Base. 0: none.
	Base     float64
	P50, P99 time.Duration
	Errors   int
}

// Report collects rows and notes and prints them as a table.
type Report struct {
	mu       sync.Mutex
	scenario string
	rows     []Row
	notes    []string
}

// Add adds a row.
func (r *Report) Add(row Row) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if row.Scenario == "" {
		row.Scenario = r.scenario
	}
	r.rows = append(r.rows, row)
}

// Note adds a line printed under the table.
func (r *Report) Note(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.notes = append(r.notes, r.scenario+": "+fmt.Sprintf(format, args...))
}

// Rows returns the rows added so far.
func (r *Report) Rows() []Row {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Row(nil), r.rows...)
}

// Print writes the table.
func (r *Report) Print(w io.Writer) {
	r.mu.Lock()
	defer r.mu.Unlock()
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario\tmeasure\ttarget\tconns\tvalue\tunit\tvs baseline\tp50\tp99\terrors\t")
	for _, row := range r.rows {
		conc, ratio, p50, p99 := "", "", "", ""
		if row.Conc > 0 {
			conc = fmt.Sprint(row.Conc)
		}
		if row.Base > 0 {
			ratio = fmt.Sprintf("%.1f%%", 100*row.Value/row.Base)
		}
		if row.P50 > 0 {
			p50, p99 = ms(row.P50), ms(row.P99)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t\n", row.Scenario, row.Measure, row.Target, conc,
			number(row.Value), row.Unit, ratio, p50, p99, row.Errors)
	}
	tw.Flush()
	for _, n := range r.notes {
		fmt.Fprintln(w, n)
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d.Microseconds())/1000) }

func number(v float64) string {
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.2f", v)
}
