package facets

import (
	"math"
)

// Swatch is one colour of a still's palette in CIELAB, with its share of the
// frame (0–1).
type Swatch struct{ L, A, B, Share float32 }

// ColorFilter selects stills whose palette holds a colour within Distance
// (CIE76 ΔE, Euclidean in Lab) of (L, A, B) covering at least Share of the
// frame.
type ColorFilter struct{ L, A, B, Distance, Share float64 }

// maxSwatches is how many palette colours a doc keeps (the palette size of
// media's extraction).
const maxSwatches = 6

// The colour grid buckets swatches into Lab cells of cellSize units, each
// cell an array of its swatches with their doc ids. A colour query scans
// only the cells its sphere reaches, reading memory sequentially: checking
// candidates doc by doc instead costs a cache miss or two per doc, ten
// times more at a million stills. Coordinates beyond the grid are clamped
// into the edge cells, which keeps lookups right for any input: clamping is
// monotone, so a swatch within range of the query lands in a cell of the
// query's clamped box.
const (
	cellSize = 6.0
	gridL    = 17 // L 0..100
	gridAB   = 43 // a, b -128..127
	abMin    = -128.0
	numCells = gridL * gridAB * gridAB // < 2^16: a cell fits a uint16
)

// swatchEntry is one swatch in its cell. A removed entry keeps its place
// with a NaN share, which no share bound admits, until the cell is compacted.
type swatchEntry struct {
	id             uint32
	l, a, b, share float32
}

// colorGrid holds the cells; nil until the first palette.
type colorGrid struct {
	cells [][]swatchEntry
	dead  []int // removed entries per cell
	live  int   // entries not removed, in all cells
}

func cellCoord(v, lo float64, n int) int {
	i := int(math.Floor((v - lo) / cellSize))
	return min(max(i, 0), n-1)
}

func cellOf(w Swatch) int {
	l := cellCoord(float64(w.L), 0, gridL)
	a := cellCoord(float64(w.A), abMin, gridAB)
	b := cellCoord(float64(w.B), abMin, gridAB)
	return (l*gridAB+a)*gridAB + b
}

func finite(f float32) bool {
	return !math.IsNaN(float64(f)) && !math.IsInf(float64(f), 0)
}

// palette returns the swatches of sw a doc keeps: the first maxSwatches
// whose numbers are all finite (no distance can be computed to the others).
func palette(sw []Swatch) ([maxSwatches]Swatch, int) {
	var out [maxSwatches]Swatch
	n := 0
	for _, w := range sw {
		if n == maxSwatches {
			break
		}
		if finite(w.L) && finite(w.A) && finite(w.B) && finite(w.Share) {
			out[n] = w
			n++
		}
	}
	return out, n
}

// swatchOf returns the k-th swatch of the doc at page p, slot s.
func (x *Index) swatchOf(p *docPage, s, k int) swatchEntry {
	i := s*maxSwatches + k
	return x.grid.cells[p.swCel[i]][p.swAt[i]]
}

// setSwatches replaces the palette of doc id (page p, slot s) with sw.
func (x *Index) setSwatches(id uint32, p *docPage, s int, sw []Swatch) {
	keep, n := palette(sw)
	old := int(p.nsw[s])
	if old == n {
		same := true
		for k := range n {
			e := x.swatchOf(p, s, k)
			same = same && e.l == keep[k].L && e.a == keep[k].A && e.b == keep[k].B && e.share == keep[k].Share
		}
		if same {
			return // a re-import with the same palette moves nothing
		}
	}
	var touched [2 * maxSwatches]uint16
	nt := 0
	for k := range old {
		i := s*maxSwatches + k
		c := p.swCel[i]
		x.grid.cells[c][p.swAt[i]].share = float32(math.NaN())
		x.grid.dead[c]++
		x.grid.live--
		touched[nt] = c
		nt++
	}
	if n > 0 && x.grid.cells == nil {
		x.grid.cells = make([][]swatchEntry, numCells)
		x.grid.dead = make([]int, numCells)
	}
	if n > 0 && p.swAt == nil {
		p.swAt = make([]uint32, pageSize*maxSwatches)
		p.swCel = make([]uint16, pageSize*maxSwatches)
	}
	for k, w := range keep[:n] {
		c := cellOf(w)
		i := s*maxSwatches + k
		p.swCel[i], p.swAt[i] = uint16(c), uint32(len(x.grid.cells[c]))
		x.grid.cells[c] = appendEntry(x.grid.cells[c], swatchEntry{id: id, l: w.L, a: w.A, b: w.B, share: w.Share})
		x.grid.live++
		touched[nt] = uint16(c)
		nt++
	}
	p.nsw[s] = uint8(n)
	for _, c := range touched[:nt] {
		if d := x.grid.dead[c]; d > 64 && d > len(x.grid.cells[c])/2 {
			x.compactCell(c)
		}
	}
}

