package facets

import (
	"math"

	"github.com/RoaringBitmap/roaring/v2"
)

// colorMatch returns the docs of r (nil = all docs) matching c, and records
// each one's best distance in dist when dist is not nil. Callers hold mu.
func (x *Index) colorMatch(r *roaring.Bitmap, c ColorFilter, dist map[uint32]float64) *roaring.Bitmap {
	out := roaring.New()
	if !validColor(c) || x.grid.live == 0 {
		return out
	}
	cells, entries := x.cellsNear(c)
	d2max := c.Distance * c.Distance
	// Looking up a candidate's own swatches costs a few cache misses, some
	// fifty times a sequential cell entry: worth it for a small candidate
	// set against a wide sphere.
	if r != nil && r.GetCardinality()*50 < uint64(entries) {
		var ids []uint32
		r.Iterate(func(id uint32) bool {
			if d2, ok := x.bestDistance2(id, c); ok && d2 <= d2max {
				ids = append(ids, id)
				if dist != nil {
					dist[id] = math.Sqrt(d2)
				}
			}
			return true
		})
		out.AddMany(ids)
		return out
	}
	var ids []uint32
	for _, ci := range cells {
		ids = ids[:0]
		for _, e := range x.grid.cells[ci] {
			if !(float64(e.share) >= c.Share) { // NaN: removed
				continue
			}
			dl, da, db := float64(e.l)-c.L, float64(e.a)-c.A, float64(e.b)-c.B
			d2 := dl*dl + da*da + db*db
			if d2 > d2max {
				continue
			}
			ids = append(ids, e.id)
			if dist != nil && (r == nil || r.Contains(e.id)) {
				// A doc with two swatches in range appears twice: keep its
				// best. Squared until the end, for exact comparisons.
				if old, ok := dist[e.id]; !ok || d2 < old {
					dist[e.id] = d2
				}
			}
		}
		out.AddMany(ids) // a cell's entries are mostly in id order, as docs arrived
	}
	for id, d2 := range dist {
		dist[id] = math.Sqrt(d2)
	}
	if r != nil {
		out.And(r)
	}
	return out
}

// bestDistance2 returns the smallest squared distance from c to a swatch of
// doc id with at least c.Share of the frame.
func (x *Index) bestDistance2(id uint32, c ColorFilter) (float64, bool) {
	p, s := x.docs.get(id)
	if p == nil {
		return 0, false
	}
	best, ok := math.Inf(1), false
	for k := range int(p.nsw[s]) {
		e := x.swatchOf(p, s, k)
		if !(float64(e.share) >= c.Share) {
			continue
		}
		dl, da, db := float64(e.l)-c.L, float64(e.a)-c.A, float64(e.b)-c.B
		if d2 := dl*dl + da*da + db*db; d2 < best {
			best, ok = d2, true
		}
	}
	return best, ok
}

// ColorDistances returns the best (smallest) distance to c of each doc of set
// (nil = every doc) that matches c, so callers can order results nearest
// first; docs that do not match are absent.
func (x *Index) ColorDistances(set *roaring.Bitmap, c ColorFilter) map[uint32]float64 {
	x.mu.RLock()
	defer x.mu.RUnlock()
	dist := map[uint32]float64{}
	x.colorMatch(set, c, dist)
	return dist
}
