package facets

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/shotdeck/shotdeck/taxonomy"
)

// ref is the brute-force model the index is checked against: plain maps and
// loops over every doc, written from the API's definitions, not the index's
// code.
type ref struct {
	docs     map[uint32]refDoc
	refcount map[string]map[string]int    // field → key → docs holding it
	display  map[string]map[string]string // field → key → spelling shown
}

type refDoc struct {
	year int
	keys map[string][]string // field → keys, in the order given
	sw   []Swatch
}

func newRef() *ref {
	return &ref{docs: map[uint32]refDoc{}, refcount: map[string]map[string]int{}, display: map[string]map[string]string{}}
}

func refKey(field, v string) string {
	if foldFields[field] {
		return strings.ToLower(strings.TrimSpace(v))
	}
	return v
}

func refSpelling(field, v string) string {
	if foldFields[field] {
		return strings.TrimSpace(v)
	}
	return v
}

func (m *ref) put(d Doc) {
	nd := refDoc{year: d.Year, keys: map[string][]string{}}
	if nd.year < 1 || nd.year > 65535 {
		nd.year = 0
	}
	for name, vals := range d.Values {
		if name == FieldYear || name == FieldDecade {
			continue
		}
		if m.display[name] == nil {
			m.display[name], m.refcount[name] = map[string]string{}, map[string]int{}
		}
		for _, v := range vals {
			k := refKey(name, v)
			if k == "" || slices.Contains(nd.keys[name], k) {
				continue
			}
			// A value nobody holds is named by the doc that brings it back.
			if m.refcount[name][k] == 0 {
				m.display[name][k] = refSpelling(name, v)
			}
			nd.keys[name] = append(nd.keys[name], k)
		}
	}
	if nd.year != 0 {
		y := strconv.Itoa(nd.year)
		nd.keys[FieldYear] = []string{y}
		nd.keys[FieldDecade] = []string{taxonomy.Decade(nd.year)}
		for _, f := range []string{FieldYear, FieldDecade} {
			if m.display[f] == nil {
				m.display[f], m.refcount[f] = map[string]string{}, map[string]int{}
			}
			m.display[f][nd.keys[f][0]] = nd.keys[f][0]
		}
	}
	for _, w := range d.Swatches {
		if len(nd.sw) == maxSwatches {
			break
		}
		if finite(w.L) && finite(w.A) && finite(w.B) && finite(w.Share) {
			nd.sw = append(nd.sw, w)
		}
	}
	m.delete(d.ID)
	for f, ks := range nd.keys {
		for _, k := range ks {
			m.refcount[f][k]++
		}
	}
	m.docs[d.ID] = nd
}

func (m *ref) delete(id uint32) {
	old, ok := m.docs[id]
	if !ok {
		return
	}
	for f, ks := range old.keys {
		for _, k := range ks {
			m.refcount[f][k]--
		}
	}
	delete(m.docs, id)
}

func (m *ref) yearOf(id uint32) int { return m.docs[id].year }

// refColor returns the best distance of d to c and whether d matches.
func refColor(d refDoc, c ColorFilter) (float64, bool) {
	if math.IsNaN(c.Distance) || c.Distance < 0 {
		return 0, false
	}
	best := math.Inf(1)
	for _, w := range d.sw {
		if float64(w.Share) < c.Share {
			continue
		}
		dl, da, db := float64(w.L)-c.L, float64(w.A)-c.A, float64(w.B)-c.B
		best = min(best, dl*dl+da*da+db*db)
	}
	return math.Sqrt(best), best <= c.Distance*c.Distance
}

// fails returns the filters doc id fails: field names, "year" for the year
// bounds, "" for Within and the colour (never lifted). Past two, it stops.
func (m *ref) fails(id uint32, q Query) []string {
	d := m.docs[id]
	var out []string
	if q.Within != nil && !q.Within.Contains(id) {
		out = append(out, "")
	}
	if q.Color != nil {
		if _, ok := refColor(d, *q.Color); !ok {
			out = append(out, "")
		}
	}
	for name, vals := range q.Filters {
		if len(vals) == 0 || len(out) > 1 {
			continue
		}
		hit := false
		for _, v := range vals {
			if slices.Contains(d.keys[name], refKey(name, v)) {
				hit = true
			}
		}
		if !hit {
			out = append(out, name)
		}
	}
	if (q.YearMin != 0 && (d.year == 0 || d.year < q.YearMin)) || (q.YearMax != 0 && (d.year == 0 || d.year > q.YearMax)) {
		if !slices.Contains(out, FieldYear) {
			out = append(out, FieldYear)
		}
	}
	return out
}

// match returns the docs passing q except, when skip is not "", the filter
// of field skip (and the year bounds when skip is "year").
func (m *ref) match(q Query, skip string) []uint32 {
	var out []uint32
	for id := range m.docs {
		f := m.fails(id, q)
		if len(f) == 0 || (skip != "" && len(f) == 1 && f[0] == skip) {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

func (m *ref) counts(q Query, fields []string, limit map[string]int) map[string][]Count {
	out := map[string][]Count{}
	// A doc counts for field f when it passes every filter, or fails only f's.
	counts := map[string]map[string]uint64{}
	for _, f := range fields {
		counts[f] = map[string]uint64{}
	}
	for id, d := range m.docs {
		fl := m.fails(id, q)
		if len(fl) > 1 {
			continue
		}
		for f, n := range counts {
			if len(fl) == 0 || fl[0] == f {
				for _, k := range d.keys[f] {
					n[k]++
				}
			}
		}
	}
	for _, f := range fields {
		n := counts[f]
		var cs []Count
		for k, c := range n {
			cs = append(cs, Count{Value: m.display[f][k], Count: c})
		}
		byCount := func(a, b Count) int {
			if a.Count != b.Count {
				if a.Count > b.Count {
					return -1
				}
				return 1
			}
			return strings.Compare(a.Value, b.Value)
		}
		slices.SortFunc(cs, byCount)
		if l := limit[f]; l > 0 && len(cs) > l {
			cs = cs[:l]
		}
		for _, v := range q.Filters[f] {
			k := refKey(f, v)
			if k == "" || slices.ContainsFunc(cs, func(c Count) bool { return refKey(f, c.Value) == k }) {
				continue
			}
			c := Count{Value: refSpelling(f, v), Count: n[k]}
			if m.refcount[f][k] > 0 {
				c.Value = m.display[f][k]
			}
			cs = append(cs, c)
		}
		slices.SortFunc(cs, byCount)
		if cs == nil {
			cs = []Count{}
		}
		out[f] = cs
	}
	return out
}

// order returns the ids of set in order s, by sorting.
func (m *ref) order(set *roaring.Bitmap, s Sort) []uint32 {
	ids := set.ToArray()
	rank := func(id uint32) int {
		y := m.yearOf(id)
		switch {
		case y != 0:
			return y
		case s == SortYearDesc:
			return math.MinInt
		}
		return math.MaxInt
	}
	slices.SortFunc(ids, func(a, b uint32) int {
		c := 0
		switch s {
		case SortNewest:
			c = -cmpU(a, b)
		case SortOldest:
			c = cmpU(a, b)
		case SortYear:
			if c = cmpI(rank(a), rank(b)); c == 0 {
				c = cmpU(a, b)
			}
		case SortYearDesc:
			if c = -cmpI(rank(a), rank(b)); c == 0 {
				c = -cmpU(a, b)
			}
		}
		return c
	})
	return ids
}

func cmpU(a, b uint32) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpI(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
