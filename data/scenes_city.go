package data

var neonColours = []struct {
	word string
	c    rgb
}{
	{"magenta", hexRGB("#ff2bd6")}, {"cyan", hexRGB("#19e6ff")}, {"magenta", hexRGB("#f0309a")},
	{"cyan", hexRGB("#3ad7ff")}, {"amber", hexRGB("#ffb347")}, {"red", hexRGB("#ff3b4a")},
}

func lerp(a, b, t float64) float64 { return a + (b-a)*t }

func planNeonStreet(r *rng, s *shot) {
	n := countPeople(r, 4, 4, 2)
	rain := r.chance(0.5)
	vp := r.between(0.42, 0.58)
	xs, _ := spread(r, max(n, 1), 0.2/s.ratio)
	s.rec.set(fTimeOfDay, "night")
	s.rec.set(fIntExt, "exterior")
	s.rec.set(fLocationType, "urban")
	s.rec.set(fFrameSize, "wide")
	s.rec.set(fLensSize, pick(r, []string{"wide", "ultra_wide", "medium"}))
	s.rec.add(fLighting, "high_contrast", "side_light")
	s.rec.add(fLightingType, "artificial", "practical")
	s.rec.set(fComposition, "symmetrical")
	s.people(n, true)
	if n == 0 {
		s.rec.add(fShotType, "establishing")
	} else {
		s.rec.add(fLighting, "edge_light")
	}
	s.tag("night", "city", "street", "neon", "wet street")
	s.tag(s.colour("magenta", "signs"), s.colour("cyan", "reflections"))
	s.rec.title = pick(r, []string{"Neon alley", "After hours", "Night shift", "The strip", "Downtown"})
	s.rec.desc = "A narrow street at night, walls hung with " + s.colour("magenta and cyan ", "glowing ") + "neon signs that bleed into the wet asphalt"
	if n > 0 {
		s.rec.desc += [...]string{"", "; a lone figure is rim-lit", "; two figures are rim-lit"}[n] + " in the middle of the road"
	}
	if rain {
		s.rec.desc += " as rain comes down"
		s.tag("rain")
	}
	s.rec.desc += "."
	s.draw = func(c *canvas, r *rng) {
		vpx, vpy := vp*c.fw, 0.45*c.fh
		c.vgradient(0, c.h, []stop{{0, hexRGB("#07050f")}, {0.45, hexRGB("#1d1033")}, {1, hexRGB("#05050a")}})
		lx, rx := vpx-0.07*c.fw, vpx+0.07*c.fw
		top, bot, edge := vpy-0.16*c.fh, vpy+0.05*c.fh, 0.95*c.fh
		c.rect(lx, top, rx, bot, hexRGB("#160f24"), 1)
		c.glow(vpx, bot, 0.05*c.fw, 0.03*c.fh, hexRGB("#ff9a5a"), 0.4)
		c.polygon([]pt{{0, 0}, {lx, top}, {lx, bot}, {0, edge}}, hexRGB("#120e1c"), 1)
		c.polygon([]pt{{c.fw, 0}, {rx, top}, {rx, bot}, {c.fw, edge}}, hexRGB("#0d0b16"), 1)
		c.polygon([]pt{{0, edge}, {lx, bot}, {rx, bot}, {c.fw, edge}, {c.fw, c.fh}, {0, c.fh}}, hexRGB("#0a0a10"), 1)
		for i := 0; i < 12; i++ {
			t := r.between(0.05, 0.85)
			x0, x1 := 0.0, lx
			if i%2 == 1 {
				x0, x1 = c.fw, rx
			}
			x := lerp(x0, x1, t)
			yTop, yBot := lerp(0, top, t), lerp(edge, bot, t)
			k := 1 - t*0.85
			sw, sh := 0.03*c.fw*k, r.between(0.1, 0.3)*c.fh*k
			if r.chance(0.35) { // horizontal sign
				sw, sh = sh*0.8, sw*0.8
			}
			sy := lerp(yTop, yBot, r.between(0.2, 0.55))
			col := pick(r, neonColours).c
			c.glow(x, sy, sw*2+0.04*c.fw*k, sh*0.8+0.04*c.fh*k, col, 0.55)
			c.rect(x-sw/2, sy-sh/2, x+sw/2, sy+sh/2, col, 1)
			c.rect(x-sw/4, sy-sh/2+sw/4, x+sw/4, sy+sh/2-sw/4, col.mix(rgb{1, 1, 1}, 0.6), 1)
			d := yBot - sy
			c.glow(x, yBot+d*0.5, sw*1.5+4, d*0.6, col, 0.22)
		}
		if rain {
			streak := rgb{0.8, 0.8, 0.9}
			for i := 0; i < 350; i++ {
				x, y := r.between(0, c.fw), r.between(0, c.fh)
				l := r.between(0.02, 0.05) * c.fh
				c.polygon([]pt{{x, y}, {x + 1.2, y}, {x + 1.2 - l*0.15, y + l}, {x - l*0.15, y + l}}, streak, r.between(0.08, 0.2))
			}
		}
		if n > 0 {
			rim := pick(r, neonColours).c
			for _, fx := range xs {
				x := fx * c.fw
				h := 0.5 * c.fh
				y := bot + 0.35*c.fh
				c.figure(x, y, h*1.02, rim, 0.5, true)
				c.figure(x+1.5, y, h, hexRGB("#050407"), 0.5, true)
			}
		}
	}
	s.finish = finish{vignette: 0.4, grain: 0.035, tone: s.finish.tone}
}

