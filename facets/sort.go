package facets

import (
	"math"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
)

// Sort is a result order for Page.
type Sort int

// The orders of GET /images. Unknown years sort last in both year orders.
const (
	SortNewest   Sort = iota // id descending
	SortOldest               // id ascending
	SortYear                 // year ascending, then id ascending
	SortYearDesc             // year descending, then id descending
)

// Key is a keyset position: the sort key of the last doc of a page. Year is
// ignored by the id orders (0 = unknown).
type Key struct {
	Year int
	ID   uint32
}

// KeyOf returns the keyset position of doc id in order s.
func (x *Index) KeyOf(s Sort, id uint32) Key {
	if s != SortYear && s != SortYearDesc {
		return Key{ID: id}
	}
	x.mu.RLock()
	defer x.mu.RUnlock()
	return Key{Year: x.docs.yearOf(id), ID: id}
}

// smallSortMax is the set size up to which a year order is made by sorting
// the set outright; larger sets walk the per-year bitmaps instead.
const smallSortMax = 2048

// Page returns up to limit ids of set in order s, strictly after the
// position after (nil = from the start), and whether more follow.
func (x *Index) Page(set *roaring.Bitmap, s Sort, after *Key, limit int) (ids []uint32, more bool) {
	if set == nil || limit <= 0 {
		return nil, false
	}
	want := limit + 1 // one more tells whether another page follows
	switch s {
	case SortOldest:
		from := uint32(0)
		if after != nil {
			if after.ID == math.MaxUint32 {
				return nil, false
			}
			from = after.ID + 1
		}
		ids = ascFrom(set, from, want, nil)
	case SortYear, SortYearDesc:
		x.mu.RLock()
		if set.GetCardinality() <= smallSortMax {
			ids = x.sortSmall(set, s == SortYearDesc, after, want)
		} else if s == SortYear {
			ids = x.yearsAsc(set, after, want)
		} else {
			ids = x.yearsDesc(set, after, want)
		}
		x.mu.RUnlock()
	default:
		from := uint32(math.MaxUint32)
		if after != nil {
			if after.ID == 0 {
				return nil, false
			}
			from = after.ID - 1
		}
		ids = descFrom(set, from, want, nil)
	}
	if len(ids) > limit {
		return ids[:limit], true
	}
	return ids, false
}

// ascFrom appends to dst the ids of bm from `from` upwards until dst holds want.
func ascFrom(bm *roaring.Bitmap, from uint32, want int, dst []uint32) []uint32 {
	it := bm.Iterator()
	it.AdvanceIfNeeded(from)
	for len(dst) < want && it.HasNext() {
		dst = append(dst, it.Next())
	}
	return dst
}

// descFrom appends to dst the ids of bm from `from` downwards until dst
// holds want. Roaring's reverse iterator cannot seek, so each step asks for
// the previous value: a page costs want lookups, however deep it is.
func descFrom(bm *roaring.Bitmap, from uint32, want int, dst []uint32) []uint32 {
	for len(dst) < want {
		v := bm.PreviousValue(from)
		if v < 0 {
			break
		}
		dst = append(dst, uint32(v))
		if v == 0 {
			break
		}
		from = uint32(v) - 1
	}
	return dst
}

// yearsAsc walks the years upwards from the position after, intersecting
// each year's docs with set, then the docs of unknown year.
func (x *Index) yearsAsc(set *roaring.Bitmap, after *Key, want int) []uint32 {
	var ids []uint32
	startYear, unknownFrom := math.MinInt, uint32(0)
	if after != nil {
		startYear = normYear(after.Year)
		if startYear == 0 { // the position is among the unknown years
			startYear = math.MaxInt
			if after.ID == math.MaxUint32 {
				return nil
			}
			unknownFrom = after.ID + 1
		}
	}
	i, _ := slices.BinarySearch(x.years, startYear)
	for ; i < len(x.years) && len(ids) < want; i++ {
		y := x.years[i]
		bm := x.posts[x.yearPost[y]].bm
		if bm.IsEmpty() {
			continue
		}
		from := uint32(0)
		if after != nil && y == after.Year {
			if after.ID == math.MaxUint32 {
				continue
			}
			from = after.ID + 1
		}
		ids = ascFrom(roaring.And(set, bm), from, want, ids)
	}
	if len(ids) < want {
		ids = ascFrom(roaring.AndNot(set, x.hasYear), unknownFrom, want, ids)
	}
	return ids
}

// yearsDesc walks the years downwards from the position after, then the
// docs of unknown year, ids descending throughout.
func (x *Index) yearsDesc(set *roaring.Bitmap, after *Key, want int) []uint32 {
	var ids []uint32
	i, unknownFrom := len(x.years)-1, uint32(math.MaxUint32)
	if after != nil {
		if y := normYear(after.Year); y == 0 {
			i = -1 // the position is among the unknown years
			if after.ID == 0 {
				return nil
			}
			unknownFrom = after.ID - 1
		} else {
			j, found := slices.BinarySearch(x.years, y)
			i = j - 1
			if found {
				i = j
			}
		}
	}
	for ; i >= 0 && len(ids) < want; i-- {
		y := x.years[i]
		bm := x.posts[x.yearPost[y]].bm
		if bm.IsEmpty() {
			continue
		}
		from := uint32(math.MaxUint32)
		if after != nil && y == after.Year {
			if after.ID == 0 {
				continue
			}
			from = after.ID - 1
		}
		ids = descFrom(roaring.And(set, bm), from, want, ids)
	}
	if len(ids) < want {
		ids = descFrom(roaring.AndNot(set, x.hasYear), unknownFrom, want, ids)
	}
	return ids
}

// yearID is one doc with its order rank for sortSmall.
type yearID struct {
	rank int
	id   uint32
}

// yearRank maps a year to a rank that sorts unknown years last: ascending
// orders put them above every year, descending ones below.
func yearRank(y int, desc bool) int {
	switch {
	case y != 0:
		return y
	case desc:
		return math.MinInt
	}
	return math.MaxInt
}

// sortSmall orders a small set by year outright.
func (x *Index) sortSmall(set *roaring.Bitmap, desc bool, after *Key, want int) []uint32 {
	docs := make([]yearID, 0, set.GetCardinality())
	set.Iterate(func(id uint32) bool {
		docs = append(docs, yearID{yearRank(x.docs.yearOf(id), desc), id})
		return true
	})
	cmp := func(a, b yearID) int {
		c := 0
		switch {
		case a.rank < b.rank:
			c = -1
		case a.rank > b.rank:
			c = 1
		case a.id < b.id:
			c = -1
		case a.id > b.id:
			c = 1
		}
		if desc {
			return -c
		}
		return c
	}
	slices.SortFunc(docs, cmp)
	i := 0
	if after != nil {
		k := yearID{yearRank(normYear(after.Year), desc), after.ID}
		i, _ = slices.BinarySearchFunc(docs, k, cmp)
		if i < len(docs) && cmp(docs[i], k) == 0 {
			i++
		}
	}
	ids := make([]uint32, 0, min(want, len(docs)-i))
	for ; i < len(docs) && len(ids) < want; i++ {
		ids = append(ids, docs[i].id)
	}
	return ids
}
