package facets

import (
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
)

// A field's values are counted over a set of docs in one of two ways: by
// intersecting the set with each value's bitmap, or by one pass over the
// set's docs, reading their value lists. The first wins for a few values over
// a large set, the second for many values or a small set; planPass picks.

// Cost model of the two counting strategies, in CPU nanoseconds on the
// 2-core development machine at a million stills (BenchmarkCountStrategies):
// a pass over a set's docs pays per doc and per value a doc holds (wide
// values decode from two bytes and land in a larger counter array); a
// bitmap intersection pays per container pair it visits (a few cache
// misses each) and per element, where roaring merges two arrays linearly
// unless one is 64 times the other, when it gallops.
const (
	costDoc         = 60.0
	costNarrowValue = 2.0
	costWideValue   = 6.0
	costContainer   = 400.0
	costElem        = 1.5
)

// Counting strategies; tests force each one to check both against the
// reference.
const (
	strategyAuto = iota
	strategyDocs
	strategyBitmaps
)

// planPass decides, per segment, whether counting fields over set is cheaper
// by walking set's docs than by intersecting set with every value's bitmap.
func (x *Index) planPass(set *roaring.Bitmap, fields []int) [2]bool {
	var need [2]bool
	for _, fi := range fields {
		need[x.fields[fi].seg] = true
	}
	switch x.strategy {
	case strategyDocs:
		return need
	case strategyBitmaps:
		return [2]bool{}
	}
	docs := x.all.GetCardinality()
	if docs == 0 {
		return [2]bool{}
	}
	chunks := uint64(x.all.Maximum()>>16 + 1) // roaring containers span 2^16 ids
	n := set.GetCardinality()
	var out [2]bool
	for seg := range out {
		if !need[seg] {
			continue
		}
		perValue := costNarrowValue
		if seg == wide {
			perValue = costWideValue
		}
		doc := float64(n) * (costDoc + float64(x.entries[seg])/float64(docs)*perValue)
		bm := 0.0
		for _, fi := range fields {
			if x.fields[fi].seg == seg {
				st := x.stats[fi]
				if st.values > 0 {
					// As if every value had the field's mean size.
					bm += float64(st.values) * bitmapCost(st.entries/st.values, n, chunks)
				}
			}
		}
		out[seg] = doc < bm
	}
	return out
}

// bitmapCost estimates one AndCardinality of a value of size c with a set of
// size n, both spread over chunks containers (2^16 ids each; a container
// holding 4096 ids or more is a bitmap, fewer an array).
func bitmapCost(c, n, chunks uint64) float64 {
	if c == 0 {
		return 0
	}
	small, large := min(c, n), max(c, n)
	dense := 4096 * chunks
	var elems uint64
	switch {
	case c >= dense && n >= dense:
		elems = 1024 * chunks // word-wise AND and popcount, 1024 words a container
	case c >= dense || n >= dense:
		elems = small // the array side's elements tested against the bitmap
	case large >= 64*small:
		elems = 4 * small // galloping
	default:
		elems = small + large // a linear merge of two arrays
	}
	return float64(min(c, chunks))*costContainer + float64(elems)*costElem
}

// countPool recycles the per-posting counters of docPass: they are sized by
// the vocabulary, tens of thousands of values, not by the library.
var countPool sync.Pool

// docPass counts, for every posting of the segments in pass, how many docs
// of set hold it. The caller clears the slice and returns it to countPool.
func (x *Index) docPass(set *roaring.Bitmap, pass [2]bool) []uint32 {
	var cnt []uint32
	if p, ok := countPool.Get().(*[]uint32); ok && cap(*p) >= len(x.posts) {
		cnt = (*p)[:len(x.posts)]
	} else {
		cnt = make([]uint32, len(x.posts))
	}
	buf := make([]uint32, 256)
	it := set.ManyIterator()
	for n := it.NextMany(buf); n > 0; n = it.NextMany(buf) {
		for _, id := range buf[:n] {
			p, s := x.docs.get(id)
			if p == nil {
				continue
			}
			nb, wb := segments(p.list(s))
			if pass[narrow] {
				countIDs(cnt, nb)
			}
			if pass[wide] {
				countIDs(cnt, wb)
			}
		}
	}
	return cnt
}

// countIDs adds one to cnt for each id of an encoded segment.
func countIDs(cnt []uint32, b []byte) {
	prev := uint32(0)
	for i := 0; i < len(b); {
		// Inline fast paths: narrow deltas fit one byte, most wide ones two.
		c := b[i]
		switch {
		case c < 0x80:
			prev += uint32(c)
			i++
		case i+1 < len(b) && b[i+1] < 0x80:
			prev += uint32(c&0x7f) | uint32(b[i+1])<<7
			i += 2
		default:
			v, w := uvarint(b[i:])
			prev += v
			i += w
		}
		cnt[prev]++
	}
}
