package media

import "image"

// boxShrink averages src down to w×h (w, h no larger than src), each output
// pixel the mean of the whole source pixels whose index maps onto it. With
// w×h equal to the source size it is a plain conversion to RGBA.
func boxShrink(src image.Image, w, h int) *image.RGBA {
	b := src.Bounds()
	sw, sh := b.Dx(), b.Dy()
	w, h = min(clampMin1(w), sw), min(clampMin1(h), sh)

	// Output column ox covers source columns [xs[ox], xs[ox+1]), and
	// likewise for rows: the boxes tile the source exactly.
	xs, ys := boxEdges(sw, w), boxEdges(sh, h)

	if m, ok := src.(*image.YCbCr); ok {
		if dst := shrinkYCbCr(m, w, h); dst != nil {
			return dst
		}
	}
	read := newRowReader(src)

	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	parallelRows(h, sw*sh, func(lo, hi int) {
		buf := make([]byte, sw*4)
		acc := make([]uint64, w*4) // 64 bits: no box is too big to sum
		for oy := lo; oy < hi; oy++ {
			clear(acc)
			for sy := ys[oy]; sy < ys[oy+1]; sy++ {
				read(b.Min.Y+sy, buf)
				sumRGBA(buf, xs, acc)
			}
			rows := uint64(ys[oy+1] - ys[oy])
			out := dst.Pix[oy*dst.Stride : oy*dst.Stride+w*4]
			for ox := 0; ox < w; ox++ {
				inv := 1 / float64(uint64(xs[ox+1]-xs[ox])*rows)
				a := acc[ox*4 : ox*4+4 : ox*4+4]
				p := out[ox*4 : ox*4+4 : ox*4+4]
				for c := range 4 {
					p[c] = byte(float64(a[c])*inv + 0.5)
				}
			}
		}
	})
	return dst
}

// boxEdges splits n source samples into m boxes of near-equal size and
// returns the m+1 edges. Every box is non-empty when m <= n.
func boxEdges(n, m int) []int {
	e := make([]int, m+1)
	for i := range e {
		e[i] = int(int64(i) * int64(n) / int64(m))
	}
	return e
}

// sumRGBA adds a row of 4-byte pixels into acc, box by box. Each box is
// summed in registers before touching acc, which keeps the loop free of
// store-to-load dependencies.
func sumRGBA(buf []byte, xs []int, acc []uint64) {
	for ox := 0; ox+1 < len(xs); ox++ {
		var r, g, b, a uint64
		px := buf[xs[ox]*4 : xs[ox+1]*4]
		for i := 0; i+3 < len(px); i += 4 {
			r += uint64(px[i])
			g += uint64(px[i+1])
			b += uint64(px[i+2])
			a += uint64(px[i+3])
		}
		s := acc[ox*4 : ox*4+4 : ox*4+4]
		s[0] += r
		s[1] += g
		s[2] += b
		s[3] += a
	}
}
