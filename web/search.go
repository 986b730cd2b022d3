package web

import (
	"bufio"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/shotdeck/shotdeck/cache"
	"github.com/shotdeck/shotdeck/search"
	"github.com/shotdeck/shotdeck/store"
)

var errSearchLoading = &apiError{Status: 503, Code: "unavailable", Message: "the search index is still loading; try again in a moment"}

// parseSearch validates a search query string.
func (s *Server) parseSearch(c *fiber.Ctx, withFacets bool) (search.Query, string, error) {
	qv := queryValues(c)
	extra := []string{"q"}
	if withFacets {
		extra = append(extra, "facets")
	}
	p, err := parseList(qv, search.Sorts, extra...)
	if err != nil {
		return search.Query{}, "", err
	}
	text := qv.Get("q")
	if len(text) > search.MaxQueryLen {
		return search.Query{}, "", errBadRequest("q", "q is longer than %d characters", search.MaxQueryLen)
	}
	q := search.Query{Text: text, Filter: p.Filter, Sort: p.Sort, Limit: p.Limit}
	if withFacets {
		if q.Facets, err = parseFacets(qv.Get("facets")); err != nil {
			return q, "", err
		}
	}
	scope := "search|" + p.scope
	if p.Cursor != "" {
		fields, err := s.cursors.Decode(scope, p.Cursor)
		if err != nil {
			return q, "", err
		}
		k, ok := parseSearchKey(fields)
		if !ok {
			return q, "", errBadRequest("cursor", "the cursor is malformed")
		}
		q.After = &k
	}
	return q, scope, nil
}

// parseFacets reads facets=all or a comma list of field names.
func parseFacets(v string) ([]string, error) {
	if v == "" {
		return nil, nil
	}
	all := search.AllFacets()
	if v == "all" {
		return all, nil
	}
	var out []string
	for _, f := range strings.Split(v, ",") {
		f = strings.TrimSpace(f)
		if !slices.Contains(all, f) {
			return nil, errBadRequest("facets", "unknown facet %q; use all or a comma list of: %s", f, strings.Join(all, ", "))
		}
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out, nil
}

func encodeSearchKey(k *search.Key) []string {
	return []string{strconv.FormatFloat(k.Score, 'g', -1, 64), strconv.Itoa(k.Year),
		strconv.FormatUint(uint64(k.ID), 10), strconv.FormatUint(k.Seen, 10)}
}

func parseSearchKey(f []string) (search.Key, bool) {
	if len(f) != 4 {
		return search.Key{}, false
	}
	score, err1 := strconv.ParseFloat(f[0], 64)
	year, err2 := strconv.Atoi(f[1])
	id, err3 := strconv.ParseUint(f[2], 10, 32)
	seen, err4 := strconv.ParseUint(f[3], 10, 64)
	return search.Key{Score: score, Year: year, ID: uint32(id), Seen: seen}, errors.Join(err1, err2, err3, err4) == nil
}

// searchImages serves GET /search: text, filters, facets, one page.
func (s *Server) searchImages(c *fiber.Ctx) error {
	return s.cachedJSON(c, cache.Search, s.indexScope(), func() (any, error) { return s.searchPage(c) })
}

func (s *Server) searchPage(c *fiber.Ctx) (any, error) {
	start := time.Now()
	q, scope, err := s.parseSearch(c, true)
	if err != nil {
		return nil, err
	}
	res, err := s.cfg.Search.Search(c.UserContext(), q)
	if errors.Is(err, search.ErrNotReady) {
		return nil, errSearchLoading
	}
	if err != nil {
		return nil, err
	}
	took := time.Since(start)
	c.Append("Server-Timing", "index;dur="+formatMillis(took))
	var next any
	if res.Next != nil {
		next = s.cursors.Encode(scope, encodeSearchKey(res.Next)...)
	}
	facets := any(res.Facets)
	if res.Facets == nil {
		facets = fiber.Map{}
	}
	return fiber.Map{"total": res.Total, "items": res.Items, "facets": facets, "next_cursor": next,
		"took_ms": float64(took.Microseconds()) / 1000}, nil
}

// facetCounts serves GET /facets: counts over the whole library.
func (s *Server) facetCounts(c *fiber.Ctx) error {
	return s.cachedJSON(c, cache.Facets, s.indexScope(), func() (any, error) { return s.facetsBody(c) })
}

func (s *Server) facetsBody(c *fiber.Ctx) (any, error) {
	if len(c.Context().QueryArgs().QueryString()) > 0 {
		return nil, errBadRequest("", "GET /facets takes no parameters; use /search?facets=all to count with filters")
	}
	counts, err := s.cfg.Search.Facets(c.UserContext())
	if errors.Is(err, search.ErrNotReady) {
		return nil, errSearchLoading
	}
	if err != nil {
		return nil, err
	}
	return fiber.Map{"facets": counts}, nil
}

// streamSearch serves GET /search/stream: every match as NDJSON. The
// search service computes the match set once and hands over rows a page
// at a time, so memory stays flat however many stills match.
func (s *Server) streamSearch(c *fiber.Ctx) error {
	q, _, err := s.parseSearch(c, false)
	if err != nil {
		return err
	}
	if q.After != nil {
		return errBadRequest("cursor", "the stream has no pages; drop the cursor")
	}
	ctx := c.UserContext()
	// Start before answering, so a loading index or a broken query is a
	// proper error rather than an empty stream; the first page waits in
	// the channel while the headers go out.
	pages := make(chan []store.ImageSummary, 1)
	failed := make(chan error, 1)
	stop := make(chan struct{})
	go func() {
		defer close(pages)
		err := s.cfg.Search.Stream(ctx, q, func(sums []store.ImageSummary) error {
			select {
			case pages <- sums:
				return nil
			case <-stop:
				return errStreamStopped
			case <-time.After(time.Minute): // the response was never written
				return errStreamStopped
			}
		})
		if err != nil && err != errStreamStopped {
			failed <- err
		}
	}()
	first, ok := <-pages
	if !ok {
		select {
		case err := <-failed:
			if errors.Is(err, search.ErrNotReady) {
				return errSearchLoading
			}
			return err
		default:
		}
	}
	c.Set(fiber.HeaderContentType, "application/x-ndjson")
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		defer close(stop)
		enc := json.NewEncoder(w)
		for page := first; page != nil; page = <-pages {
			for i := range page {
				if enc.Encode(&page[i]) != nil {
					return // the client went away
				}
			}
			if w.Flush() != nil {
				return
			}
		}
		select {
		case err := <-failed:
			s.log.Warn("search stream stopped", "err", err)
		default:
		}
	})
	return nil
}

