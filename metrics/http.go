package metrics

import (
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// maxRouteSeries caps the label tuples of the HTTP metrics. Routes are
// patterns, so a few hundred tuples cover the API; passing raw paths by
// mistake would otherwise grow the series without bound. Past the cap,
// tuples share route="other".
const maxRouteSeries = 1000

// overflowRoute is the route label of tuples past maxRouteSeries.
const overflowRoute = "other"

// httpMetrics are the per-request series.
type httpMetrics struct {
	duration *prometheus.HistogramVec
	bytes    *prometheus.CounterVec
	series   routeSeries
}

func newHTTPMetrics() httpMetrics {
	return httpMetrics{
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: namespace, Name: "http_request_duration_seconds",
			Help:    "Time to answer a request, by route pattern, method and status.",
			Buckets: latencyBuckets,
		}, []string{"route", "method", "status"}),
		bytes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "http_response_bytes_total",
			Help: "Bytes of response bodies sent, by route pattern.",
		}, []string{"route"}),
	}
}

func (m *httpMetrics) register(reg *prometheus.Registry) {
	reg.MustRegister(m.duration, m.bytes)
}

// ObserveRequest records one answered request. route is the matched route
// pattern ("/api/v1/images/:id", Fiber's c.Route().Path), never the raw
// path; bytes is the size of the body sent. It does not allocate once a
// (route, method, status) tuple has been seen: it runs on every request.
func (r *Registry) ObserveRequest(route, method string, status int, d time.Duration, bytes int) {
	s := r.http.series.get(&r.http, routeKey{route, methodLabel(method), status})
	s.duration.Observe(d.Seconds())
	if bytes > 0 {
		s.bytes.Add(float64(bytes))
	}
}

// routeKey is one label tuple of the request histogram.
type routeKey struct {
	route, method string
	status        int
}

// routeObservers are a tuple's resolved series.
type routeObservers struct {
	duration prometheus.Observer
	bytes    prometheus.Counter
}

// routeSeries maps label tuples to their series. Readers load an immutable
// map without locking; the rare new tuple copies it under mu. WithLabelValues
// would hash and allocate the label strings on every request.
type routeSeries struct {
	m  atomic.Pointer[map[routeKey]*routeObservers]
	mu sync.Mutex
}

// get returns the series of k, resolving and remembering them on first use.
func (rs *routeSeries) get(h *httpMetrics, k routeKey) *routeObservers {
	if m := rs.m.Load(); m != nil {
		if s, ok := (*m)[k]; ok {
			return s
		}
	}
	rs.mu.Lock()
	defer rs.mu.Unlock()
	var old map[routeKey]*routeObservers
	if m := rs.m.Load(); m != nil {
		old = *m
	}
	if s, ok := old[k]; ok {
		return s
	}
	if len(old) >= maxRouteSeries {
		// Not remembered, so the map stays bounded; a tuple past the cap
		// pays the label lookup on every request, a cost meant to be seen.
		return h.resolve(routeKey{overflowRoute, k.method, k.status})
	}
	s := h.resolve(k)
	next := make(map[routeKey]*routeObservers, len(old)+1)
	for key, v := range old {
		next[key] = v
	}
	next[k] = s
	rs.m.Store(&next)
	return s
}

// resolve looks up (creating if needed) the series of one tuple.
func (h *httpMetrics) resolve(k routeKey) *routeObservers {
	return &routeObservers{
		duration: h.duration.WithLabelValues(k.route, k.method, statusLabel(k.status)),
		bytes:    h.bytes.WithLabelValues(k.route),
	}
}

// methodLabel bounds the method label: any token is a valid HTTP method,
// so unknown ones share "OTHER".
func methodLabel(m string) string {
	switch m {
	case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE":
		return m
	}
	return "OTHER"
}

// statusLabel is the status code, or "other" outside the HTTP range.
func statusLabel(code int) string {
	if code < 100 || code > 599 {
		return "other"
	}
	return strconv.Itoa(code)
}
