package bench

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func sampleReport() *Report {
	yes, no := true, false
	return &Report{
		Setup: Setup{Mode: "in-process", Images: 1_000_000, Concurrency: 32, Duration: "10s", CPUs: 2},
		Results: []Result{
			{Scenario: "list", Requests: 123456, P50: 1.234, P95: 4.5, P99: 9.875, PerSecond: 12345.6, CacheMisses: 123456,
				Budget: Budget{P99: 10 * time.Millisecond}, Met: &yes},
			{Scenario: "search_facets", Requests: 900, P50: 40, P95: 70, P99: 120.5, PerSecond: 90, Errors: 2,
				CacheMisses: 900, Budget: Budget{P99: 50 * time.Millisecond}, Met: &no},
			{Scenario: "still_detail", Requests: 5000, P50: 1, P95: 2, P99: 3, PerSecond: 500},
			{Scenario: "list_cached", Requests: 250000, P50: 0.9, P95: 2, P99: 4, PerSecond: 25000, CacheHits: 249000, CacheMisses: 1000,
				Budget: Budget{MinRPS: 20000}, Met: &yes},
		},
	}
}

func TestWriteTable(t *testing.T) {
	var b bytes.Buffer
	if err := sampleReport().WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 5 {
		t.Fatalf("want a header and 4 rows:\n%s", b.String())
	}
	for _, h := range tableColumns {
		if !strings.Contains(lines[0], h) {
			t.Errorf("header lacks %q: %s", h, lines[0])
		}
	}
	for i, want := range [][]string{
		{"list", "123,456", "1.23", "4.50", "9.88", "12,346", "0", "0 %", "p99 ≤ 10 ms", "met"},
		{"search_facets", "900", "40.00", "70.00", "120.50", "90", "2", "0 %", "p99 ≤ 50 ms", "MISSED"},
		{"still_detail", "5,000", "1.00", "2.00", "3.00", "500", "0", "–", "–", "–"},
		{"list_cached", "250,000", "0.90", "2.00", "4.00", "25,000", "0", "100 %", "≥ 20,000 req/s", "met"},
	} {
		line := lines[i+1]
		if !strings.HasPrefix(line, want[0]+" ") {
			t.Errorf("row %d starts %q, want the scenario %s", i, line, want[0])
		}
		rest := line
		for _, cell := range want {
			j := strings.Index(rest, cell)
			if j < 0 {
				t.Errorf("row %q: no %q in its place", line, cell)
				break
			}
			rest = rest[j+len(cell):]
		}
		if strings.HasSuffix(line, " ") {
			t.Errorf("row %q has trailing spaces", line)
		}
	}
	// Right-aligned numbers: every row's p99 column ends where the
	// header's does.
	end := func(line, cell string) int {
		return utf8.RuneCountInString(line[:strings.Index(line, cell)+len(cell)])
	}
	col := end(lines[0], "p99 ms")
	for i, p99 := range []string{"9.88", "120.50", "3.00", "4.00"} {
		if got := end(lines[i+1], p99); got != col {
			t.Errorf("row %d: p99 ends at column %d, header at %d", i, got, col)
		}
	}
}

func TestWriteJSON(t *testing.T) {
	var b bytes.Buffer
	if err := sampleReport().WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Setup   struct{ Images, Concurrency int }
		Results []struct {
			Scenario string
			P99      float64 `json:"p99_ms"`
			Met      *bool
			Budget   struct {
				Text   string
				P99    float64 `json:"p99_ms"`
				MinRPS float64 `json:"min_req_per_s"`
			}
		}
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	if got.Setup.Images != 1_000_000 || len(got.Results) != 4 {
		t.Fatalf("decoded %+v", got)
	}
	r := got.Results
	if r[0].Budget.P99 != 10 || r[0].Budget.Text != "p99 ≤ 10 ms" || r[0].Met == nil || !*r[0].Met || r[0].P99 != 9.875 {
		t.Errorf("list: %+v", r[0])
	}
	if r[2].Met != nil || r[2].Budget.Text != "–" {
		t.Errorf("a scenario without budget: %+v", r[2])
	}
	if r[3].Budget.MinRPS != 20000 {
		t.Errorf("list_cached budget: %+v", r[3].Budget)
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 20000: "20,000",
		1234567: "1,234,567", -1500: "-1,500"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestWriteText(t *testing.T) {
	r := sampleReport()
	r.Setup.GoVersion, r.Setup.LoadAverage = "go1.26", "1.50 1.20 0.90"
	r.Setup.Import = &Import{Stills: 1_000_000, Seconds: 200, PerSecond: 5000, Via: "library"}
	r.Setup.PeakRSSLoad, r.Setup.PeakRSS = 900<<20, 1200<<20
	var b bytes.Buffer
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 8 {
		t.Fatalf("want setup, header, 4 rows, import, RSS:\n%s", b.String())
	}
	for i, want := range map[int]string{
		0: "shotdeck bench: 1,000,000 stills, 32 connections, 10s per scenario, in-process, go1.26, 2 CPUs, load average 1.50 1.20 0.90",
		6: "import: 1,000,000 stills in 200.0 s, 5,000/s (via library, the indexer running beside it)",
		7: "peak RSS of server and load generator: 900 MiB after loading, 1,200 MiB at the end",
	} {
		if lines[i] != want {
			t.Errorf("line %d:\n%s\nwant\n%s", i, lines[i], want)
		}
	}
	if !strings.HasPrefix(lines[1], "scenario") {
		t.Errorf("the table does not follow the setup line: %s", lines[1])
	}
}
