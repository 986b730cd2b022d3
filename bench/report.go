package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Budget is a DESIGN.md performance budget: a p99 latency ceiling or a
// throughput floor. The zero Budget is "no budget".
type Budget struct {
	P99    time.Duration `json:"-"`
	MinRPS float64       `json:"-"`
}

// MarshalJSON writes the budget in the units the table shows.
func (b Budget) MarshalJSON() ([]byte, error) {
	out := map[string]any{"text": b.String()}
	if b.P99 > 0 {
		out["p99_ms"] = ms(b.P99)
	}
	if b.MinRPS > 0 {
		out["min_req_per_s"] = b.MinRPS
	}
	return json.Marshal(out)
}

// String is the budget as the table shows it.
func (b Budget) String() string {
	switch {
	case b.P99 > 0:
		return "p99 ≤ " + trimFloat(ms(b.P99)) + " ms"
	case b.MinRPS > 0:
		return "≥ " + thousands(int64(b.MinRPS)) + " req/s"
	}
	return "–"
}

// met says whether r meets the budget: nil without a budget. A scenario
// with errors, or without a single answer, misses whatever its numbers.
func (b Budget) met(r *Result) *bool {
	if b.P99 == 0 && b.MinRPS == 0 {
		return nil
	}
	ok := r.Errors == 0 && r.Requests > 0
	if b.P99 > 0 && r.P99 > ms(b.P99) {
		ok = false
	}
	if b.MinRPS > 0 && r.PerSecond < b.MinRPS {
		ok = false
	}
	return &ok
}

// Result is one scenario's outcome. Latencies are in milliseconds.
type Result struct {
	Scenario     string   `json:"scenario"`
	About        string   `json:"about"`
	Concurrency  int      `json:"concurrency"`
	Requests     int      `json:"requests"`
	Errors       int      `json:"errors"`
	ErrorSamples []string `json:"error_samples,omitempty"`
	P50          float64  `json:"p50_ms"`
	P95          float64  `json:"p95_ms"`
	P99          float64  `json:"p99_ms"`
	Max          float64  `json:"max_ms"`
	PerSecond    float64  `json:"req_per_s"`
	Seconds      float64  `json:"seconds"`
	// CacheHits and CacheMisses count answers by the server's
	// Server-Timing cache entry; both are zero where the route has no
	// response cache.
	CacheHits   int    `json:"cache_hits"`
	CacheMisses int    `json:"cache_misses"`
	MeanBytes   int    `json:"mean_bytes"`
	Budget      Budget `json:"budget"`
	Met         *bool  `json:"met"` // null without a budget
}

// Report is a whole bench run: how it was set up and what it measured.
type Report struct {
	Setup   Setup    `json:"setup"`
	Results []Result `json:"results"`
}

// Setup describes the run, so a result can be compared with another.
type Setup struct {
	Mode        string `json:"mode"` // "in-process" or "remote"
	URL         string `json:"url,omitempty"`
	Images      int    `json:"images"` // stills in the library during the run
	Concurrency int    `json:"concurrency"`
	Duration    string `json:"duration"`
	GoVersion   string `json:"go_version"`
	OS          string `json:"os"`
	Arch        string `json:"arch"`
	CPUs        int    `json:"cpus"`
	Date        string `json:"date"`
	LoadAverage string `json:"load_average,omitempty"` // /proc/loadavg before the scenarios
	// PeakRSSLoad is the process's peak RSS when loading was done (import,
	// indexing, deck), PeakRSS at the end; in-process runs on Linux only,
	// server and load generator together.
	PeakRSSLoad int64   `json:"peak_rss_after_load_bytes,omitempty"`
	PeakRSS     int64   `json:"peak_rss_bytes,omitempty"`
	Import      *Import `json:"import,omitempty"`
	// IndexWait is how long the search index took to catch up after the
	// import (or with the library as found).
	IndexWaitSeconds float64 `json:"index_wait_seconds"`
	DeckCards        int     `json:"deck_cards"`
	LiveClients      int     `json:"live_clients"`
}

