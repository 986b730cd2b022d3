package search

import (
	"container/heap"
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/shotdeck/shotdeck/facets"
	"github.com/shotdeck/shotdeck/index"
	"github.com/shotdeck/shotdeck/store"
	"github.com/shotdeck/shotdeck/taxonomy"
)

// Sorts of search results.
const (
	SortRelevance = "relevance"
	SortNewest    = "newest"
	SortOldest    = "oldest"
	SortYear      = "year"
	SortYearDesc  = "-year"
)

// Sorts lists the accepted sort names; relevance first (the default).
var Sorts = []string{SortRelevance, SortNewest, SortOldest, SortYear, SortYearDesc}

// MaxQueryLen bounds the text of a query, in bytes.
const MaxQueryLen = 1000

// Query is one search request.
type Query struct {
	Text   string
	Filter store.Filter
	Sort   string
	After  *Key // position after which the page starts; nil = first page
	Limit  int
	Facets []string // fields to count; nil = none
}

// Key is a position in a result order: Score for relevance (or colour
// distance, smaller first), Year for year order, and always the id.
type Key struct {
	Score float64
	Year  int
	ID    uint32
	Seen  uint64 // results before this position (relevance order)
}

// Hit is one result: a still's summary and, in relevance order, its score.
type Hit struct {
	store.ImageSummary
	Score *float64 `json:"score"`
}

// FacetValue is one value's count in a facet.
type FacetValue struct {
	Value string `json:"value"`
	Label string `json:"label"`
	Count uint64 `json:"count"`
}

// Result is one page of a search.
type Result struct {
	Total  uint64                  `json:"total"`
	Items  []Hit                   `json:"items"`
	Facets map[string][]FacetValue `json:"facets"`
	Next   *Key                    `json:"-"`
}

// AllFacets lists every countable field: the taxonomy, then year, decade,
// credits and tags.
func AllFacets() []string {
	var out []string
	for _, f := range taxonomy.Fields() {
		out = append(out, f.Name)
	}
	return append(out, FieldYear, FieldDecade, FieldDirector, FieldCinematographer, FieldActor, FieldTag)
}

// facetLimits keeps the top values of the open-ended fields.
var facetLimits = map[string]int{FieldYear: 50, FieldDirector: 20, FieldCinematographer: 20, FieldActor: 20, FieldTag: 30}

// facetQuery turns a filter into the facet engine's terms.
func facetQuery(f *store.Filter, within *roaring.Bitmap) facets.Query {
	q := facets.Query{Filters: map[string][]string{}, YearMin: f.YearMin, YearMax: f.YearMax, Within: within}
	for k, v := range f.Values {
		if len(v) > 0 {
			q.Filters[k] = v
		}
	}
	add := func(field string, vals []string) {
		if len(vals) > 0 {
			q.Filters[field] = vals
		}
	}
	add(FieldDirector, f.Directors)
	add(FieldCinematographer, f.Cinematographers)
	add(FieldActor, f.Actors)
	add(FieldTag, f.Tags)
	for _, id := range f.Movies {
		q.Filters[FieldMovie] = append(q.Filters[FieldMovie], strconv.FormatInt(id, 10))
	}
	if c := f.Color; c != nil {
		q.Color = &facets.ColorFilter{L: c.L, A: c.A, B: c.B, Distance: c.Distance, Share: c.Share}
	}
	return q
}

// Search answers one page of a query with its total and facet counts.
func (s *Service) Search(ctx context.Context, q Query) (*Result, error) {
	if !s.ready.Load() {
		return nil, ErrNotReady
	}
	text := strings.TrimSpace(q.Text)
	var within *roaring.Bitmap
	if text != "" {
		var err error
		if within, err = s.text.MatchIDs(ctx, text); err != nil {
			return nil, err
		}
	}
	fq := facetQuery(&q.Filter, within)
	set := s.facets.Match(fq)
	res := &Result{Total: set.GetCardinality(), Items: []Hit{}}
	ids, scores, next, err := s.page(ctx, q, text, set, fq)
	if err != nil {
		return nil, err
	}
	res.Next = next
	sums, err := s.db.ImageSummaries(ctx, widen(ids))
	if err != nil {
		return nil, err
	}
	for i := range sums {
		h := Hit{ImageSummary: sums[i]}
		if sc, ok := scores[uint32(sums[i].ID)]; ok {
			h.Score = &sc
		}
		res.Items = append(res.Items, h)
	}
	if len(q.Facets) > 0 {
		res.Facets = s.counts(fq, q.Facets)
	}
	return res, nil
}

