package metrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// storeMetrics are SQLite's series, fed by store.Options.OnQuery.
type storeMetrics struct {
	duration prometheus.Histogram
	slow     prometheus.Counter
}

// queryBuckets start below the request buckets: an indexed point read
// takes tens of microseconds, and 0.25 ms as the first bound would put
// nearly every statement in one bucket.
var queryBuckets = append([]float64{0.00005, 0.0001}, latencyBuckets...)

func newStoreMetrics() storeMetrics {
	return storeMetrics{
		duration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Namespace: namespace, Name: "sqlite_query_duration_seconds",
			Help: "Time of each SQLite statement.", Buckets: queryBuckets,
		}),
		slow: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: namespace, Name: "sqlite_slow_queries_total",
			Help: "SQLite statements slower than the slow-query threshold.",
		}),
	}
}

func (m *storeMetrics) register(reg *prometheus.Registry) { reg.MustRegister(m.duration, m.slow) }

// ObserveQuery records one SQLite statement; its signature is
// store.Options.OnQuery's, so the method value can be passed as the hook.
func (r *Registry) ObserveQuery(d time.Duration, slow bool) {
	r.store.duration.Observe(d.Seconds())
	if slow {
		r.store.slow.Inc()
	}
}

// indexMetrics are the search indexer's series.
type indexMetrics struct {
	batch prometheus.Histogram
	docs  prometheus.Counter
}

// batchBuckets extend the latency buckets: a full batch of a bulk import
// can take tens of seconds.
var batchBuckets = append(append([]float64{}, latencyBuckets...), 30, 60)

func newIndexMetrics() indexMetrics {
	return indexMetrics{
		batch: prometheus.NewHistogram(prometheus.HistogramOpts{
			Namespace: namespace, Name: "index_batch_duration_seconds",
			Help: "Time to apply one batch of outbox entries to the search indexes.", Buckets: batchBuckets,
		}),
		docs: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: namespace, Name: "index_docs_applied_total",
			Help: "Stills (upserts and deletes) applied to the search indexes.",
		}),
	}
}

func (m *indexMetrics) register(reg *prometheus.Registry) { reg.MustRegister(m.batch, m.docs) }

// ObserveIndexBatch records one applied indexing batch of docs stills.
func (r *Registry) ObserveIndexBatch(d time.Duration, docs int) {
	r.index.batch.Observe(d.Seconds())
	r.index.docs.Add(float64(max(docs, 0)))
}

// RegisterIndexLag adds the index_lag gauge, read from lag at each scrape
// (outbox entries not yet applied; NaN while the index loads is fine).
func (r *Registry) RegisterIndexLag(lag func() float64) error {
	return r.registerFunc("index_lag", "Outbox entries committed but not yet applied to the search indexes.", lag)
}

// liveMetrics are the WebSocket series.
type liveMetrics struct {
	conns   prometheus.Gauge
	msgs    *prometheus.CounterVec
	in, out prometheus.Counter
}

func newLiveMetrics() liveMetrics {
	m := liveMetrics{
		conns: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: namespace, Name: "websocket_connections",
			Help: "Open WebSocket connections.",
		}),
		msgs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "websocket_messages_total",
			Help: "WebSocket messages, by direction (in: from clients, out: to clients).",
		}, []string{"direction"}),
	}
	// Resolved once: both series exist from the start and each message
	// costs one atomic add.
	m.in, m.out = m.msgs.WithLabelValues("in"), m.msgs.WithLabelValues("out")
	return m
}

func (m *liveMetrics) register(reg *prometheus.Registry) { reg.MustRegister(m.conns, m.msgs) }

// WebSocketOpened counts a connection in; pair it with WebSocketClosed.
func (r *Registry) WebSocketOpened() { r.live.conns.Inc() }

// WebSocketClosed counts a connection out.
func (r *Registry) WebSocketClosed() { r.live.conns.Dec() }

// WebSocketIn counts a message received from a client.
func (r *Registry) WebSocketIn() { r.live.in.Inc() }

// WebSocketOut counts a message sent to a client.
func (r *Registry) WebSocketOut() { r.live.out.Inc() }

// jobMetrics are the background jobs' series.
type jobMetrics struct {
	total *prometheus.CounterVec
}

func newJobMetrics() jobMetrics {
	return jobMetrics{total: prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: namespace, Name: "jobs_total",
		Help: "Background jobs that reached a status, by kind and status.",
	}, []string{"kind", "status"})}
}

func (m *jobMetrics) register(reg *prometheus.Registry) { reg.MustRegister(m.total) }

// ObserveJob counts a job of kind (e.g. "export_pdf") reaching status
// (e.g. "done", "failed"). Both come from code, never from requests.
func (r *Registry) ObserveJob(kind, status string) {
	r.jobs.total.WithLabelValues(kind, status).Inc()
}

// RegisterJobsQueueDepth adds the jobs_queue_depth gauge, read from depth
// at each scrape.
func (r *Registry) RegisterJobsQueueDepth(depth func() float64) error {
	return r.registerFunc("jobs_queue_depth", "Background jobs waiting to run.", depth)
}
