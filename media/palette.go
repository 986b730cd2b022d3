package media

import (
	"cmp"
	"image"
	"math"
	"slices"
)

// Palette tuning. Clusters closer than mergeDeltaE (CIEDE2000) read as one
// colour; those under minShare are noise such as edges and grain.
const (
	paletteK      = 8
	paletteMax    = 6
	paletteIters  = 24
	mergeDeltaE   = 7.0
	minShare      = 0.01
	histogramBits = 5 // per channel: 32K bins, finer than the eye cares about
)

// Swatch is one colour of a still's palette and the share of the frame it
// covers.
type Swatch struct {
	Hex   string  `json:"hex"`   // "#rrggbb", lowercase
	Share float64 `json:"share"` // 0..1
}

// labPoint is a colour in CIELAB with a weight (pixel count or share).
type labPoint struct {
	l, a, b, w float64
}

func (p labPoint) dist2(q labPoint) float64 {
	dl, da, db := p.l-q.l, p.a-q.a, p.b-q.b
	return dl*dl + da*da + db*db
}

// extractPalette clusters the pixels of a small opaque image in CIELAB with
// weighted k-means and returns up to paletteMax swatches, share descending.
// Everything is deterministic: the same pixels always give the same palette.
func extractPalette(m *image.RGBA) []Swatch {
	pts := histogram(m)
	if len(pts) == 0 {
		return nil
	}
	cs := kmeans(pts, initCenters(pts, paletteK))
	cs = mergeClose(cs)

	var total float64
	for _, c := range cs {
		total += c.w
	}
	kept := cs[:0]
	for _, c := range cs {
		if c.w/total >= minShare {
			kept = append(kept, c)
		}
	}
	out := make([]Swatch, 0, len(kept))
	for _, c := range kept {
		r, g, b := labToRGB(c.l, c.a, c.b)
		out = append(out, Swatch{Hex: FormatHex(r, g, b), Share: c.w})
	}
	slices.SortStableFunc(out, func(x, y Swatch) int {
		if c := cmp.Compare(y.Share, x.Share); c != 0 {
			return c
		}
		return cmp.Compare(x.Hex, y.Hex)
	})
	if len(out) > paletteMax {
		out = out[:paletteMax]
	}
	// Shares are of what is shown, so they sum to 1.
	var shown float64
	for _, s := range out {
		shown += s.Share
	}
	for i := range out {
		out[i].Share = math.Round(out[i].Share/shown*1e4) / 1e4
	}
	return out
}

// histogram bins the pixels at histogramBits per channel and returns the
// mean colour of each occupied bin in CIELAB, weighted by its pixel count,
// in bin order. Binning collapses flat areas so k-means runs on hundreds of
// points rather than thousands.
func histogram(m *image.RGBA) []labPoint {
	type bin struct{ r, g, b, n int }
	const shift = 8 - histogramBits
	bins := make(map[int]*bin)
	w, h := m.Rect.Dx(), m.Rect.Dy()
	for y := 0; y < h; y++ {
		row := m.Pix[y*m.Stride : y*m.Stride+w*4]
		for x := 0; x < w; x++ {
			r, g, b := int(row[x*4]), int(row[x*4+1]), int(row[x*4+2])
			k := (r>>shift)<<(2*histogramBits) | (g>>shift)<<histogramBits | b>>shift
			bn := bins[k]
			if bn == nil {
				bn = &bin{}
				bins[k] = bn
			}
			bn.r += r
			bn.g += g
			bn.b += b
			bn.n++
		}
	}
	keys := make([]int, 0, len(bins))
	for k := range bins {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	pts := make([]labPoint, 0, len(keys))
	for _, k := range keys {
		bn := bins[k]
		n := bn.n
		l, a, b := Lab(uint8((bn.r+n/2)/n), uint8((bn.g+n/2)/n), uint8((bn.b+n/2)/n))
		pts = append(pts, labPoint{l, a, b, float64(n)})
	}
	return pts
}

// initCenters seeds k-means deterministically: the heaviest point first, then
// repeatedly the point with the largest weight × squared distance to its
// nearest centre (a greedy, weighted k-means++), stopping early when every
// point already sits on a centre.
func initCenters(pts []labPoint, k int) []labPoint {
	first := 0
	for i, p := range pts {
		if p.w > pts[first].w {
			first = i
		}
	}
	cs := []labPoint{pts[first]}
	near := make([]float64, len(pts))
	for i, p := range pts {
		near[i] = p.dist2(cs[0])
	}
	for len(cs) < k {
		best, bestScore := -1, 0.0
		for i, p := range pts {
			if s := p.w * near[i]; s > bestScore {
				best, bestScore = i, s
			}
		}
		if best < 0 {
			break
		}
		c := pts[best]
		cs = append(cs, c)
		for i, p := range pts {
			near[i] = math.Min(near[i], p.dist2(c))
		}
	}
	return cs
}

// kmeans runs Lloyd's algorithm on weighted points and returns the non-empty
// clusters, each centre carrying the total weight of its members.
func kmeans(pts []labPoint, cs []labPoint) []labPoint {
	assign := make([]int, len(pts))
	for i := range assign {
		assign[i] = -1
	}
	sums := make([]labPoint, len(cs))
	for iter := 0; iter < paletteIters; iter++ {
		changed := false
		for i, p := range pts {
			best, bestD := 0, math.Inf(1)
			for j, c := range cs {
				if d := p.dist2(c); d < bestD {
					best, bestD = j, d
				}
			}
			if assign[i] != best {
				assign[i], changed = best, true
			}
		}
		clear(sums)
		for i, p := range pts {
			s := &sums[assign[i]]
			s.l += p.l * p.w
			s.a += p.a * p.w
			s.b += p.b * p.w
			s.w += p.w
		}
		for j, s := range sums {
			if s.w > 0 {
				cs[j] = labPoint{s.l / s.w, s.a / s.w, s.b / s.w, s.w}
			} else {
				cs[j].w = 0
			}
		}
		if !changed {
			break
		}
	}
	out := cs[:0]
	for _, c := range cs {
		if c.w > 0 {
			out = append(out, c)
		}
	}
	return out
}

// mergeClose repeatedly merges the closest pair of clusters while it is
// under mergeDeltaE apart, so one colour split by k-means is reported once.
func mergeClose(cs []labPoint) []labPoint {
	for len(cs) > 1 {
		bi, bj, bd := -1, -1, mergeDeltaE
		for i := range cs {
			for j := i + 1; j < len(cs); j++ {
				if d := DeltaE(cs[i].l, cs[i].a, cs[i].b, cs[j].l, cs[j].a, cs[j].b); d < bd {
					bi, bj, bd = i, j, d
				}
			}
		}
		if bi < 0 {
			break
		}
		x, y := cs[bi], cs[bj]
		w := x.w + y.w
		cs[bi] = labPoint{(x.l*x.w + y.l*y.w) / w, (x.a*x.w + y.a*y.w) / w, (x.b*x.w + y.b*y.w) / w, w}
		cs = slices.Delete(cs, bj, bj+1)
	}
	return cs
}
