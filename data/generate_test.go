package data

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"testing"

	"github.com/shotdeck/shotdeck/taxonomy"
)

var genIDRE = regexp.MustCompile(`^gen-(-?\d+)-(\d+)$`)

func TestGenerate(t *testing.T) {
	const n = 3000
	var buf bytes.Buffer
	if err := Generate(&buf, n, 42); err != nil {
		t.Fatal(err)
	}
	lines := splitLines(t, buf.Bytes())
	if len(lines) != n {
		t.Fatalf("got %d lines, want %d", len(lines), n)
	}
	films := map[string]int{}
	for i, line := range lines {
		obj := checkLine(t, i+1, line)
		if id := obj["id"].(string); id != fmt.Sprintf("gen-42-%d", i+1) || !genIDRE.MatchString(id) {
			t.Fatalf("line %d: id %q", i+1, id)
		}
		if _, ok := obj["file"]; ok {
			t.Fatalf("line %d: generated lines are catalog-only", i+1)
		}
		for _, f := range taxonomy.Fields() {
			_, ok := obj[f.Name]
			optional := f.Name == "lighting" || f.Name == "shot_type" || f.Name == "lab_process" ||
				f.Name == "gender" || f.Name == "age" || f.Name == "genre"
			if !ok && !optional {
				t.Fatalf("line %d: no %s", i+1, f.Name)
			}
		}
		w, _ := obj["width"].(json.Number).Int64()
		h, _ := obj["height"].(json.Number).Int64()
		if got := taxonomy.AspectBucket(int(w), int(h)); got != obj["aspect_ratio"] {
			t.Fatalf("line %d: %dx%d is %s, line says %v", i+1, w, h, got, obj["aspect_ratio"])
		}
		pal, _ := obj["palette"].([]any)
		if len(pal) < 3 || len(pal) > 6 {
			t.Fatalf("line %d: palette of %d", i+1, len(pal))
		}
		for _, p := range pal {
			if s, _ := p.(string); !hexRE.MatchString(s) {
				t.Fatalf("line %d: palette colour %v", i+1, p)
			}
		}
		if obj["number_of_people"] == "none" && (obj["gender"] != nil || obj["age"] != nil) {
			t.Fatalf("line %d: gender or age without people", i+1)
		}
		if i < 300 {
			filmOf(t, i+1, obj)
		}
		films[obj["movie"].(map[string]any)["title"].(string)]++
	}
	top := 0
	for _, c := range films {
		top = max(top, c)
	}
	if top < 20 || len(films) < 500 {
		t.Errorf("film spread: top film %d stills, %d films", top, len(films))
	}
}

func TestGenerateDeterministic(t *testing.T) {
	var a, b, c, short bytes.Buffer
	Generate(&a, 500, 7)
	Generate(&b, 500, 7)
	Generate(&c, 500, 8)
	Generate(&short, 100, 7)
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("same seed, different output")
	}
	if bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Fatal("different seeds, same output")
	}
	if !bytes.HasPrefix(a.Bytes(), short.Bytes()) {
		t.Fatal("the first 100 lines depend on n")
	}
}

func TestGenerateStopsOnError(t *testing.T) {
	boom := errors.New("boom")
	calls := 0
	err := GenerateLines(10, 1, func([]byte) error {
		calls++
		if calls == 3 {
			return boom
		}
		return nil
	})
	if !errors.Is(err, boom) || calls != 3 {
		t.Fatalf("err %v after %d calls", err, calls)
	}
	if err := Generate(failWriter{}, 100000, 1); err == nil {
		t.Fatal("write error lost")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, io.ErrClosedPipe }

// BenchmarkGenerate reports lines/s; the budget is at least 200,000.
func BenchmarkGenerate(b *testing.B) {
	var bytes int64
	for b.Loop() {
		bytes = 0
		GenerateLines(10000, 1, func(line []byte) error { bytes += int64(len(line)); return nil })
	}
	b.ReportMetric(float64(10000*b.N)/b.Elapsed().Seconds(), "lines/s")
	b.SetBytes(bytes)
}
