package media

import (
	"image"
	"math"
)

// weightBits is the fixed-point precision of filter weights: 14 bits keeps a
// sum of 255-valued taps comfortably inside int32.
const weightBits = 14

// catmullRom is the Catmull-Rom cubic: sharp, with little ringing, a common
// choice for downscaling photographs.
func catmullRom(x float64) float64 {
	x = math.Abs(x)
	switch {
	case x < 1:
		return (1.5*x-2.5)*x*x + 1
	case x < 2:
		return ((-0.5*x+2.5)*x-4)*x + 2
	}
	return 0
}

// filterTaps holds, for each output index, the first source index and n
// fixed-point weights over the contiguous source indices from it.
type filterTaps struct {
	start []int
	n     int
	w     []int32
}

// makeTaps computes Catmull-Rom weights mapping srcN samples onto dstN. When
// shrinking, the kernel is widened by the scale so that it also low-passes.
// Samples past an edge repeat the edge sample.
func makeTaps(srcN, dstN int) filterTaps {
	scale := float64(srcN) / float64(dstN)
	fscale := math.Max(scale, 1)
	support := 2 * fscale

	type span struct {
		lo int
		w  []float64
	}
	spans := make([]span, dstN)
	n := 1
	for i := range spans {
		center := (float64(i) + 0.5) * scale
		lo := max(int(math.Floor(center-support)), 0)
		hi := min(int(math.Ceil(center+support)), srcN-1)
		w := make([]float64, hi-lo+1)
		sum := 0.0
		for j := int(math.Floor(center - support)); j <= int(math.Ceil(center+support)); j++ {
			k := catmullRom((float64(j) + 0.5 - center) / fscale)
			jj := min(max(j, lo), hi)
			w[jj-lo] += k
			sum += k
		}
		if sum != 0 {
			for k := range w {
				w[k] /= sum
			}
		}
		spans[i] = span{lo, w}
		n = max(n, len(w))
	}

	// Pad every span to n taps, moving its start left where it would run
	// off the end, so the inner loops need no per-pixel tap count.
	t := filterTaps{start: make([]int, dstN), n: n, w: make([]int32, dstN*n)}
	for i, s := range spans {
		start := min(s.lo, srcN-n)
		off := s.lo - start
		ws := t.w[i*n : (i+1)*n]
		var total int32
		big := off
		for k, v := range s.w {
			q := int32(math.Round(v * (1 << weightBits)))
			ws[off+k] = q
			total += q
			if q > ws[big] {
				big = off + k
			}
		}
		// Rounding must not brighten or darken flat areas.
		ws[big] += 1<<weightBits - total
		t.start[i] = start
	}
	return t
}

// resample scales src (at the origin) to w×h with a separable Catmull-Rom
// filter in fixed point, each pass split across CPUs. The vertical pass goes
// first: its inner loop runs along whole rows and is the cheapest per tap,
// so it should be the one that sees every source row.
func resample(src *image.RGBA, w, h int) *image.RGBA {
	sw, sh := src.Rect.Dx(), src.Rect.Dy()
	xt, yt := makeTaps(sw, w), makeTaps(sh, h)

	tmp := make([]byte, sw*4*h)
	parallelRows(h, sw*sh, func(lo, hi int) {
		acc := make([]int32, sw*4)
		for y := lo; y < hi; y++ {
			clear(acc)
			for k, wt := range yt.w[y*yt.n : (y+1)*yt.n] {
				if wt == 0 {
					continue
				}
				sy := yt.start[y] + k
				row := src.Pix[sy*src.Stride : sy*src.Stride+sw*4]
				acc := acc[:len(row)]
				for i, v := range row {
					acc[i] += int32(v) * wt
				}
			}
			out := tmp[y*sw*4 : (y+1)*sw*4]
			for x := 0; x < sw; x++ {
				a := acc[x*4 : x*4+4 : x*4+4]
				storePixel(out[x*4:x*4+4], a[0], a[1], a[2], a[3])
			}
		}
	})

	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	n := xt.n
	parallelRows(h, w*h*n, func(lo, hi int) {
		for y := lo; y < hi; y++ {
			row := tmp[y*sw*4 : (y+1)*sw*4]
			out := dst.Pix[y*dst.Stride : y*dst.Stride+w*4]
			for x := 0; x < w; x++ {
				ws := xt.w[x*n : x*n+n]
				px := row[xt.start[x]*4 : xt.start[x]*4+n*4]
				var r, g, b, a int32
				for k, wt := range ws {
					p := px[k*4 : k*4+4 : k*4+4]
					r += int32(p[0]) * wt
					g += int32(p[1]) * wt
					b += int32(p[2]) * wt
					a += int32(p[3]) * wt
				}
				storePixel(out[x*4:x*4+4], r, g, b, a)
			}
		}
	})
	return dst
}

// storePixel rounds fixed-point sums to bytes, clamping the overshoot of the
// filter's negative lobes and keeping colour within alpha (premultiplied).
func storePixel(p []byte, r, g, b, a int32) {
	const half = 1 << (weightBits - 1)
	av := clamp8((a + half) >> weightBits)
	p[0] = min(clamp8((r+half)>>weightBits), av)
	p[1] = min(clamp8((g+half)>>weightBits), av)
	p[2] = min(clamp8((b+half)>>weightBits), av)
	p[3] = av
}

func clamp8(v int32) byte {
	if v < 0 {
		return 0
	}
	if v > 255 {
		return 255
	}
	return byte(v)
}
