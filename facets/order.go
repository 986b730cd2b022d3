package facets

import (
	"slices"
	"strings"
)

// cachedOrder is a field's non-empty values by descending size, valid while
// the index generation is gen.
type cachedOrder struct {
	gen uint64
	ids []uint32
}

// orderOf returns field fi's non-empty posting ids by descending size, then
// value. It is what lets a top-N count stop early, and what answers a top-N
// over the whole library outright. Callers hold mu for reading; the cache
// has its own lock because readers fill it.
func (x *Index) orderOf(fi int) []uint32 {
	x.orderMu.Lock()
	defer x.orderMu.Unlock()
	if c, ok := x.orders[fi]; ok && c.gen == x.gen {
		return c.ids
	}
	type sized struct {
		pid  uint32
		card uint64
	}
	var s []sized
	for _, pid := range x.fields[fi].posts {
		if c := x.posts[pid].bm.GetCardinality(); c > 0 {
			s = append(s, sized{pid, c})
		}
	}
	slices.SortFunc(s, func(a, b sized) int {
		if a.card != b.card {
			if a.card > b.card {
				return -1
			}
			return 1
		}
		return strings.Compare(x.posts[a.pid].display, x.posts[b.pid].display)
	})
	ids := make([]uint32, len(s))
	for i, e := range s {
		ids[i] = e.pid
	}
	x.orders[fi] = cachedOrder{gen: x.gen, ids: ids}
	return ids
}

// item is one value's count while selecting the top N.
type item struct {
	pid   uint32
	count uint64
}

// top keeps the best n items by count descending, then display value; n <= 0
// keeps every item.
type top struct {
	x     *Index
	n     int
	items []item
}

func (t *top) before(a, b item) bool {
	if a.count != b.count {
		return a.count > b.count
	}
	return t.x.posts[a.pid].display < t.x.posts[b.pid].display
}

func (t *top) full() bool { return t.n > 0 && len(t.items) >= t.n }

// add offers one value; zero counts are never kept.
func (t *top) add(pid uint32, count uint64) {
	if count == 0 {
		return
	}
	it := item{pid, count}
	if t.n <= 0 {
		t.items = append(t.items, it) // sorted once, in finish
		return
	}
	if t.full() {
		if !t.before(it, t.items[len(t.items)-1]) {
			return
		}
		t.items = t.items[:len(t.items)-1]
	}
	i, _ := slices.BinarySearchFunc(t.items, it, func(e, target item) int {
		if t.before(e, target) {
			return -1
		}
		return 1
	})
	t.items = slices.Insert(t.items, i, it)
}

// finish sorts what add left unsorted.
func (t *top) finish() {
	if t.n <= 0 {
		slices.SortFunc(t.items, func(a, b item) int {
			if t.before(a, b) {
				return -1
			}
			if t.before(b, a) {
				return 1
			}
			return 0
		})
	}
}
