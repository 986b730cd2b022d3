package data

// tone is the colour treatment of the finishing pass.
type tone int

const (
	toneColour tone = iota
	toneBW          // black and white, a little more contrast
	toneSepia       // warm brown monochrome
	toneBleach      // bleach bypass: half the saturation, more contrast
)

// finish describes the last pass over a frame: lens vignetting, film grain
// and the colour treatment.
type finish struct {
	vignette float64 // darkening at the corners, 0..1
	grain    float64 // grain amplitude in 0..1 units
	tone     tone
}

// apply runs the finishing pass in one sweep over the pixels.
func (f finish) apply(c *canvas, seed uint64) {
	vx := make([]float64, c.w)
	for x := range vx {
		d := (float64(x)+0.5)/c.fw*2 - 1
		vx[x] = d * d
	}
	state := seed | 1
	stride := c.img.Stride
	for y := 0; y < c.h; y++ {
		dy := (float64(y)+0.5)/c.fh*2 - 1
		vy := dy * dy
		row := c.pix[y*stride : y*stride+c.w*4]
		for x := 0; x < c.w; x++ {
			p := row[x*4 : x*4+3 : x*4+3]
			r, g, b := float64(p[0])/255, float64(p[1])/255, float64(p[2])/255
			switch f.tone {
			case toneBW:
				l := 0.299*r + 0.587*g + 0.114*b
				l = l + (l-0.5)*0.25
				r, g, b = l, l, l
			case toneSepia:
				l := 0.299*r + 0.587*g + 0.114*b
				r, g, b = l*1.07+0.06, l*0.87+0.03, l*0.62
			case toneBleach:
				l := 0.299*r + 0.587*g + 0.114*b
				r, g, b = l+(r-l)*0.45, l+(g-l)*0.45, l+(b-l)*0.45
				r, g, b = r+(r-0.5)*0.3, g+(g-0.5)*0.3, b+(b-0.5)*0.3
			}
			v := 1 - f.vignette*(vx[x]+vy)*0.5
			// xorshift64: cheap per-pixel noise, deterministic for the seed.
			state ^= state << 13
			state ^= state >> 7
			state ^= state << 17
			n := (float64(state>>40)/(1<<24) - 0.5) * 2 * f.grain
			p[0] = to8(r*v + n)
			p[1] = to8(g*v + n)
			p[2] = to8(b*v + n)
		}
	}
}
