package web

import (
	"encoding/json"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/shotdeck/shotdeck/cache"
	"github.com/shotdeck/shotdeck/metrics"
	"github.com/shotdeck/shotdeck/store"
)

// cachedJSON answers a GET from the response cache, or runs produce, sends
// its JSON and caches it. Errors are never cached. extra goes into the key
// beside the path and query: the caller's scope when answers differ by
// caller, the index position for index-backed answers.
func (s *Server) cachedJSON(c *fiber.Ctx, cl cache.Class, extra string, produce func() (any, error)) error {
	if s.cache == nil {
		v, err := produce()
		if err != nil {
			return err
		}
		return c.JSON(v)
	}
	key := s.cache.Key(cl, extra, c.Path(), string(c.Request().URI().QueryString()))
	if e, ok := s.cache.Get(key); ok {
		c.Append("Server-Timing", `cache;desc="hit `+cl.String()+`"`)
		return sendEntry(c, e)
	}
	c.Append("Server-Timing", `cache;desc="miss `+cl.String()+`"`)
	v, err := produce()
	if err != nil {
		return err
	}
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	e := cache.NewEntry(b, fiber.MIMEApplicationJSON)
	s.cache.Set(key, cl, e)
	return sendEntry(c, e)
}

// sendEntry sends a cached body with its ETag (304 when the client has it)
// and a compressed copy when the client takes one: compressing once per
// entry instead of once per response is most of a cache hit's saving.
func sendEntry(c *fiber.Ctx, e *cache.Entry) error {
	c.Set(fiber.HeaderETag, e.ETag)
	c.Set(fiber.HeaderVary, fiber.HeaderAcceptEncoding)
	if etagMatches(c.Get(fiber.HeaderIfNoneMatch), e.ETag) {
		return c.SendStatus(fiber.StatusNotModified)
	}
	c.Set(fiber.HeaderContentType, e.ContentType)
	ae := c.Get(fiber.HeaderAcceptEncoding)
	if strings.Contains(ae, "br") {
		if b := e.Brotli(); b != nil {
			c.Set(fiber.HeaderContentEncoding, "br")
			return c.Send(b)
		}
	}
	if strings.Contains(ae, "gzip") {
		if b := e.Gzip(); b != nil {
			c.Set(fiber.HeaderContentEncoding, "gzip")
			return c.Send(b)
		}
	}
	return c.Send(e.Body)
}

// etagMatches reads If-None-Match: a list of tags, or *.
func etagMatches(header, etag string) bool {
	if header == "" {
		return false
	}
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == strings.TrimPrefix(etag, "W/") {
			return true
		}
	}
	return false
}

// indexScope keys index-backed answers by how far the index has applied
// the outbox: an answer computed while the index lagged a write is not
// served once it has caught up.
func (s *Server) indexScope() string {
	return "seq:" + strconv.FormatInt(s.cfg.Search.AppliedSeq(), 10)
}

// observe records every request's latency by route pattern and status for
// /metrics, and reports the server time in Server-Timing.
func (s *Server) observe(c *fiber.Ctx) error {
	start := time.Now()
	ctx, db := store.WithTimer(c.UserContext())
	c.SetUserContext(ctx)
	err := c.Next()
	d := time.Since(start)
	if t := db.Elapsed(); t > 0 {
		c.Append("Server-Timing", "db;dur="+formatMillis(t))
	}
	c.Append("Server-Timing", "app;dur="+formatMillis(d))
	if s.metrics == nil && s.cfg.RequestLog <= 0 {
		return err
	}
	status := c.Response().StatusCode()
	if err != nil {
		status = s.classify(err).Status
	}
	bytes := len(c.Response().Body())
	if s.metrics != nil {
		s.metrics.ObserveRequest(c.Route().Path, c.Method(), status, d, bytes)
	}
	if r := s.cfg.RequestLog; r >= 1 || r > 0 && rand.Float64() < r {
		s.log.Info("request", "method", c.Method(), "route", c.Route().Path, "path", c.Path(),
			"status", status, "duration", d, "db", db.Elapsed(), "bytes", bytes)
	}
	return err
}

// metricsText serves /metrics in the Prometheus text format.
func (s *Server) metricsText(c *fiber.Ctx) error {
	if s.metrics == nil {
		return errNotFound
	}
	c.Set(fiber.HeaderContentType, metrics.TextContentType)
	return s.metrics.WriteText(c.Response().BodyWriter())
}