// page picks the ids of one page in the query's order.
func (s *Service) page(ctx context.Context, q Query, text string, set *roaring.Bitmap, fq facets.Query) ([]uint32, map[uint32]float64, *Key, error) {
	switch {
	case q.Sort == SortRelevance && text != "":
		return s.relevancePage(ctx, q, text, set)
	case q.Sort == SortRelevance && fq.Color != nil:
		ids, dist, next := colourPage(s.facets.ColorDistances(set, *fq.Color), q.After, q.Limit)
		return ids, dist, next, nil
	}
	sort := map[string]facets.Sort{SortRelevance: facets.SortNewest, SortNewest: facets.SortNewest,
		SortOldest: facets.SortOldest, SortYear: facets.SortYear, SortYearDesc: facets.SortYearDesc}[q.Sort]
	var after *facets.Key
	if q.After != nil {
		after = &facets.Key{Year: q.After.Year, ID: q.After.ID}
	}
	ids, more := s.facets.Page(set, sort, after, q.Limit)
	var next *Key
	if more && len(ids) > 0 {
		k := s.facets.KeyOf(sort, ids[len(ids)-1])
		next = &Key{Year: k.Year, ID: k.ID}
	}
	return ids, nil, next, nil
}

// relevancePage returns the best-scoring hits within the filtered set, in
// one Bleve pass. The key counts the results handed out so far, so the last
// page knows it is the last (the total is known).
func (s *Service) relevancePage(ctx context.Context, q Query, text string, set *roaring.Bitmap) ([]uint32, map[uint32]float64, *Key, error) {
	var after *index.Hit
	var seen uint64
	if q.After != nil {
		after = &index.Hit{ID: q.After.ID, Score: q.After.Score}
		seen = q.After.Seen
	}
	hits, _, err := s.text.SearchWithin(ctx, text, set, after, q.Limit)
	if err != nil {
		return nil, nil, nil, err
	}
	ids := make([]uint32, len(hits))
	scores := make(map[uint32]float64, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
		scores[h.ID] = h.Score
	}
	seen += uint64(len(hits))
	if len(hits) < q.Limit || seen >= set.GetCardinality() {
		return ids, scores, nil, nil
	}
	last := hits[len(hits)-1]
	return ids, scores, &Key{Score: last.Score, ID: last.ID, Seen: seen}, nil
}

// colourPage returns the page of matches after the key in nearest-colour
// order (then by id); the key's Score holds the distance. It keeps only the
// page's worth of candidates in a bounded heap while scanning, so the cost
// grows with the number of matches times log(page), not with a full sort.
func colourPage(dist map[uint32]float64, after *Key, limit int) ([]uint32, map[uint32]float64, *Key) {
	h := nearHeap{}
	for id, d := range dist {
		n := near{id, d}
		if after != nil && !(after.Score < d || (after.Score == d && after.ID < id)) {
			continue
		}
		if len(h) <= limit { // one extra tells whether a next page exists
			heap.Push(&h, n)
		} else if n.less(h[0]) {
			h[0] = n
			heap.Fix(&h, 0)
		}
	}
	all := []near(h)
	slices.SortFunc(all, func(a, b near) int {
		if a.less(b) {
			return -1
		}
		return 1
	})
	var next *Key
	if len(all) > limit {
		all = all[:limit]
		l := all[limit-1]
		next = &Key{Score: l.d, ID: l.id}
	}
	ids := make([]uint32, len(all))
	scores := make(map[uint32]float64, len(all))
	for i, n := range all {
		ids[i] = n.id
		scores[n.id] = n.d
	}
	return ids, scores, next
}

type near struct {
	id uint32
	d  float64
}

func (a near) less(b near) bool { return a.d < b.d || (a.d == b.d && a.id < b.id) }

// nearHeap is a max-heap: its root is the farthest candidate kept.
type nearHeap []near

func (h nearHeap) Len() int           { return len(h) }
func (h nearHeap) Less(i, j int) bool { return h[j].less(h[i]) }
func (h nearHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *nearHeap) Push(x any)        { *h = append(*h, x.(near)) }
func (h *nearHeap) Pop() any {
	old := *h
	n := old[len(old)-1]
	*h = old[:len(old)-1]
	return n
}

// counts computes facet counts with labels.
func (s *Service) counts(fq facets.Query, fields []string) map[string][]FacetValue {
	raw := s.facets.Counts(fq, fields, facetLimits)
	out := make(map[string][]FacetValue, len(fields))
	for _, field := range fields {
		fd, isTaxonomy := taxonomy.Lookup(field)
		vals := make([]FacetValue, 0, len(raw[field]))
		for _, c := range raw[field] {
			label := c.Value
			if isTaxonomy {
				label = fd.LabelOf(c.Value)
			}
			vals = append(vals, FacetValue{Value: c.Value, Label: label, Count: c.Count})
		}
		out[field] = vals
	}
	return out
}

// Facets counts every facet over the whole library.
func (s *Service) Facets(ctx context.Context) (map[string][]FacetValue, error) {
	if !s.ready.Load() {
		return nil, ErrNotReady
	}
	return s.counts(facets.Query{}, AllFacets()), nil
}

func widen(ids []uint32) []int64 {
	out := make([]int64, len(ids))
	for i, id := range ids {
		out[i] = int64(id)
	}
	return out
}