func planCityDusk(r *rng, s *shot) {
	horizon := r.between(0.55, 0.72)
	s.rec.set(fTimeOfDay, "dusk")
	s.rec.set(fIntExt, "exterior")
	s.rec.set(fLocationType, "urban")
	s.rec.set(fFrameSize, "extreme_wide")
	s.rec.add(fShotType, "establishing")
	s.rec.set(fLensSize, pick(r, []string{"long", "telephoto", "medium"}))
	s.rec.add(fLighting, "soft", "low_contrast")
	s.rec.add(fLightingType, "mixed", "artificial")
	s.rec.set(fComposition, "balanced")
	s.people(0, false)
	s.tag("dusk", "blue hour", "skyline", "city lights", "city")
	s.rec.title = pick(r, []string{"Blue hour", "Lights on", "City at dusk", "Evening towers"})
	s.rec.desc = "Office towers at dusk, their windows lighting up one by one against a " + s.colour("deep blue sky with a last band of orange", "fading sky") + "."
	s.draw = func(c *canvas, r *rng) {
		hy := horizon * c.fh
		c.vgradient(0, c.h, []stop{{0, hexRGB("#0d1b3d")}, {0.4, hexRGB("#243f7a")}, {0.62, hexRGB("#6a6fa0")}, {0.75, hexRGB("#e39a6b")}, {1, hexRGB("#f2b27a")}})
		for layer := 0; layer < 2; layer++ {
			wall := hexRGB("#2b3552").mul(1 - 0.35*float64(layer))
			for x := -0.02 * c.fw; x < c.fw; {
				bw := r.between(0.03, 0.08) * c.fw * float64(1+layer)
				t := hy - r.between(0.05, 0.35)*c.fh*float64(1+layer)*0.7
				c.building(r, x, x+bw, t, c.fh, wall, hexRGB("#ffcf7a"), 0.35)
				x += bw + r.between(0, 0.02)*c.fw
			}
		}
		for i := 0; i < 30; i++ { // street lights along the foot of the towers
			c.glow(r.between(0, c.fw), c.fh*r.between(0.9, 0.98), 0.02*c.fw, 0.02*c.fw, hexRGB("#ffb060"), 0.6)
		}
	}
	s.finish = finish{vignette: 0.3, grain: 0.025, tone: s.finish.tone}
}