// appendEntry appends e to cell, growing it by a quarter rather than
// append's doubling: the cells hold most of the index's memory.
func appendEntry(cell []swatchEntry, e swatchEntry) []swatchEntry {
	if len(cell) == cap(cell) {
		grown := make([]swatchEntry, len(cell), len(cell)+len(cell)/4+16)
		copy(grown, cell)
		cell = grown
	}
	return append(cell, e)
}

// compactCell drops a cell's removed entries and tells each moved swatch's
// doc where its entry went.
func (x *Index) compactCell(c uint16) {
	cell := x.grid.cells[c]
	out := make([]swatchEntry, 0, len(cell)-x.grid.dead[c])
	for j, e := range cell {
		if math.IsNaN(float64(e.share)) {
			continue
		}
		p, s := x.docs.get(e.id)
		for k := range int(p.nsw[s]) {
			if i := s*maxSwatches + k; p.swCel[i] == c && p.swAt[i] == uint32(j) {
				p.swAt[i] = uint32(len(out))
			}
		}
		out = append(out, e)
	}
	x.grid.cells[c], x.grid.dead[c] = out, 0
}

// validColor reports whether c can match anything at all.
func validColor(c ColorFilter) bool {
	for _, f := range []float64{c.L, c.A, c.B, c.Distance, c.Share} {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return false
		}
	}
	return c.Distance >= 0
}

// cellsNear returns the cells within c.Distance of the query colour and the
// number of swatches they hold.
func (x *Index) cellsNear(c ColorFilter) ([]uint16, int) {
	if x.grid.cells == nil {
		return nil, 0
	}
	d := c.Distance
	l0, l1 := cellCoord(c.L-d, 0, gridL), cellCoord(c.L+d, 0, gridL)
	a0, a1 := cellCoord(c.A-d, abMin, gridAB), cellCoord(c.A+d, abMin, gridAB)
	b0, b1 := cellCoord(c.B-d, abMin, gridAB), cellCoord(c.B+d, abMin, gridAB)
	var out []uint16
	n := 0
	for l := l0; l <= l1; l++ {
		gl := gap(c.L, l, 0, gridL)
		for a := a0; a <= a1; a++ {
			ga := gap(c.A, a, abMin, gridAB)
			for b := b0; b <= b1; b++ {
				gb := gap(c.B, b, abMin, gridAB)
				if gl*gl+ga*ga+gb*gb > d*d {
					continue // inside the box, but the sphere does not reach this cell
				}
				i := (l*gridAB+a)*gridAB + b
				if live := len(x.grid.cells[i]) - x.grid.dead[i]; live > 0 {
					out = append(out, uint16(i))
					n += live
				}
			}
		}
	}
	return out, n
}

// gap is the distance from v to cell i along one axis; edge cells reach to
// infinity because out-of-range values are clamped into them.
func gap(v float64, i int, lo float64, n int) float64 {
	cellLo, cellHi := lo+float64(i)*cellSize, lo+float64(i+1)*cellSize
	if i == 0 {
		cellLo = math.Inf(-1)
	}
	if i == n-1 {
		cellHi = math.Inf(1)
	}
	switch {
	case v < cellLo:
		return cellLo - v
	case v > cellHi:
		return v - cellHi
	}
	return 0
}