// Import is the load phase's import, when there was one.
type Import struct {
	Stills    int     `json:"stills"`  // lines imported in this run
	Reused    int     `json:"reused"`  // stills already in the library
	Seconds   float64 `json:"seconds"` // wall time, the indexer running beside it
	PerSecond float64 `json:"per_second"`
	Via       string  `json:"via"` // "library" (in-process) or "bulk API"
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("bench: write json: %w", err)
	}
	return nil
}

// WriteText writes what bench prints: a line on the setup, the table, and
// the import rate and peak RSS when known.
func (r *Report) WriteText(w io.Writer) error {
	s := r.Setup
	head := fmt.Sprintf("shotdeck bench: %s, %s, %s per scenario, %s, %s, %s",
		plural(s.Images, "still"), plural(s.Concurrency, "connection"), s.Duration, s.Mode, s.GoVersion, plural(s.CPUs, "CPU"))
	if s.LoadAverage != "" {
		head += ", load average " + s.LoadAverage
	}
	if _, err := fmt.Fprintln(w, head); err != nil {
		return err
	}
	if err := r.WriteTable(w); err != nil {
		return err
	}
	var foot strings.Builder
	if im := s.Import; im != nil {
		fmt.Fprintf(&foot, "import: %s stills in %.1f s, %s/s (via %s, the indexer running beside it)\n",
			thousands(int64(im.Stills)), im.Seconds, thousands(int64(im.PerSecond+0.5)), im.Via)
	}
	if s.PeakRSS > 0 {
		fmt.Fprintf(&foot, "peak RSS of server and load generator: %s MiB after loading, %s MiB at the end\n",
			thousands(s.PeakRSSLoad>>20), thousands(s.PeakRSS>>20))
	}
	_, err := io.WriteString(w, foot.String())
	return err
}

// tableColumns are the table's headers; numbers are right-aligned.
var tableColumns = []string{"scenario", "requests", "p50 ms", "p95 ms", "p99 ms", "req/s", "errors", "cache hits", "budget", "result"}

// WriteTable writes the results as an aligned text table.
func (r *Report) WriteTable(w io.Writer) error {
	rows := [][]string{tableColumns}
	for i := range r.Results {
		rows = append(rows, r.Results[i].row())
	}
	width := make([]int, len(tableColumns))
	for _, row := range rows {
		for i, cell := range row {
			width[i] = max(width[i], len([]rune(cell)))
		}
	}
	var b strings.Builder
	for _, row := range rows {
		var line strings.Builder
		for i, cell := range row {
			pad := strings.Repeat(" ", width[i]-len([]rune(cell)))
			switch {
			case i == 0 || i >= len(row)-2: // names and words: left-aligned
				line.WriteString(cell + pad)
			default:
				line.WriteString(pad + cell)
			}
			line.WriteString("  ")
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func (r *Result) row() []string {
	result := "–"
	if r.Met != nil {
		result = "met"
		if !*r.Met {
			result = "MISSED"
		}
	}
	return []string{
		r.Scenario,
		thousands(int64(r.Requests)),
		fmt.Sprintf("%.2f", r.P50),
		fmt.Sprintf("%.2f", r.P95),
		fmt.Sprintf("%.2f", r.P99),
		thousands(int64(r.PerSecond + 0.5)),
		thousands(int64(r.Errors)),
		r.hitRatio(),
		r.Budget.String(),
		result,
	}
}

// hitRatio is the share of answers served from the response cache, "–"
// where the route does not cache.
func (r *Result) hitRatio() string {
	n := r.CacheHits + r.CacheMisses
	if n == 0 {
		return "–"
	}
	return strconv.Itoa(int(float64(r.CacheHits)*100/float64(n)+0.5)) + " %"
}

// thousands formats n with comma separators: 20000 → "20,000".
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// plural is "1 still", "2,000 stills".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return thousands(int64(n)) + " " + noun + "s"
}

func trimFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