func planNoirStreet(r *rng, s *shot) {
	n := countPeople(r, 2, 5, 2)
	lx := r.between(0.25, 0.75)
	s.rec.set(fTimeOfDay, "night")
	s.rec.set(fIntExt, "exterior")
	s.rec.set(fLocationType, "urban")
	s.rec.set(fFrameSize, "wide")
	s.rec.set(fLensSize, pick(r, []string{"wide", "medium"}))
	s.rec.add(fLighting, "hard", "top_light", "high_contrast")
	s.rec.add(fLightingType, "artificial")
	s.balance(lx)
	s.people(n, true)
	if n == 0 {
		s.rec.add(fShotType, "establishing")
	}
	s.tag("night", "streetlamp", "shadows", "alley", "noir")
	if !s.mono() {
		s.tag("sodium light")
	}
	s.rec.title = pick(r, []string{"Under the lamp", "Last call", "Back street", "The meeting", "Closing time"})
	s.rec.desc = "A single streetlamp throws a hard " + s.colour("orange ", "") + "pool of light on an empty street"
	if n > 0 {
		s.rec.desc = "A single streetlamp throws a hard " + s.colour("orange ", "") + "pool of light" + [...]string{"", " on a man in a long coat", " on two figures in long coats"}[n]
		s.tag("trench coat")
	}
	s.rec.desc += "; brick walls fall away into darkness."
	mono := s.mono()
	s.draw = func(c *canvas, r *rng) {
		lamp := hexRGB("#ffb45c")
		if mono {
			lamp = hexRGB("#fff2dc")
		}
		c.vgradient(0, c.h, []stop{{0, hexRGB("#0b0c10")}, {0.62, hexRGB("#16161a")}, {0.63, hexRGB("#101012")}, {1, hexRGB("#08080a")}})
		// brick wall behind, with mortar lines
		floor := 0.63 * c.fh
		brick := hexRGB("#3a2420")
		for y := 0.0; y < floor; y += 0.03 * c.fh {
			off := 0.0
			if int(y/(0.03*c.fh))%2 == 1 {
				off = 0.03 * c.fw
			}
			for x := -off; x < c.fw; x += 0.06 * c.fw {
				c.rect(x+2, y+2, x+0.06*c.fw-2, y+0.03*c.fh-2, brick.mul(r.between(0.6, 1)), 1)
			}
		}
		x := lx * c.fw
		c.rect(x-0.006*c.fw, 0.12*c.fh, x+0.006*c.fw, floor+0.05*c.fh, hexRGB("#050505"), 1)
		c.polygon([]pt{{x - 0.03*c.fw, 0.14 * c.fh}, {x + 0.03*c.fw, 0.14 * c.fh}, {x + 0.015*c.fw, 0.1 * c.fh}, {x - 0.015*c.fw, 0.1 * c.fh}}, hexRGB("#050505"), 1)
		c.glow(x, 0.15*c.fh, 0.02*c.fw, 0.02*c.fw, lamp, 1.5)
		c.glow(x, 0.3*c.fh, 0.3*c.fw, 0.45*c.fh, lamp, 0.5)
		c.glow(x, floor+0.2*c.fh, 0.3*c.fw, 0.14*c.fh, lamp, 0.55)
		for i := 0; i < n; i++ {
			fx := x + (float64(i)-float64(n-1)/2)*0.12*c.fw + 0.05*c.fw
			feet := floor + 0.2*c.fh
			h := 0.55 * c.fh
			dark := hexRGB("#060607")
			c.polygon([]pt{{fx - 0.02*c.fw, feet}, {fx + 0.02*c.fw, feet}, {fx + (fx-x)*1.5 + 0.05*c.fw, c.fh}, {fx + (fx-x)*1.5 - 0.03*c.fw, c.fh}}, dark, 0.7)
			c.figure(fx, feet, h, dark, 0.1, true)
			u := h / 100
			c.rect(fx-10*u, feet-99.5*u, fx+10*u, feet-98*u, dark, 1) // hat brim
			c.rect(fx-5.5*u, feet-106*u, fx+5.5*u, feet-99*u, dark, 1)
		}
	}
	s.finish = finish{vignette: 0.45, grain: 0.04, tone: s.finish.tone}
}

