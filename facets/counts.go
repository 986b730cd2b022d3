package facets

import (
	"slices"
	"strings"

	"github.com/RoaringBitmap/roaring/v2"
)

// Count is how many docs hold one value of a field.
type Count struct {
	Value string `json:"value"`
	Count uint64 `json:"count"`
}

// Counts returns, for each requested field, value counts over the docs
// matching q with that field's own filter removed (faceted navigation: a
// selected value's siblings keep their counts, so a user can add a second
// value). The year bounds belong to field "year". Counts are sorted by count
// descending, then value; limit[field] > 0 keeps the top N, 0 keeps every
// value. Values with no docs are left out, except the values selected in
// q.Filters[field], which are always present. Unknown fields give an empty
// list.
func (x *Index) Counts(q Query, fields []string, limit map[string]int) map[string][]Count {
	x.mu.RLock()
	defer x.mu.RUnlock()

	groups := x.fieldSets(q)
	if lo, hi, ok := yearBounds(q); ok {
		i := slices.IndexFunc(groups, func(s fset) bool { return s.field == FieldYear })
		if i < 0 {
			groups = append(groups, fset{field: FieldYear})
			i = len(groups) - 1
		}
		g := &groups[i]
		if g.bm == nil {
			g.bm = x.yearRange(lo, hi)
		} else {
			g.bm = x.withinYears(g.bm, lo, hi)
		}
		g.card = g.bm.GetCardinality()
		sortSets(groups)
	}
	var base *roaring.Bitmap // nil = every doc
	if q.Within != nil {
		base = roaring.And(q.Within, x.all)
	}
	if q.Color != nil {
		base = x.colorMatch(base, *q.Color, nil)
	}

	// With k filtered fields, field i is counted over base ∩ every group but
	// its own: prefix[i] ∩ suffix[i+1], 2k intersections instead of k².
	k := len(groups)
	prefix := make([]*roaring.Bitmap, k+1)
	prefix[0] = base
	for i, g := range groups {
		prefix[i+1] = and2(prefix[i], g.bm)
	}
	suffix := make([]*roaring.Bitmap, k+1)
	for i := k - 1; i >= 1; i-- {
		suffix[i] = and2(groups[i].bm, suffix[i+1])
	}
	setFor := func(name string) *roaring.Bitmap {
		for i, g := range groups {
			if g.field == name {
				return and2(prefix[i], suffix[i+1])
			}
		}
		return prefix[k]
	}

	out := make(map[string][]Count, len(fields))
	// Fields counted over the same set share one pass over its docs.
	type job struct {
		set    *roaring.Bitmap
		fields []int
	}
	var jobs []job
	for _, name := range fields {
		if _, done := out[name]; done {
			continue
		}
		out[name] = []Count{}
		_, fi := x.lookup(name)
		if fi < 0 {
			continue
		}
		s := setFor(name)
		j := slices.IndexFunc(jobs, func(j job) bool { return j.set == s })
		if j < 0 {
			jobs = append(jobs, job{set: s})
			j = len(jobs) - 1
		}
		jobs[j].fields = append(jobs[j].fields, fi)
	}
	all := x.all.GetCardinality()
	for _, j := range jobs {
		c := counter{x: x, set: j.set}
		if j.set != nil && j.set.GetCardinality() > all/2 {
			// Count the docs left out and subtract: a set of 90% of the
			// library costs what one of 10% does.
			c.set, c.comp = roaring.AndNot(x.all, j.set), true
		}
		var pass [2]bool
		if c.set != nil && !c.set.IsEmpty() {
			pass = x.planPass(c.set, j.fields)
			if pass[narrow] || pass[wide] {
				c.cnt = x.docPass(c.set, pass)
			}
		}
		for _, fi := range j.fields {
			f := x.fields[fi]
			fc := c
			if !pass[f.seg] {
				fc.cnt = nil
			}
			out[f.name] = x.fieldCounts(fi, &fc, limit[f.name], q.Filters[f.name])
		}
		if c.cnt != nil {
			clear(c.cnt)
			countPool.Put(&c.cnt)
		}
	}
	return out
}

// counter counts a value's docs within one set.
type counter struct {
	x    *Index
	set  *roaring.Bitmap // nil = every doc
	comp bool            // set holds the docs not counted: a value's count is its size minus its docs in set
	cnt  []uint32        // counts over set by posting, when a doc pass made them
}

// none reports whether no value can have a doc counted.
func (c *counter) none() bool {
	return !c.comp && c.set != nil && c.set.IsEmpty()
}

// of returns the count of posting pid.
func (c *counter) of(pid uint32) uint64 {
	bm := c.x.posts[pid].bm
	var n uint64
	switch {
	case c.set == nil:
		return bm.GetCardinality()
	case c.cnt != nil:
		n = uint64(c.cnt[pid])
	default:
		n = c.set.AndCardinality(bm)
	}
	if c.comp {
		return bm.GetCardinality() - n
	}
	return n
}

// fieldCounts counts field fi's values with c, keeping the top limit values
// (0 = all) plus the selected ones.
func (x *Index) fieldCounts(fi int, c *counter, limit int, selected []string) []Count {
	f := x.fields[fi]
	t := top{x: x, n: limit}
	switch {
	case c.none():
	case c.cnt == nil && limit > 0:
		// Largest values first: once the N-th best count exceeds the size
		// of every value left, none of them can enter the top N.
		for _, pid := range x.orderOf(fi) {
			if t.full() && x.posts[pid].bm.GetCardinality() < t.items[len(t.items)-1].count {
				break
			}
			t.add(pid, c.of(pid))
		}
	case c.cnt != nil && !c.comp:
		for _, pid := range f.posts {
			t.add(pid, uint64(c.cnt[pid])) // no bitmap to touch: zero counts are dropped by add
		}
	default:
		for _, pid := range f.posts {
			if !x.posts[pid].bm.IsEmpty() {
				t.add(pid, c.of(pid))
			}
		}
	}
	t.finish()
	out := make([]Count, 0, len(t.items)+len(selected))
	seen := make(map[string]bool, len(t.items)+len(selected))
	for _, it := range t.items {
		out = append(out, Count{Value: x.posts[it.pid].display, Count: it.count})
		seen[x.posts[it.pid].key] = true
	}
	added := false
	for _, v := range selected {
		key := f.keyOf(v)
		if key == "" || seen[key] {
			continue
		}
		seen[key] = true
		cnt := Count{Value: v}
		if f.fold {
			cnt.Value = strings.TrimSpace(v)
		}
		if pid, ok := f.ids[key]; ok {
			if d := x.posts[pid].display; d != "" {
				cnt.Value = d
			}
			if !c.none() {
				cnt.Count = c.of(pid)
			}
		}
		out = append(out, cnt)
		added = true
	}
	if added {
		slices.SortFunc(out, func(a, b Count) int {
			if a.Count != b.Count {
				if a.Count > b.Count {
					return -1
				}
				return 1
			}
			return strings.Compare(a.Value, b.Value)
		})
	}
	return out
}
