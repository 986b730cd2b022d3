package bench

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// scenario is one measured workload. HTTP scenarios give each worker a
// workload; live_fanout has its own loop (live.go).
type scenario struct {
	name   string
	about  string
	budget Budget
	accept string // Accept-Encoding of its requests
	// workloads makes the per-worker request generators; next is a counter
	// shared by the workers, starting at a per-run offset.
	workloads func(fx *Fixture, next *atomic.Uint64) (func(worker int) workload, error)
	// cached scenarios repeat a few paths, which are asked for until the
	// cache answers them before measuring: they measure hits, not the
	// misses that fill the cache.
	cached func(fx *Fixture) []string
	live   bool
}

// workload yields one worker's requests.
type workload interface {
	next() string         // path and query of the next request
	answered(body []byte) // the body of a successful answer to it
}

// How uncached scenarios avoid the response cache: the cache key is the
// path and the whole query string, and unknown parameters are refused on
// stills endpoints, so each request varies what real clients vary (cursor,
// filters, words, prefix, limit) to make a key nobody asked for yet. The
// "cache hits" column shows, from each answer's Server-Timing header,
// whether that worked. Only deck_load adds a parameter the server ignores
// (deck keys hold the deck version, so every load of an unchanged deck
// would be a hit otherwise).
var scenarios = []*scenario{
	{name: "list", budget: Budget{P99: 10 * time.Millisecond}, accept: identity, workloads: listWorkloads,
		about: "GET /api/v1/images, pages of 40–60 in four sort orders; each worker walks its own cursor chain, so every page is a cache miss"},
	{name: "filtered_list", budget: Budget{P99: 25 * time.Millisecond}, accept: identity, workloads: filteredWorkloads,
		about: "GET /api/v1/images with 3 facet filters (e.g. frame_size, lighting, time_of_day), a new value combination, limit or sort each request"},
	{name: "search_facets", budget: Budget{P99: 50 * time.Millisecond}, accept: identity, workloads: searchWorkloads(50),
		about: "GET /api/v1/search?q=…&facets=all, one or two words sampled from the library's titles, descriptions and tags, a new query each request"},
	{name: "autocomplete", budget: Budget{P99: 5 * time.Millisecond}, accept: identity, workloads: autocompleteWorkloads,
		about: "GET /api/v1/autocomplete?q=…, 2–6 letter prefixes of film titles and people, a new prefix or limit each request"},
	{name: "still_detail", accept: identity, workloads: detailWorkloads,
		about: "GET /api/v1/images/{id} for random ids from a sample spread over the library (not cached by the server)"},
	{name: "deck_load", budget: Budget{P99: 15 * time.Millisecond}, accept: identity, workloads: deckWorkloads,
		about: "GET /api/v1/decks/{id} of the 500-card deck, with an ignored ?bench=N so each load misses the response cache"},
	{name: "live_fanout", budget: Budget{P99: 10 * time.Millisecond}, live: true,
		about: "one sender's update_card op over WebSocket until all 50 other clients in the deck's room have it; one op at a time"},
	{name: "list_cached", budget: Budget{MinRPS: 20000}, accept: identity, cached: cachedLists,
		about: "8 list queries repeated, answered from the response cache"},
	{name: "search_cached", budget: Budget{MinRPS: 20000}, accept: identity, cached: cachedSearches,
		about: "8 searches with all facets repeated, answered from the response cache"},
	{name: "deck_load_cached", accept: identity, cached: cachedDeck,
		about: "GET /api/v1/decks/{id} of the unchanged 500-card deck, as collaborators load it: a cache hit keyed by its version"},
	{name: "search_compressed", accept: compressed, workloads: searchWorkloads(49),
		about: "search_facets with Accept-Encoding: br, gzip as a browser sends it (bodies counted, not decoded): the cost of compressing misses"},
}