func planFrontierTown(r *rng, s *shot) {
	n := countPeople(r, 2, 3, 4, 1, 1)
	evening := r.chance(0.3)
	horizon := r.between(0.5, 0.62)
	xs, centre := spread(r, max(n, 1), 0.15/s.ratio)
	showdown := n == 2 && r.chance(0.6)
	tod := "day"
	if evening {
		tod = "sunset"
	}
	s.rec.set(fTimeOfDay, tod)
	s.rec.set(fIntExt, "exterior")
	s.rec.set(fLocationType, "rural")
	s.rec.set(fTimePeriod, "1800s")
	s.rec.set(fFrameSize, "wide")
	s.rec.set(fLensSize, pick(r, []string{"wide", "medium", "long"}))
	s.rec.add(fLighting, "hard")
	s.rec.add(fLightingType, "sunny")
	if evening {
		s.rec.add(fLighting, "backlight")
	}
	s.people(n, true)
	s.tag("western", "frontier town", "main street", "saloon", "dust")
	s.rec.title = pick(r, []string{"Main street", "High noon", "The stranger", "Dust", "Frontier"})
	s.rec.desc = "Wooden false-front stores line a dusty main street"
	switch {
	case showdown:
		xs, centre = []float64{0.22, 0.78}, 0.5
		s.rec.set(fComposition, "symmetrical")
		s.rec.desc += "; two gunmen face each other across it"
		s.tag("showdown", "cowboys")
	case n > 0:
		s.balance(centre)
		s.rec.desc += [...]string{"", "; a cowboy stands alone in the road", "; two cowboys stand in the road", "; three cowboys stand in the road", "; four cowboys stand in the road"}[n]
		s.tag("cowboys")
	default:
		s.rec.set(fComposition, "balanced")
		s.rec.add(fShotType, "establishing")
	}
	s.rec.desc += "."
	if evening {
		s.rec.desc = s.rec.desc[:len(s.rec.desc)-1] + " at sundown."
	}
	s.draw = func(c *canvas, r *rng) {
		hy := horizon * c.fh
		stops := daySky(r, true)
		if evening {
			stops = sunsetSkies[4].stops
		}
		c.sky(hy, stops)
		c.ground(flat(c.w, hy), shade(c, hexRGB("#c9a878"), hexRGB("#8a6a44")))
		wood := hexRGB("#6b4a2e")
		for x := -0.01 * c.fw; x < c.fw; {
			bw := r.between(0.08, 0.16) * c.fw
			front := hy - r.between(0.18, 0.3)*c.fh
			col := wood.mul(r.between(0.7, 1.2))
			c.rect(x, front, x+bw, hy+0.02*c.fh, col, 1)
			c.rect(x+bw-2, front, x+bw, hy+0.02*c.fh, col.mul(0.4), 1)    // seam
			c.rect(x, hy-0.09*c.fh, x+bw, hy-0.075*c.fh, col.mul(0.5), 1) // porch roof
			c.rect(x+bw*0.4, hy-0.07*c.fh, x+bw*0.6, hy+0.02*c.fh, col.mul(0.3), 1)
			c.rect(x+bw*0.1, front+0.05*c.fh, x+bw*0.3, front+0.1*c.fh, col.mul(0.35), 1)
			c.rect(x+bw*0.7, front+0.05*c.fh, x+bw*0.9, front+0.1*c.fh, col.mul(0.35), 1)
			x += bw
		}
		if n > 0 {
			dark := hexRGB("#1a120c")
			for _, fx := range xs {
				h := r.between(0.34, 0.4) * c.fh
				feet := hy + (c.fh-hy)*0.75
				x := fx * c.fw
				c.figure(x, feet, h, dark, 0.15, true)
				u := h / 100
				c.rect(x-11*u, feet-99.5*u, x+11*u, feet-97.5*u, dark, 1)
				c.rect(x-5.5*u, feet-107*u, x+5.5*u, feet-99*u, dark, 1)
			}
		}
	}
	s.finish = finish{vignette: 0.3, grain: 0.03, tone: s.finish.tone}
}
