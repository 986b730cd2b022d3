package search

import (
	"context"
	"strings"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/shotdeck/shotdeck/facets"
	"github.com/shotdeck/shotdeck/store"
)

// streamPage is how many stills Stream loads from SQLite at a time.
const streamPage = 500

// Stream hands every match of q to emit, a page at a time. The match set
// is computed once, as a compressed bitmap (at most a few hundred KB for a
// million stills), and walked in the query's order, so the server never
// holds the result rows and never reruns the query per page. Relevance
// has no total order without scoring every match, so it streams newest
// first (as does a colour query). emit's error stops the stream.
func (s *Service) Stream(ctx context.Context, q Query, emit func([]store.ImageSummary) error) error {
	if !s.ready.Load() {
		return ErrNotReady
	}
	set, err := s.matchSet(ctx, q)
	if err != nil {
		return err
	}
	order := map[string]facets.Sort{SortOldest: facets.SortOldest, SortYear: facets.SortYear,
		SortYearDesc: facets.SortYearDesc}[q.Sort] // the rest: newest
	var after *facets.Key
	for {
		ids, more := s.facets.Page(set, order, after, streamPage)
		if len(ids) == 0 {
			return nil
		}
		sums, err := s.db.ImageSummaries(ctx, widen(ids))
		if err != nil {
			return err
		}
		if err := emit(sums); err != nil || !more {
			return err
		}
		k := s.facets.KeyOf(order, ids[len(ids)-1])
		after = &k
	}
}

// matchSet is the set of stills matching q's text and filters.
func (s *Service) matchSet(ctx context.Context, q Query) (*roaring.Bitmap, error) {
	var within *roaring.Bitmap
	if text := strings.TrimSpace(q.Text); text != "" {
		var err error
		if within, err = s.text.MatchIDs(ctx, text); err != nil {
			return nil, err
		}
	}
	return s.facets.Match(facetQuery(&q.Filter, within)), nil
}
