package index

import (
	"context"
	"strconv"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
)

// The ways of collecting every matching id that MatchIDs was chosen from,
// kept so the choice can be measured again (BenchmarkMatchIDsApproaches).

// matchIDsPaged pages through the matches with SearchAfter on _id, scoring
// off.
func (x *Index) matchIDsPaged(ctx context.Context, q string, page int) (*roaring.Bitmap, error) {
	c := x.compile(context.Background(), q)
	bm := roaring.New()
	var after []string
	for {
		req := bleve.NewSearchRequestOptions(c.must, page, 0, false)
		req.Score = bleve.ScoreNone
		req.SortBy([]string{"_id"})
		req.SearchAfter = after
		res, err := x.bleve.SearchInContext(ctx, req)
		if err != nil {
			return nil, err
		}
		for _, h := range res.Hits {
			id, err := strconv.ParseUint(h.ID, 10, 32)
			if err != nil {
				return nil, err
			}
			bm.Add(uint32(id))
		}
		if len(res.Hits) < page {
			return bm, nil
		}
		after = []string{res.Hits[len(res.Hits)-1].ID}
	}
}

// matchIDsHandler runs a normal search with a custom document match handler
// that takes every hit instead of keeping the top N.
func (x *Index) matchIDsHandler(ctx context.Context, q string) (*roaring.Bitmap, error) {
	c := x.compile(context.Background(), q)
	bm := roaring.New()
	var perr error
	make := func(sctx *search.SearchContext) (search.DocumentMatchHandler, bool, error) {
		return func(d *search.DocumentMatch) error {
			if d == nil {
				return nil
			}
			id, err := strconv.ParseUint(d.ID, 10, 32)
			if err != nil {
				perr = err
			}
			bm.Add(uint32(id))
			sctx.DocumentMatchPool.Put(d)
			return nil
		}, true, nil
	}
	ctx = context.WithValue(ctx, search.MakeDocumentMatchHandlerKey, search.MakeDocumentMatchHandler(make))
	req := bleve.NewSearchRequestOptions(c.must, 1, 0, false)
	req.Score = bleve.ScoreNone
	req.SortBy([]string{"_id"}) // a score sort with scoring off stops at Size
	if _, err := x.bleve.SearchInContext(ctx, req); err != nil {
		return nil, err
	}
	return bm, perr
}

func TestMatchIDsApproachesAgree(t *testing.T) {
	x, _ := openTemp(t)
	if err := x.Apply(generatedDocs(t, 3000, 5), nil, 1); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, q := range benchQueries {
		want, err := x.MatchIDs(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		paged, err := x.matchIDsPaged(ctx, q, 500)
		if err != nil {
			t.Fatal(err)
		}
		handled, err := x.matchIDsHandler(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if !want.Equals(paged) || !want.Equals(handled) {
			t.Errorf("%q: direct %d ids, paged %d, handler %d", q, want.GetCardinality(), paged.GetCardinality(), handled.GetCardinality())
		}
	}
}

func BenchmarkMatchIDsApproaches(b *testing.B) {
	x := sharedIndex(b)
	ctx := context.Background()
	for _, q := range []string{"night", "wo", "warehouse light"} {
		b.Run("direct/"+q, func(b *testing.B) {
			for range b.N {
				if _, err := x.MatchIDs(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("handler/"+q, func(b *testing.B) {
			for range b.N {
				if _, err := x.matchIDsHandler(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("paged10k/"+q, func(b *testing.B) {
			for range b.N {
				if _, err := x.matchIDsPaged(ctx, q, 10_000); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
