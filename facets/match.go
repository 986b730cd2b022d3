package facets

import (
	"math"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
)

// Query is a filter set over the index.
type Query struct {
	Filters          map[string][]string // field → values: OR within a field, AND across fields
	YearMin, YearMax int                 // 0 = unbounded; unknown years never match a bound
	Color            *ColorFilter
	Within           *roaring.Bitmap // optional candidate set (e.g. text-search hits); nil = all docs
}

// fset is the docs passing one field's filter. bm is read-only: it may be a
// posting's own bitmap.
type fset struct {
	field string
	bm    *roaring.Bitmap
	card  uint64
}

// yearScanMax is the set size below which a year bound is checked doc by doc
// (a table lookup each) rather than by building the union of the years in
// range, which at a million stills costs about a millisecond.
const yearScanMax = 1 << 15

// fieldSets returns one set per filtered field, ascending by size. The year
// bounds are not included.
func (x *Index) fieldSets(q Query) []fset {
	var out []fset
	for name, vals := range q.Filters {
		if len(vals) == 0 {
			continue
		}
		var bms []*roaring.Bitmap
		if f, _ := x.lookup(name); f != nil {
			for _, v := range vals {
				if id, ok := f.ids[f.keyOf(v)]; ok && !slices.Contains(bms, x.posts[id].bm) {
					bms = append(bms, x.posts[id].bm)
				}
			}
		}
		var bm *roaring.Bitmap
		switch len(bms) {
		case 0:
			bm = roaring.New() // no doc has any of the values
		case 1:
			bm = bms[0]
		default:
			bm = roaring.FastOr(bms...)
		}
		out = append(out, fset{field: name, bm: bm, card: bm.GetCardinality()})
	}
	sortSets(out)
	return out
}

// sortSets orders sets ascending by size, so intersections start small; ties
// by field name, so results do not depend on map order.
func sortSets(s []fset) {
	slices.SortFunc(s, func(a, b fset) int {
		if a.card != b.card {
			if a.card < b.card {
				return -1
			}
			return 1
		}
		if a.field < b.field {
			return -1
		}
		if a.field > b.field {
			return 1
		}
		return 0
	})
}

// yearBounds returns the inclusive year range of q and whether it bounds
// anything.
func yearBounds(q Query) (lo, hi int, bounded bool) {
	lo, hi = math.MinInt, math.MaxInt
	if q.YearMin != 0 {
		lo = q.YearMin
	}
	if q.YearMax != 0 {
		hi = q.YearMax
	}
	return lo, hi, q.YearMin != 0 || q.YearMax != 0
}

// yearRange returns a new bitmap of the docs whose year is in [lo, hi].
func (x *Index) yearRange(lo, hi int) *roaring.Bitmap {
	var bms []*roaring.Bitmap
	for _, y := range x.years {
		if y >= lo && y <= hi {
			if bm := x.posts[x.yearPost[y]].bm; !bm.IsEmpty() {
				bms = append(bms, bm)
			}
		}
	}
	return roaring.FastOr(bms...)
}

// withinYears returns a new bitmap of the docs of r (nil = all) whose year is
// in [lo, hi].
func (x *Index) withinYears(r *roaring.Bitmap, lo, hi int) *roaring.Bitmap {
	if r == nil || r.GetCardinality() > yearScanMax {
		yb := x.yearRange(lo, hi)
		if r != nil {
			yb.And(r)
		}
		return yb
	}
	out := roaring.New()
	buf := make([]uint32, 256)
	hits := make([]uint32, 0, len(buf))
	it := r.ManyIterator()
	for n := it.NextMany(buf); n > 0; n = it.NextMany(buf) {
		for _, id := range buf[:n] {
			if y := x.docs.yearOf(id); y != 0 && y >= lo && y <= hi {
				hits = append(hits, id)
			}
		}
		out.AddMany(hits)
		hits = hits[:0]
	}
	return out
}

// and2 intersects two read-only sets where nil means every doc; the result
// may be one of its arguments and must not be modified.
func and2(a, b *roaring.Bitmap) *roaring.Bitmap {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	return roaring.And(a, b)
}

// Match returns the docs matching q, as a new bitmap the caller owns.
func (x *Index) Match(q Query) *roaring.Bitmap {
	x.mu.RLock()
	defer x.mu.RUnlock()
	sets := x.fieldSets(q)
	if q.Within != nil {
		// Within may name docs the index does not hold (yet); the postings
		// never do, but with no other filter the intersection with all is
		// what drops them.
		w := q.Within
		if len(sets) == 0 {
			w = roaring.And(w, x.all)
		}
		sets = append(sets, fset{field: "", bm: w, card: w.GetCardinality()})
		sortSets(sets)
	}
	var r *roaring.Bitmap // nil = every doc
	owned := false
	for _, s := range sets {
		switch {
		case r == nil:
			r = s.bm
		case !owned:
			r, owned = roaring.And(r, s.bm), true
		default:
			r.And(s.bm)
		}
		if r.IsEmpty() {
			break
		}
	}
	// The year bound and the colour come last: both are cheapest checked
	// doc by doc on an already small set.
	if lo, hi, ok := yearBounds(q); ok {
		r, owned = x.withinYears(r, lo, hi), true
	}
	if q.Color != nil {
		r, owned = x.colorMatch(r, *q.Color, nil), true
	}
	switch {
	case r == nil:
		return x.all.Clone()
	case !owned:
		return r.Clone()
	}
	return r
}
