package media

import "image"

// fit returns the size of a w×h image scaled to at most max pixels on its
// long edge, never enlarged and never smaller than 1×1.
func fit(w, h, max int) (int, int) {
	long := w
	if h > long {
		long = h
	}
	if long <= max {
		return w, h
	}
	nw := int((int64(w)*int64(max) + int64(long)/2) / int64(long))
	nh := int((int64(h)*int64(max) + int64(long)/2) / int64(long))
	return clampMin1(nw), clampMin1(nh)
}

func clampMin1(v int) int {
	if v < 1 {
		return 1
	}
	return v
}

// resize scales src down to w×h (w, h no larger than src). A cheap box filter
// first takes the image by an integer factor to between 1 and 2 times the
// target, touching each source pixel once; a Catmull-Rom pass then makes the
// final, sharp and alias-free, size from that much smaller image.
func resize(src image.Image, w, h int) *image.RGBA {
	b := src.Bounds()
	sw, sh := b.Dx(), b.Dy()
	w, h = min(w, sw), min(h, sh)
	// The factor leaves the Catmull-Rom pass at most 2× to do, which keeps
	// its taps few. Each axis gets its own: a 1-pixel-high strip must still
	// be boxed down along its length.
	fx, fy := boxFactor(sw, w), boxFactor(sh, h)
	iw, ih := max(w, sw/fx), max(h, sh/fy)
	var m *image.RGBA
	if rgba, ok := src.(*image.RGBA); ok && iw == sw && ih == sh && b.Min == (image.Point{}) {
		m = rgba
	} else {
		m = boxShrink(src, iw, ih)
	}
	if iw == w && ih == h {
		return m
	}
	return resample(m, w, h)
}

// boxFactor is the integer shrink factor that takes n samples to between 1
// and 2 times target: the ceiling of half the ratio.
func boxFactor(n, target int) int {
	return max(1, (n+2*target-1)/(2*target))
}
