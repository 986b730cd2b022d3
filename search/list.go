package search

import (
	"context"

	"github.com/shotdeck/shotdeck/facets"
	"github.com/shotdeck/shotdeck/store"
)

var listSorts = map[string]facets.Sort{
	store.SortNewest: facets.SortNewest, store.SortOldest: facets.SortOldest,
	store.SortYear: facets.SortYear, store.SortYearDesc: facets.SortYearDesc, "": facets.SortNewest,
}

// List answers a stills list page from the facet engine: ids from its
// bitmaps, rows from SQLite in one query. It answers only when the engine is
// loaded and has applied every committed change (ok is false otherwise, and
// the caller asks SQLite), so a list never misses the caller's own write.
// Keys are the store's, so a cursor works on either path.
func (s *Service) List(ctx context.Context, q store.ListQuery) (items []store.ImageSummary, more, ok bool, err error) {
	if lag, err := s.Lag(ctx); err != nil || lag > 0 {
		return nil, false, false, nil
	}
	sort := listSorts[q.Sort]
	var after *facets.Key
	if q.After != nil {
		after = &facets.Key{Year: int(q.After.Year), ID: uint32(q.After.ID)}
		if q.After.Year == store.UnknownYearAsc || q.After.Year == store.UnknownYearDesc {
			after.Year = 0
		}
	}
	set := s.facets.Match(facetQuery(&q.Filter, nil))
	ids, more := s.facets.Page(set, sort, after, q.Limit)
	items, err = s.db.ImageSummaries(ctx, widen(ids))
	if err != nil {
		return nil, false, false, err
	}
	return items, more, true, nil
}