var errStreamStopped = errors.New("search stream: the client went away")

// autocomplete serves GET /autocomplete?q=&limit=&kinds=.
func (s *Server) autocomplete(c *fiber.Ctx) error {
	return s.cachedJSON(c, cache.Autocomplete, s.indexScope(), func() (any, error) { return s.suggestions(c) })
}

func (s *Server) suggestions(c *fiber.Ctx) (any, error) {
	qv := queryValues(c)
	for k := range qv {
		if k != "q" && k != "limit" && k != "kinds" {
			return nil, errBadRequest(k, "unknown parameter %q", k)
		}
	}
	prefix := qv.Get("q")
	if len(prefix) > 200 {
		return nil, errBadRequest("q", "q is longer than 200 characters")
	}
	limit := 10
	if l := qv.Get("limit"); l != "" {
		n, err := intParam("limit", l, 1, 50)
		if err != nil {
			return nil, err
		}
		limit = n
	}
	var kinds []string
	if k := qv.Get("kinds"); k != "" {
		for _, kind := range strings.Split(k, ",") {
			kind = strings.TrimSpace(kind)
			if !slices.Contains(search.SuggestKinds, kind) {
				return nil, errBadRequest("kinds", "unknown kind %q; use a comma list of: %s", kind, strings.Join(search.SuggestKinds, ", "))
			}
			kinds = append(kinds, kind)
		}
	}
	items, err := s.cfg.Search.Autocomplete(c.UserContext(), prefix, kinds, limit)
	if errors.Is(err, search.ErrNotReady) {
		return nil, errSearchLoading
	}
	if err != nil {
		return nil, err
	}
	return fiber.Map{"items": items}, nil
}