// Names lists the scenarios in the order they run.
func Names() []string {
	out := make([]string, len(scenarios))
	for i, s := range scenarios {
		out[i] = s.name
	}
	return out
}

// listSorts are the stills sort orders.
var listSorts = []string{"newest", "oldest", "year", "-year"}

// pageLimit maps k onto a page size of 40–60: a different cache key for
// the same work (the budget's page is 50).
func pageLimit(k uint64) int { return 40 + int(k%21) }

// listWorkloads: each worker walks a cursor chain of one sort and page
// size to its end, then takes the next unused chain.
func listWorkloads(_ *Fixture, next *atomic.Uint64) (func(int) workload, error) {
	return func(int) workload { return &listWalk{chains: next, chain: next.Add(1)} }, nil
}

type listWalk struct {
	chains *atomic.Uint64
	chain  uint64
	cursor string
}

func (l *listWalk) next() string {
	p := "/api/v1/images?limit=" + strconv.Itoa(pageLimit(l.chain)) + "&sort=" + listSorts[(l.chain/21)%4]
	if l.cursor != "" {
		p += "&cursor=" + url.QueryEscape(l.cursor)
	}
	return p
}

func (l *listWalk) answered(body []byte) {
	if c, ok := nextCursor(body); ok {
		l.cursor = c
		return
	}
	l.chain, l.cursor = l.chains.Add(1), ""
}

// nextCursor reads next_cursor from a list answer. It looks for the key
// instead of decoding the page: decoding 50 stills per request would make
// the load generator the bottleneck.
func nextCursor(body []byte) (string, bool) {
	key := []byte(`"next_cursor":`)
	i := bytes.LastIndex(body, key)
	if i < 0 {
		return "", false
	}
	rest := bytes.TrimLeft(body[i+len(key):], " ")
	if len(rest) == 0 || rest[0] != '"' {
		return "", false // null
	}
	end := bytes.IndexByte(rest[1:], '"')
	if end < 0 {
		return "", false
	}
	var s string
	if err := json.Unmarshal(rest[:end+2], &s); err != nil || s == "" {
		return "", false
	}
	return s, true
}

// filterTriples are the three-filter combinations filtered_list asks for.
var filterTriples = [][3]string{
	{"frame_size", "lighting", "time_of_day"},
	{"lens_size", "lighting_type", "int_ext"},
	{"composition", "location_type", "time_of_day"},
	{"frame_size", "shot_type", "genre"},
}

func filteredWorkloads(fx *Fixture, next *atomic.Uint64) (func(int) workload, error) {
	var triples [][3]string
	for _, t := range filterTriples {
		if len(fx.Taxonomy[t[0]]) > 0 && len(fx.Taxonomy[t[1]]) > 0 && len(fx.Taxonomy[t[2]]) > 0 {
			triples = append(triples, t)
		}
	}
	if len(triples) == 0 {
		return nil, fmt.Errorf("bench: the taxonomy has none of the filter fields %v", filterTriples)
	}
	return counted(next, func(i uint64) string { return filteredQuery(fx.Taxonomy, triples, i) }), nil
}

// filteredQuery is request i: the triple, then each field's value, then
// the page size and sort are digits of i in a mixed radix, so no two i
// below the product give the same query.
func filteredQuery(tax map[string][]string, triples [][3]string, i uint64) string {
	t := triples[i%uint64(len(triples))]
	j := i / uint64(len(triples))
	var b strings.Builder
	b.WriteString("/api/v1/images?")
	for _, f := range t {
		vals := tax[f]
		b.WriteString(f + "=" + url.QueryEscape(vals[j%uint64(len(vals))]) + "&")
		j /= uint64(len(vals))
	}
	b.WriteString("limit=" + strconv.Itoa(pageLimit(j)) + "&sort=" + listSorts[(j/21)%4])
	return b.String()
}

