package data

import "math"

// figure paints a standing person with feet at (x, y), h pixels tall.
// stride opens the legs (0 standing, 1 mid-step); coat widens the hem.
func (c *canvas) figure(x, y, h float64, col rgb, stride float64, coat bool) {
	u := h / 100
	c.disc(x, y-93*u, 6.5*u, col, 1)
	c.rect(x-2.5*u, y-88*u, x+2.5*u, y-82*u, col, 1)
	hem, hemY := 9*u, y-47*u
	if coat {
		hem, hemY = 14*u, y-30*u
	}
	c.polygon([]pt{{x - 13*u, y - 80*u}, {x - 10*u, y - 84*u}, {x + 10*u, y - 84*u}, {x + 13*u, y - 80*u},
		{x + hem, hemY}, {x - hem, hemY}}, col, 1)
	// arms
	c.polygon([]pt{{x - 13*u, y - 81*u}, {x - 9*u, y - 80*u}, {x - 12*u, y - 46*u}, {x - 16*u, y - 47*u}}, col, 1)
	c.polygon([]pt{{x + 13*u, y - 81*u}, {x + 9*u, y - 80*u}, {x + 12*u, y - 46*u}, {x + 16*u, y - 47*u}}, col, 1)
	// legs
	s := 4*u + stride*10*u
	c.polygon([]pt{{x - 9*u, y - 49*u}, {x - 0.5*u, y - 49*u}, {x - s + 3*u, y}, {x - s - 3*u, y}}, col, 1)
	c.polygon([]pt{{x + 0.5*u, y - 49*u}, {x + 9*u, y - 49*u}, {x + s + 3*u, y}, {x + s - 3*u, y}}, col, 1)
}

// bust paints head and shoulders seen from the chest up; the head's centre
// is at (x, y) and r is its radius.
func (c *canvas) bust(x, y, r float64, col rgb) {
	c.polygon([]pt{{x - 3.2*r, y + 4.5*r}, {x - 2.9*r, y + 2.1*r}, {x - 1.8*r, y + 1.6*r}, {x - 0.5*r, y + 1.2*r},
		{x + 0.5*r, y + 1.2*r}, {x + 1.8*r, y + 1.6*r}, {x + 2.9*r, y + 2.1*r}, {x + 3.2*r, y + 4.5*r}}, col, 1)
	c.rect(x-0.45*r, y+0.6*r, x+0.45*r, y+1.5*r, col, 1)
	c.blob(x, y, r*1.05, r*1.25, col, 1)
	c.disc(x, y, r*0.95, col, 1)
}

// building paints a block from x0 to x1 and from top down to bottom, with a
// grid of windows of which a share lit are lit in colour glass.
func (c *canvas) building(r *rng, x0, x1, top, bottom float64, wall, glass rgb, lit float64) {
	c.rect(x0, top, x1, bottom, wall, 1)
	cell := math.Max((x1-x0)/float64(3+r.intn(5)), 6)
	ww, wh := cell*0.45, cell*0.55
	for y := top + cell*0.6; y+wh < bottom-cell*0.2; y += cell * 1.1 {
		for x := x0 + (cell-ww)/2; x+ww <= x1; x += cell {
			if r.chance(lit) {
				c.rect(x, y, x+ww, y+wh, glass.mul(r.between(0.75, 1)), 1)
			} else {
				c.rect(x, y, x+ww, y+wh, wall.mix(rgb{}, 0.25), 1)
			}
		}
	}
}

// pine paints a conifer with its base at (x, y), h tall, with an optional
// cap colour on the upper side of each tier (snow).
func (c *canvas) pine(x, y, h float64, col rgb, capCol *rgb) {
	c.rect(x-h*0.03, y-h*0.15, x+h*0.03, y, col, 1)
	for i := 0; i < 4; i++ {
		t := float64(i) / 4
		base := y - h*0.12 - t*h*0.6
		half := h * (0.32 - t*0.06)
		apex := base - h*0.42
		c.polygon([]pt{{x - half, base}, {x + half, base}, {x, apex}}, col, 1)
		if capCol != nil {
			c.polygon([]pt{{x - half*0.35, apex + h*0.15}, {x + half*0.2, apex + h*0.12}, {x, apex}}, *capCol, 0.9)
		}
	}
}

// tree paints a broadleaf tree: trunk and a canopy of overlapping blobs.
func (c *canvas) tree(r *rng, x, y, h float64, trunk, leaves rgb) {
	c.polygon([]pt{{x - h*0.04, y}, {x + h*0.04, y}, {x + h*0.02, y - h*0.6}, {x - h*0.02, y - h*0.6}}, trunk, 1)
	for i := 0; i < 7; i++ {
		cx := x + r.between(-0.25, 0.25)*h
		cy := y - h*r.between(0.6, 0.9)
		rad := h * r.between(0.14, 0.24)
		c.blob(cx, cy, rad, rad*0.85, leaves.mul(r.between(0.8, 1.15)), 1)
	}
}
