package data

import (
	"image"
	"math"
	"strconv"
)

// rgb is a colour with channels in [0, 1], sRGB-encoded as stored.
type rgb struct{ r, g, b float64 }

// hexRGB parses "#rrggbb"; it is for the colour constants of the scenes.
func hexRGB(s string) rgb {
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil || len(s) != 7 {
		panic("data: bad colour " + s)
	}
	return rgb{float64(v>>16&0xff) / 255, float64(v>>8&0xff) / 255, float64(v&0xff) / 255}
}

func (a rgb) mix(b rgb, t float64) rgb {
	return rgb{a.r + (b.r-a.r)*t, a.g + (b.g-a.g)*t, a.b + (b.b-a.b)*t}
}

func (a rgb) mul(k float64) rgb { return rgb{a.r * k, a.g * k, a.b * k} }

func (a rgb) luma() float64 { return 0.299*a.r + 0.587*a.g + 0.114*a.b }

// stop is one colour stop of a gradient, at t in [0, 1].
type stop struct {
	t float64
	c rgb
}

// grad returns the colour of a gradient at t; stops are in ascending t.
func grad(stops []stop, t float64) rgb {
	if t <= stops[0].t {
		return stops[0].c
	}
	for i := 1; i < len(stops); i++ {
		if t <= stops[i].t {
			a, b := stops[i-1], stops[i]
			return a.c.mix(b.c, (t-a.t)/(b.t-a.t))
		}
	}
	return stops[len(stops)-1].c
}

// pt is a point in pixel coordinates.
type pt struct{ x, y float64 }

// canvas is an RGBA frame with the few drawing operations the scenes need.
// It writes Pix directly: the image/draw machinery is too slow per pixel.
type canvas struct {
	img  *image.RGBA
	pix  []uint8
	w, h int
	fw   float64 // w as float64
	fh   float64 // h as float64
	xs   []float64
}

func newCanvas(w, h int) *canvas {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	return &canvas{img: img, pix: img.Pix, w: w, h: h, fw: float64(w), fh: float64(h)}
}

func to8(v float64) uint8 {
	if v <= 0 {
		return 0
	}
	if v >= 1 {
		return 255
	}
	return uint8(v*255 + 0.5)
}

