package library

import (
	"bytes"
	"context"
	"testing"

	"github.com/shotdeck/shotdeck/data"
)

// BenchmarkImportCatalog measures catalog-only import throughput (lines/s)
// into a fresh store, the path of `shotdeck import` for metadata manifests.
func BenchmarkImportCatalog(b *testing.B) {
	var manifest bytes.Buffer
	const n = 5000
	if err := data.Generate(&manifest, n, 3); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		s := newService(b)
		b.StartTimer()
		sum, err := s.Import(context.Background(), bytes.NewReader(manifest.Bytes()), ImportOptions{})
		if err != nil || sum.Created != n {
			b.Fatalf("%v %+v", err, sum.Progress)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "lines/s")
}

// BenchmarkParseLine measures parsing one generated manifest line.
func BenchmarkParseLine(b *testing.B) {
	var lines [][]byte
	data.GenerateLines(1000, 5, func(l []byte) error {
		lines = append(lines, bytes.Clone(l))
		return nil
	})
	i := 0
	for b.Loop() {
		if _, _, err := ParseLine(lines[i%len(lines)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
