// Package metrics holds Shotdeck's Prometheus metrics: one registry of its
// own (never the global default, so tests and embedders get exactly our
// series), typed methods that the other packages' hooks call, and the
// exposition for GET /metrics.
//
// Imports flow one way: metrics reads the cache's counters, and nothing
// but the wiring and the web layer imports metrics.
package metrics

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/prometheus/common/expfmt"
)

// namespace prefixes every series of ours.
const namespace = "shotdeck"

// TextContentType is the Content-Type of WriteText's output.
const TextContentType = "text/plain; version=0.0.4; charset=utf-8"

// latencyBuckets span 0.25 ms to 10 s with a bound at each of DESIGN.md's
// p99 budgets (5, 10, 15, 25, 50 ms), so a budget can be read straight off
// a bucket.
var latencyBuckets = []float64{
	0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.015, 0.025, 0.05,
	0.1, 0.25, 0.5, 1, 2.5, 5, 10,
}

// Registry is Shotdeck's metrics. Its methods are safe for concurrent use.
type Registry struct {
	reg *prometheus.Registry

	http  httpMetrics
	store storeMetrics
	index indexMetrics
	live  liveMetrics
	jobs  jobMetrics
}

// New makes a registry with every Shotdeck series, the Go runtime
// collector and the process collector (CPU, open files, resident memory),
// plus the process's peak resident memory where the OS reports it.
func New() *Registry {
	r := &Registry{reg: prometheus.NewRegistry()}
	r.http = newHTTPMetrics()
	r.store = newStoreMetrics()
	r.index = newIndexMetrics()
	r.live = newLiveMetrics()
	r.jobs = newJobMetrics()
	r.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	r.http.register(r.reg)
	r.store.register(r.reg)
	r.index.register(r.reg)
	r.live.register(r.reg)
	r.jobs.register(r.reg)
	if _, ok := peakRSS(); ok {
		r.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Namespace: namespace, Name: "process_peak_resident_memory_bytes",
			Help: "Highest resident set size of the process so far (getrusage ru_maxrss).",
		}, func() float64 { b, _ := peakRSS(); return b }))
	}
	return r
}

// Gatherer exposes the registry to code that gathers directly (tests,
// a push to a gateway).
func (r *Registry) Gatherer() prometheus.Gatherer { return r.reg }

// Handler serves the registry in the Prometheus exposition format,
// negotiated from Accept (and gzipped when accepted). Errors gathering a
// collector are logged to slog's default logger; the other series are
// still served.
func (r *Registry) Handler() http.Handler {
	return promhttp.HandlerFor(r.reg, promhttp.HandlerOpts{
		ErrorLog:      slog.NewLogLogger(slog.Default().Handler(), slog.LevelError),
		ErrorHandling: promhttp.ContinueOnError,
	})
}

// WriteText writes every series in the text format (TextContentType) to
// w: the simplest way to answer from a Fiber handler. Series that gathered
// are written even when another collector failed; that error is returned.
func (r *Registry) WriteText(w io.Writer) error {
	mfs, gatherErr := r.reg.Gather()
	enc := expfmt.NewEncoder(w, expfmt.NewFormat(expfmt.TypeTextPlain))
	for _, mf := range mfs {
		if err := enc.Encode(mf); err != nil {
			return fmt.Errorf("metrics: write %s: %w", mf.GetName(), err)
		}
	}
	if gatherErr != nil {
		return fmt.Errorf("metrics: gather: %w", gatherErr)
	}
	return nil
}

// registerFunc registers a gauge whose value fn reports at each scrape.
// Registering the same name twice is an error.
func (r *Registry) registerFunc(name, help string, fn func() float64) error {
	if fn == nil {
		return fmt.Errorf("metrics: register %s: nil func", name)
	}
	g := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: namespace, Name: name, Help: help}, fn)
	if err := r.reg.Register(g); err != nil {
		var dup prometheus.AlreadyRegisteredError
		if errors.As(err, &dup) {
			return fmt.Errorf("metrics: register %s: already registered", name)
		}
		return fmt.Errorf("metrics: register %s: %w", name, err)
	}
	return nil
}