func clampi(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

func clampf(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }

func smoothstep(e0, e1, x float64) float64 {
	t := clampf((x-e0)/(e1-e0), 0, 1)
	return t * t * (3 - 2*t)
}

func (c *canvas) get(x, y int) rgb {
	i := y*c.img.Stride + x*4
	return rgb{float64(c.pix[i]) / 255, float64(c.pix[i+1]) / 255, float64(c.pix[i+2]) / 255}
}

// blend mixes col into pixel (x, y) with opacity a; outside pixels are ignored.
func (c *canvas) blend(x, y int, col rgb, a float64) {
	if x < 0 || y < 0 || x >= c.w || y >= c.h || a <= 0 {
		return
	}
	i := y*c.img.Stride + x*4
	p := c.pix[i : i+4 : i+4]
	if a >= 1 {
		p[0], p[1], p[2], p[3] = to8(col.r), to8(col.g), to8(col.b), 255
		return
	}
	p[0] = to8(float64(p[0])/255*(1-a) + col.r*a)
	p[1] = to8(float64(p[1])/255*(1-a) + col.g*a)
	p[2] = to8(float64(p[2])/255*(1-a) + col.b*a)
	p[3] = 255
}

// light adds col*k to pixel (x, y), like light falling on it.
func (c *canvas) light(x, y int, col rgb, k float64) {
	if x < 0 || y < 0 || x >= c.w || y >= c.h || k <= 0 {
		return
	}
	i := y*c.img.Stride + x*4
	p := c.pix[i : i+3 : i+3]
	p[0] = to8(float64(p[0])/255 + col.r*k)
	p[1] = to8(float64(p[1])/255 + col.g*k)
	p[2] = to8(float64(p[2])/255 + col.b*k)
}

// fillRow paints pixels [x0, x1) of row y.
func (c *canvas) fillRow(y, x0, x1 int, col rgb) {
	if y < 0 || y >= c.h {
		return
	}
	x0, x1 = clampi(x0, 0, c.w), clampi(x1, 0, c.w)
	r, g, b := to8(col.r), to8(col.g), to8(col.b)
	row := c.pix[y*c.img.Stride:]
	for x := x0; x < x1; x++ {
		p := row[x*4 : x*4+4 : x*4+4]
		p[0], p[1], p[2], p[3] = r, g, b, 255
	}
}

// vgradient fills rows [y0, y1) across the whole width with a vertical gradient.
func (c *canvas) vgradient(y0, y1 int, stops []stop) {
	n := float64(max(y1-y0-1, 1))
	for y := max(y0, 0); y < min(y1, c.h); y++ {
		c.fillRow(y, 0, c.w, grad(stops, float64(y-y0)/n))
	}
}

// sky fills the frame with a gradient from the top down to the horizon at
// hy, and the horizon colour below it, so that no row is left unpainted
// whatever the ground drawn over it.
func (c *canvas) sky(hy float64, stops []stop) {
	c.vgradient(0, int(hy)+1, stops)
	for y := int(hy) + 1; y < c.h; y++ {
		c.fillRow(y, 0, c.w, stops[len(stops)-1].c)
	}
}

// span paints row y from x0 to x1 with opacity a, anti-aliasing both ends.
func (c *canvas) span(y int, x0, x1 float64, col rgb, a float64) {
	if y < 0 || y >= c.h || x1 <= x0 {
		return
	}
	x0, x1 = math.Max(x0, 0), math.Min(x1, c.fw)
	if x1 <= x0 {
		return
	}
	i0, i1 := int(x0), int(x1)
	if i0 == i1 {
		c.blend(i0, y, col, a*(x1-x0))
		return
	}
	c.blend(i0, y, col, a*(float64(i0+1)-x0))
	if a >= 1 {
		c.fillRow(y, i0+1, i1, col)
	} else {
		for x := i0 + 1; x < i1; x++ {
			c.blend(x, y, col, a)
		}
	}
	if i1 < c.w {
		c.blend(i1, y, col, a*(x1-float64(i1)))
	}
}

// rect paints an axis-aligned rectangle.
func (c *canvas) rect(x0, y0, x1, y1 float64, col rgb, a float64) {
	for y := clampi(int(y0), 0, c.h); y < clampi(int(math.Ceil(y1)), 0, c.h); y++ {
		c.span(y, x0, x1, col, a)
	}
}

// polygon paints a simple polygon (even-odd rule), sampling rows at their centres.
func (c *canvas) polygon(pts []pt, col rgb, a float64) {
	minY, maxY := math.Inf(1), math.Inf(-1)
	for _, p := range pts {
		minY, maxY = math.Min(minY, p.y), math.Max(maxY, p.y)
	}
	for y := clampi(int(minY), 0, c.h); y < clampi(int(math.Ceil(maxY)), 0, c.h); y++ {
		fy := float64(y) + 0.5
		xs := c.xs[:0]
		for i, p := range pts {
			q := pts[(i+1)%len(pts)]
			if (p.y <= fy) != (q.y <= fy) {
				xs = append(xs, p.x+(fy-p.y)*(q.x-p.x)/(q.y-p.y))
			}
		}
		for i := 1; i < len(xs); i++ { // insertion sort: a handful of crossings
			for j := i; j > 0 && xs[j] < xs[j-1]; j-- {
				xs[j], xs[j-1] = xs[j-1], xs[j]
			}
		}
		for i := 0; i+1 < len(xs); i += 2 {
			c.span(y, xs[i], xs[i+1], col, a)
		}
		c.xs = xs
	}
}

// disc paints an anti-aliased filled circle.
func (c *canvas) disc(cx, cy, r float64, col rgb, a float64) {
	for y := clampi(int(cy-r-1), 0, c.h); y < clampi(int(cy+r+2), 0, c.h); y++ {
		dy := float64(y) + 0.5 - cy
		for x := clampi(int(cx-r-1), 0, c.w); x < clampi(int(cx+r+2), 0, c.w); x++ {
			dx := float64(x) + 0.5 - cx
			cov := clampf(r-math.Sqrt(dx*dx+dy*dy)+0.5, 0, 1)
			if cov > 0 {
				c.blend(x, y, col, a*cov)
			}
		}
	}
}

// glow adds light that falls off from (cx, cy) to nothing at radii rx, ry.
func (c *canvas) glow(cx, cy, rx, ry float64, col rgb, k float64) {
	for y := clampi(int(cy-ry), 0, c.h); y < clampi(int(cy+ry+1), 0, c.h); y++ {
		dy := (float64(y) + 0.5 - cy) / ry
		for x := clampi(int(cx-rx), 0, c.w); x < clampi(int(cx+rx+1), 0, c.w); x++ {
			dx := (float64(x) + 0.5 - cx) / rx
			d2 := dx*dx + dy*dy
			if d2 < 1 {
				f := 1 - math.Sqrt(d2)
				c.light(x, y, col, k*f*f)
			}
		}
	}
}

// blob blends a soft-edged ellipse of col, opaque a at the centre.
func (c *canvas) blob(cx, cy, rx, ry float64, col rgb, a float64) {
	for y := clampi(int(cy-ry), 0, c.h); y < clampi(int(cy+ry+1), 0, c.h); y++ {
		dy := (float64(y) + 0.5 - cy) / ry
		for x := clampi(int(cx-rx), 0, c.w); x < clampi(int(cx+rx+1), 0, c.w); x++ {
			dx := (float64(x) + 0.5 - cx) / rx
			if d2 := dx*dx + dy*dy; d2 < 1 {
				c.blend(x, y, col, a*smoothstep(1, 0.35, math.Sqrt(d2)))
			}
		}
	}
}

// ground fills everything below the line top[x], shading each pixel with
// shade(x, y, depth), depth being the distance below the line in pixels.
// The top pixel of each column is blended for a smooth edge. It walks rows,
// not columns, to stay in cache.
func (c *canvas) ground(top []float64, shade func(x, y int, depth float64) rgb) {
	minTop := c.fh
	for _, t := range top {
		minTop = math.Min(minTop, t)
	}
	stride := c.img.Stride
	for y := clampi(int(minTop), 0, c.h); y < c.h; y++ {
		fy := float64(y) + 0.5
		row := c.pix[y*stride : y*stride+c.w*4]
		for x, t := range top[:c.w] {
			depth := fy - t
			if depth <= 0 {
				continue
			}
			col := shade(x, y, depth)
			if depth < 0.5 {
				c.blend(x, y, col, depth+0.5)
				continue
			}
			p := row[x*4 : x*4+4 : x*4+4]
			p[0], p[1], p[2], p[3] = to8(col.r), to8(col.g), to8(col.b), 255
		}
	}
}

// ridge returns a skyline height for every column: base plus a sum of
// sines of random phase, amp pixels high overall, wavelengths around w/scale.
func ridge(r *rng, w int, base, amp, scale float64) []float64 {
	type wave struct{ f, p, a float64 }
	var waves [4]wave
	sum := 0.0
	for i := range waves {
		a := 1 / float64(i+1)
		waves[i] = wave{f: scale * float64(i*i+1) * r.between(0.7, 1.3) * 2 * math.Pi / float64(w), p: r.between(0, 2*math.Pi), a: a}
		sum += a
	}
	out := make([]float64, w)
	for x := range out {
		v := 0.0
		for _, wv := range waves {
			v += wv.a * math.Sin(wv.f*float64(x)+wv.p)
		}
		out[x] = base - amp*v/sum
	}
	return out
}
