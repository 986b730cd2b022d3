package index

import (
	"context"
	"fmt"
	"strconv"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// Page sizes of Search.
const (
	DefaultLimit = 50
	MaxLimit     = 1000
)

// Hit is one search result: an image id and its relevance.
type Hit struct {
	ID    uint32
	Score float64
}

// relevance orders hits by score, best first, then by image id: Bleve ids
// are zero-padded, so their order is numeric. (A numeric doc-values field
// as the tiebreak made searches four times slower: it is read for every
// match, where the _id comes from the stored-field header.)
var relevance = search.SortOrder{
	&search.SortScore{Desc: true},
	&search.SortDocID{},
}

// Search runs a text query and returns hits by relevance (score desc, then id
// asc as tiebreak), paginated with SearchAfter: after is the previous page's
// last hit (nil = first page). total is the number of matching docs. The
// query language is in the package documentation; an empty q matches every
// still, all with the same score, in id order. limit is capped at MaxLimit
// (<= 0 means DefaultLimit).
func (x *Index) Search(ctx context.Context, q string, after *Hit, limit int) (hits []Hit, total uint64, err error) {
	return x.SearchWithin(ctx, q, nil, after, limit)
}

// SearchWithin is Search restricted to the ids in within (nil: no
// restriction), for a text query narrowed by facet filters: the page comes
// from one pass over the matches, however few of them pass the filters,
// and total counts only those that do.
func (x *Index) SearchWithin(ctx context.Context, q string, within *roaring.Bitmap, after *Hit, limit int) (hits []Hit, total uint64, err error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	c := x.compile(ctx, q)
	var qq query.Query = query.NewMatchAllQuery()
	if c.must != nil {
		qq = c.must
		if len(c.boosts) > 0 {
			qq = query.NewBooleanQuery([]query.Query{c.must}, c.boosts, nil)
		}
	}
	req := bleve.NewSearchRequestOptions(qq, limit, 0, false)
	req.Sort = relevance
	if after != nil {
		req.SearchAfter = []string{
			strconv.FormatFloat(after.Score, 'g', -1, 64),
			docID(after.ID),
		}
	}
	var passed uint64
	if within != nil {
		ctx = context.WithValue(ctx, search.MakeDocumentMatchHandlerKey, withinHandler(within, &passed))
	}
	res, err := x.bleve.SearchInContext(ctx, req)
	if err != nil {
		return nil, 0, fmt.Errorf("index: search %q: %w", q, err)
	}
	hits = make([]Hit, 0, len(res.Hits))
	for _, h := range res.Hits {
		id, ok := parseDocID(h.ID)
		if !ok {
			return nil, 0, fmt.Errorf("index: search: bad doc id %q", h.ID)
		}
		hits = append(hits, Hit{ID: id, Score: h.Score})
	}
	if within != nil {
		return hits, passed, nil
	}
	return hits, res.Total, nil
}

// withinHandler wraps Bleve's top-N collection so that only hits in within
// reach it; passed counts them. The relevance sort includes _id, so every
// hit arrives with its id loaded.
func withinHandler(within *roaring.Bitmap, passed *uint64) search.MakeDocumentMatchHandler {
	return func(sctx *search.SearchContext) (search.DocumentMatchHandler, bool, error) {
		next, _, err := collector.MakeTopNDocumentMatchHandler(sctx)
		if err != nil || next == nil {
			return nil, false, fmt.Errorf("index: no top-N collector to filter (%v)", err)
		}
		return func(d *search.DocumentMatch) error {
			if d != nil {
				if id, ok := parseDocID(d.ID); !ok || !within.Contains(id) {
					sctx.DocumentMatchPool.Put(d)
					return nil
				}
				*passed++
			}
			return next(d)
		}, true, nil
	}
}

// parseDocID reads a Bleve doc id back into an image id.
func parseDocID(s string) (uint32, bool) {
	id, err := strconv.ParseUint(s, 10, 32)
	return uint32(id), err == nil
}

// MatchIDs returns every doc id matching q as a roaring bitmap, for faceting
// and non-relevance sorts. It returns nil (and no error) when q matches every
// still, an empty q for one: the caller uses its own set of all ids rather
// than a copy of it.
//
// It walks the query's searcher directly with scoring off, so no document is
// scored, sorted, or loaded; each match costs one read of its id.
func (x *Index) MatchIDs(ctx context.Context, q string) (*roaring.Bitmap, error) {
	c := x.compile(ctx, q)
	if c.must == nil {
		return nil, nil
	}
	bm, err := x.matchIDs(ctx, c.must)
	if err != nil {
		return nil, fmt.Errorf("index: match %q: %w", q, err)
	}
	return bm, nil
}

// checkEvery is how many matches MatchIDs collects between looks at ctx.
const checkEvery = 4096

func (x *Index) matchIDs(ctx context.Context, qq query.Query) (bm *roaring.Bitmap, err error) {
	adv, err := x.bleve.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	defer func() {
		if cerr := r.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}()
	s, err := qq.Searcher(ctx, r, x.bleve.Mapping(), search.SearcherOptions{Score: "none"})
	if err != nil {
		return nil, err
	}
	defer func() {
		if cerr := s.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}()
	sctx := &search.SearchContext{
		DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0),
		IndexReader:       r,
	}
	bm = roaring.New()
	for n := 1; ; n++ {
		if n%checkEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		d, err := s.Next(sctx)
		if err != nil {
			return nil, err
		}
		if d == nil {
			return bm, nil
		}
		ext, err := r.ExternalID(d.IndexInternalID)
		if err != nil {
			return nil, err
		}
		id, ok := parseDocID(ext)
		if !ok {
			return nil, fmt.Errorf("bad doc id %q", ext)
		}
		bm.Add(id)
		sctx.DocumentMatchPool.Put(d)
	}
}

// commonShare: a word in at least this share of the stills (and in at
// least commonMin) counts as common; see typoTolerance.
const (
	commonShare = 1.0 / 2000
	commonMin   = 50
)

// compile compiles q knowing which of its words are common in the index.
func (x *Index) compile(ctx context.Context, q string) compiled {
	r, err := x.reader()
	if err != nil {
		return x.comp.compile(q, nil) // tolerance everywhere: slower, still right
	}
	defer r.Close()
	total, err := r.DocCount()
	if err != nil {
		return x.comp.compile(q, nil)
	}
	threshold := max(uint64(commonMin), uint64(float64(total)*commonShare))
	return x.comp.compile(q, func(t string) bool {
		tfr, err := r.TermFieldReader(ctx, []byte(t), fieldText, false, false, false)
		if err != nil {
			return false
		}
		defer tfr.Close()
		return tfr.Count() >= threshold
	})
}

// reader opens a reader on the current snapshot of the index.
func (x *Index) reader() (index.IndexReader, error) {
	adv, err := x.bleve.Advanced()
	if err != nil {
		return nil, err
	}
	return adv.Reader()
}
