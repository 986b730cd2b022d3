package data

import "math"

// hues gives the hue in degrees of each colour facet value that names one.
var hues = map[string]float64{
	"red": 0, "orange": 28, "yellow": 52, "green": 120, "cyan": 185,
	"blue": 220, "purple": 275, "magenta": 305, "pink": 335,
}

// colour sets the colour facet values and a matching palette of 3 to 6
// colours, dominant first.
func (g *generator) colour(r *rng, st *setting) {
	rec := &g.rec
	k := 3 + r.intn(4)
	switch {
	case r.chance(0.04):
		rec.add(fColor, "black_and_white")
		for ; k > 0; k-- {
			rec.palette = append(rec.palette, hsl(0, 0, r.between(0.05, 0.95)))
		}
		return
	case r.chance(0.03):
		rec.add(fColor, "sepia", "warm")
		for ; k > 0; k-- {
			rec.palette = append(rec.palette, hsl(r.between(28, 40), r.between(0.25, 0.45), r.between(0.1, 0.85)))
		}
		return
	}
	for n := 1 + r.intn(3); n > 0; n-- {
		rec.add(fColor, pick(r, st.colors))
	}
	var hs [4]float64
	nh := 0
	sat, lo, hi := r.between(0.35, 0.65), 0.12, 0.8
	for _, c := range rec.fields[fColor] {
		switch c {
		case "warm":
			hs[nh], nh = r.between(15, 45), nh+1
		case "cool":
			hs[nh], nh = r.between(190, 235), nh+1
		case "mixed":
			hs[nh], nh = r.between(0, 360), nh+1
		case "saturated":
			sat = r.between(0.7, 0.95)
		case "desaturated":
			sat = r.between(0.08, 0.25)
		case "white":
			lo, hi = 0.55, 0.97
		default:
			if h, ok := hues[c]; ok {
				hs[nh], nh = h, nh+1
			}
		}
	}
	if nh == 0 {
		hs[0], nh = r.between(0, 360), 1
	}
	for ; k > 0; k-- {
		h := math.Mod(hs[r.intn(nh)]+r.between(-12, 12)+360, 360)
		rec.palette = append(rec.palette, hsl(h, clampf(sat+r.between(-0.1, 0.1), 0, 1), r.between(lo, hi)))
	}
}

// hsl converts hue (degrees), saturation and lightness to 0xrrggbb.
func hsl(h, s, l float64) uint32 {
	c := (1 - math.Abs(2*l-1)) * s
	x := c * (1 - math.Abs(math.Mod(h/60, 2)-1))
	m := l - c/2
	var r, g, b float64
	switch {
	case h < 60:
		r, g, b = c, x, 0
	case h < 120:
		r, g, b = x, c, 0
	case h < 180:
		r, g, b = 0, c, x
	case h < 240:
		r, g, b = 0, x, c
	case h < 300:
		r, g, b = x, 0, c
	default:
		r, g, b = c, 0, x
	}
	return uint32(to8(r+m))<<16 | uint32(to8(g+m))<<8 | uint32(to8(b+m))
}