// searchWorkloads asks for every sampled word alone, then for every
// ordered pair of them, then the pairs again with larger pages; baseLimit
// keeps two search scenarios' keys apart (their limits are baseLimit,
// baseLimit+2, … and never meet when the bases differ by one).
func searchWorkloads(baseLimit int) func(*Fixture, *atomic.Uint64) (func(int) workload, error) {
	return func(fx *Fixture, next *atomic.Uint64) (func(int) workload, error) {
		return counted(next, func(i uint64) string { return searchQuery(fx.Words, i, baseLimit) }), nil
	}
}

func searchQuery(words []string, i uint64, baseLimit int) string {
	v := uint64(len(words))
	q, round := "", uint64(0)
	switch {
	case i < v || v < 2:
		q, round = words[i%v], i/v
	default:
		k := i - v
		a := k % v
		b := (a + 1 + (k/v)%(v-1)) % v
		q, round = words[a]+" "+words[b], k/(v*(v-1))
	}
	limit := baseLimit + 2*int(round%70) // up to 188 of the 200 allowed
	return "/api/v1/search?q=" + url.QueryEscape(q) + "&facets=all&limit=" + strconv.Itoa(limit)
}

func autocompleteWorkloads(fx *Fixture, next *atomic.Uint64) (func(int) workload, error) {
	p := uint64(len(fx.Prefixes))
	return counted(next, func(i uint64) string {
		return "/api/v1/autocomplete?q=" + url.QueryEscape(fx.Prefixes[i%p]) + "&limit=" + strconv.Itoa(10+int((i/p)%10))
	}), nil
}

func detailWorkloads(fx *Fixture, next *atomic.Uint64) (func(int) workload, error) {
	seed := next.Load()
	return func(w int) workload {
		r := rand.New(rand.NewPCG(seed, uint64(w)))
		return pathFunc(func() string { return "/api/v1/images/" + fx.ImageIDs[r.IntN(len(fx.ImageIDs))] })
	}, nil
}

// deckWorkloads loads the bench deck with ?bench=N, a parameter the deck
// endpoint ignores, so that each load is a new cache key.
func deckWorkloads(fx *Fixture, next *atomic.Uint64) (func(int) workload, error) {
	path := "/api/v1/decks/" + fx.DeckID + "?bench="
	return counted(next, func(i uint64) string { return path + strconv.FormatUint(i, 10) }), nil
}

// The cached scenarios' queries: limit=30 is outside every uncached
// scenario's range, so their keys are their own.
func cachedLists(fx *Fixture) []string {
	out := []string{}
	for _, s := range listSorts {
		out = append(out, "/api/v1/images?limit=30&sort="+s)
	}
	for _, f := range []string{"frame_size", "lighting", "time_of_day", "int_ext"} {
		if vals := fx.Taxonomy[f]; len(vals) > 0 {
			out = append(out, "/api/v1/images?limit=30&"+f+"="+url.QueryEscape(vals[0]))
		}
	}
	return out
}

func cachedSearches(fx *Fixture) []string {
	var out []string
	for i := range min(8, len(fx.Words)) {
		out = append(out, "/api/v1/search?q="+url.QueryEscape(fx.Words[i])+"&facets=all&limit=30")
	}
	return out
}

func cachedDeck(fx *Fixture) []string { return []string{"/api/v1/decks/" + fx.DeckID} }

// cycle is the workload of a cached scenario: the fixed paths in turn,
// each worker from its own starting point.
func cycle(paths []string, worker int) workload {
	i := worker
	return pathFunc(func() string { i++; return paths[i%len(paths)] })
}

// counted makes workloads whose request i comes from a counter shared by
// all workers, so no two requests of a run repeat a key.
func counted(next *atomic.Uint64, query func(uint64) string) func(int) workload {
	return func(int) workload { return pathFunc(func() string { return query(next.Add(1)) }) }
}

// pathFunc is a workload that ignores answers.
type pathFunc func() string

func (f pathFunc) next() string      { return f() }
func (f pathFunc) answered(_ []byte) {}
