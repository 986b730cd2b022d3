package metrics

import (
	"errors"
	"fmt"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/shotdeck/shotdeck/cache"
)

// cacheCollector reports a response cache's own counters at scrape time,
// so the cache keeps plain atomics and never imports metrics.
type cacheCollector struct {
	c                         *cache.Cache
	requests, bytes, maxBytes *prometheus.Desc
}

func newCacheCollector(c *cache.Cache) *cacheCollector {
	return &cacheCollector{
		c: c,
		requests: prometheus.NewDesc(namespace+"_cache_requests_total",
			"Response cache lookups, by class and result (hit or miss).", []string{"class", "result"}, nil),
		bytes: prometheus.NewDesc(namespace+"_cache_bytes",
			"Bytes held by the response cache (as counted against its cap).", nil, nil),
		maxBytes: prometheus.NewDesc(namespace+"_cache_max_bytes",
			"The response cache's byte cap.", nil, nil),
	}
}

// Describe implements prometheus.Collector.
func (cc *cacheCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- cc.requests
	ch <- cc.bytes
	ch <- cc.maxBytes
}

// Collect implements prometheus.Collector.
func (cc *cacheCollector) Collect(ch chan<- prometheus.Metric) {
	for class, st := range cc.c.Stats() {
		ch <- prometheus.MustNewConstMetric(cc.requests, prometheus.CounterValue, float64(st.Hits), class, "hit")
		ch <- prometheus.MustNewConstMetric(cc.requests, prometheus.CounterValue, float64(st.Misses), class, "miss")
	}
	ch <- prometheus.MustNewConstMetric(cc.bytes, prometheus.GaugeValue, float64(cc.c.Bytes()))
	ch <- prometheus.MustNewConstMetric(cc.maxBytes, prometheus.GaugeValue, float64(cc.c.MaxBytes()))
}

// RegisterCache reports c's hits, misses and size. One cache per registry.
func (r *Registry) RegisterCache(c *cache.Cache) error {
	if c == nil {
		return errors.New("metrics: register cache: nil cache")
	}
	if err := r.reg.Register(newCacheCollector(c)); err != nil {
		return fmt.Errorf("metrics: register cache: %w", err)
	}
	return nil
}
