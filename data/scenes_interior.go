package data

func planWarmInterior(r *rng, s *shot) {
	n := countPeople(r, 3, 4, 3)
	window := r.chance(0.6)
	dusk := window && r.chance(0.4)
	lampX := r.between(0.12, 0.4)
	if r.chance(0.5) {
		lampX = 1 - lampX
	}
	second := r.chance(0.4)
	s.rec.set(fIntExt, "interior")
	s.rec.set(fLocationType, "home")
	s.rec.set(fTimeOfDay, "night")
	s.rec.add(fLighting, "soft", "side_light")
	s.rec.add(fLightingType, "practical")
	if dusk {
		s.rec.set(fTimeOfDay, "dusk")
		s.rec.add(fLightingType, "mixed")
	}
	s.rec.set(fLensSize, pick(r, []string{"medium", "wide", "long"}))
	s.people(n, true)
	s.tag("interior", "lamp", "practical light", "living room", "evening")
	s.tag(s.colour("warm", "lamplight"), "cozy")
	s.rec.title = pick(r, []string{"Lamplight", "The sitting room", "Late evening", "Home", "Quiet hours"})
	s.rec.desc = "A living room lit only by " + map[bool]string{true: "two table lamps", false: "a table lamp"}[second]
	switch n {
	case 0:
		s.rec.set(fFrameSize, "wide")
		s.rec.add(fShotType, "establishing")
		s.balance(lampX)
		s.rec.desc += "; an empty sofa waits in the " + s.colour("amber ", "") + "glow"
	case 1:
		s.rec.set(fFrameSize, "medium")
		s.rec.set(fComposition, "short_side")
		s.rec.desc += "; someone sits on the sofa, half in shadow"
	default:
		s.rec.set(fFrameSize, "medium_wide")
		s.rec.set(fComposition, "balanced")
		s.rec.desc += "; two people sit on the sofa, faces turned to the light"
	}
	if window {
		s.rec.desc += map[bool]string{true: ", dusk fading in the window", false: ", the window black with night"}[dusk]
		s.tag("window")
	}
	s.rec.desc += "."
	s.draw = func(c *canvas, r *rng) {
		c.vgradient(0, c.h, []stop{{0, hexRGB("#1e120a")}, {0.45, hexRGB("#4a2e1a")}, {0.78, hexRGB("#3a2414")}, {0.781, hexRGB("#24150c")}, {1, hexRGB("#100904")}})
		for x := 0.0; x < c.fw; x += 0.04 * c.fw { // wallpaper stripes
			c.rect(x, 0, x+0.015*c.fw, 0.78*c.fh, hexRGB("#000000"), 0.08)
		}
		if window {
			wx := 1 - lampX
			x0, x1 := (wx-0.12)*c.fw, (wx+0.12)*c.fw
			out := []stop{{0, hexRGB("#050b1c")}, {1, hexRGB("#10204a")}}
			if dusk {
				out = []stop{{0, hexRGB("#2c3c78")}, {0.7, hexRGB("#9a7aa0")}, {1, hexRGB("#e59a66")}}
			}
			for y := int(0.15 * c.fh); y < int(0.6*c.fh); y++ {
				c.fillRow(y, int(x0), int(x1), grad(out, (float64(y)-0.15*c.fh)/(0.45*c.fh)))
			}
			frame := hexRGB("#1a0e06")
			c.rect(x0-6, 0.15*c.fh-6, x1+6, 0.15*c.fh, frame, 1)
			c.rect(x0-6, 0.6*c.fh, x1+6, 0.6*c.fh+8, frame, 1)
			c.rect(x0-6, 0.15*c.fh, x0, 0.6*c.fh, frame, 1)
			c.rect(x1, 0.15*c.fh, x1+6, 0.6*c.fh, frame, 1)
			c.rect((x0+x1)/2-3, 0.15*c.fh, (x0+x1)/2+3, 0.6*c.fh, frame, 1)
			c.rect(x0, 0.37*c.fh-3, x1, 0.37*c.fh+3, frame, 1)
		}
		// picture frame and sofa
		px := c.fw * 0.5
		c.rect(px-0.07*c.fw, 0.2*c.fh, px+0.07*c.fw, 0.38*c.fh, hexRGB("#8a6a2a"), 1)
		c.rect(px-0.06*c.fw, 0.22*c.fh, px+0.06*c.fw, 0.36*c.fh, hexRGB("#2c2a20"), 1)
		sofa := hexRGB("#4a1c14")
		c.rect(0.3*c.fw, 0.55*c.fh, 0.7*c.fw, 0.82*c.fh, sofa, 1)
		c.rect(0.27*c.fw, 0.62*c.fh, 0.33*c.fw, 0.85*c.fh, sofa.mul(0.8), 1)
		c.rect(0.67*c.fw, 0.62*c.fh, 0.73*c.fw, 0.85*c.fh, sofa.mul(0.8), 1)
		lamps := []float64{lampX}
		if second {
			lamps = append(lamps, 1-lampX)
		}
		warm, shadeCol := hexRGB("#ff9f45"), hexRGB("#ffdca6")
		for _, lx := range lamps {
			x := lx * c.fw
			c.rect(x-0.06*c.fw, 0.6*c.fh, x+0.06*c.fw, 0.85*c.fh, hexRGB("#140b05"), 1) // side table
			c.rect(x-0.008*c.fw, 0.45*c.fh, x+0.008*c.fw, 0.6*c.fh, hexRGB("#3a2a1a"), 1)
			c.glow(x, 0.42*c.fh, 0.35*c.fw, 0.5*c.fh, warm, 0.45)
			c.glow(x, 0.3*c.fh, 0.08*c.fw, 0.14*c.fh, warm, 0.5)
			c.polygon([]pt{{x - 0.035*c.fw, 0.36 * c.fh}, {x + 0.035*c.fw, 0.36 * c.fh}, {x + 0.05*c.fw, 0.46 * c.fh}, {x - 0.05*c.fw, 0.46 * c.fh}}, shadeCol, 1)
		}
		people := []float64{0.5}
		if n == 2 {
			people = []float64{0.42, 0.58}
		}
		for i := 0; i < n; i++ {
			x, y, rad := people[i]*c.fw, 0.5*c.fh, 0.07*c.fh
			toLamp := 1.0
			if lampX < people[i] {
				toLamp = -1
			}
			c.bust(x+toLamp*2, y, rad*1.03, warm.mul(0.8))
			c.bust(x, y, rad, hexRGB("#1c0f08"))
		}
	}
	s.finish = finish{vignette: 0.4, grain: 0.03, tone: s.finish.tone}
}

func planOffice(r *rng, s *shot) {
	n := countPeople(r, 3, 2, 2, 2, 2, 1, 1)
	window := r.chance(0.4)
	vp := r.between(0.45, 0.55)
	// Ten desks; the people sit at n of them, chosen here so the count is exact.
	var seat [10]bool
	for k := 0; k < n; {
		if i := r.intn(len(seat)); !seat[i] {
			seat[i] = true
			k++
		}
	}
	s.rec.set(fIntExt, "interior")
	s.rec.set(fLocationType, "office")
	s.rec.set(fFrameSize, "wide")
	s.rec.set(fLensSize, pick(r, []string{"wide", "ultra_wide"}))
	s.rec.set(fComposition, "symmetrical")
	s.rec.add(fLighting, "top_light", "soft", "low_contrast")
	s.rec.add(fLightingType, "fluorescent")
	if window {
		s.rec.set(fTimeOfDay, "day")
		s.rec.add(fLightingType, "daylight")
	}
	s.people(n, true)
	if n < 4 {
		s.rec.add(fShotType, "establishing")
	}
	s.tag("office", "fluorescent", "cubicles", "corporate", "workplace")
	s.tag(s.colour("green tint", "sterile"), "one-point perspective")
	s.rec.title = pick(r, []string{"Open plan", "Nine to five", "The floor", "Cubicle farm", "Overtime"})
	s.rec.desc = "Rows of fluorescent tubes run to the back wall of an open-plan office" + s.colour(", washing the desks in a cold green light", "")
	if n > 0 {
		s.rec.desc += [...]string{"", "; one worker sits", "; two workers sit", "; three workers sit", "; four workers sit", "; five workers sit", "; six workers sit"}[min(n, 6)] + " at the desks"
	}
	s.rec.desc += "."
	s.draw = func(c *canvas, r *rng) {
		vx, vy, f := vp*c.fw, 0.42*c.fh, 0.5*c.fw
		proj := func(x, y, z float64) pt { return pt{vx + x/z*f, vy - y/z*f} }
		const wallX, ceilY, floorY, backZ = 3.0, 1.4, -1.6, 14.0
		tl, tr := proj(-wallX, ceilY, backZ), proj(wallX, ceilY, backZ)
		bl, br := proj(-wallX, floorY, backZ), proj(wallX, floorY, backZ)
		c.vgradient(0, c.h, []stop{{0, hexRGB("#a9b8ad")}, {1, hexRGB("#4d5750")}})
		c.polygon([]pt{{0, 0}, {c.fw, 0}, tr, tl}, hexRGB("#b3c2b6"), 1)
		c.polygon([]pt{{0, 0}, tl, bl, {0, c.fh}}, hexRGB("#74877b"), 1)
		c.polygon([]pt{{c.fw, 0}, tr, br, {c.fw, c.fh}}, hexRGB("#687a6f"), 1)
		c.polygon([]pt{{0, c.fh}, bl, br, {c.fw, c.fh}}, hexRGB("#4d5750"), 1)
		c.rect(tl.x, tl.y, tr.x, bl.y, hexRGB("#8fa397"), 1)
		if window {
			c.rect(tl.x+4, tl.y+(bl.y-tl.y)*0.2, tr.x-4, tl.y+(bl.y-tl.y)*0.55, hexRGB("#dfeaf0"), 1)
		}
		tube := hexRGB("#f2fff6")
		for z := backZ - 1.5; z > 1.2; z -= 1.8 {
			for _, x := range []float64{-1.8, 0, 1.8} {
				q := []pt{proj(x-0.2, ceilY, z), proj(x+0.2, ceilY, z), proj(x+0.2, ceilY, z+1.1), proj(x-0.2, ceilY, z+1.1)}
				c.polygon(q, tube, 1)
				m := proj(x, ceilY-0.3, z+0.5)
				c.glow(m.x, m.y, 1.4/z*f, 0.8/z*f, hexRGB("#c8ffd8"), 0.18)
			}
		}
		desk := 0
		for z := backZ - 2; z > 2.5; z -= 2.2 {
			for _, x := range []float64{-1.7, 1.7} {
				if desk < len(seat) && seat[desk] {
					head := proj(x+0.45, -0.15, z+0.4)
					c.bust(head.x, head.y, 0.17/z*f, hexRGB("#2a2f2c"))
				}
				desk++
				a, b := proj(x-0.9, -0.75, z), proj(x+0.9, floorY, z)
				c.rect(a.x, a.y, b.x, b.y, hexRGB("#6f7773"), 1)
				p, q := proj(x-0.95, -0.5, z-0.05), proj(x+0.95, -0.75, z-0.05)
				c.rect(p.x, p.y, q.x, q.y, hexRGB("#8a948e"), 0.55) // partition
				m0, m1 := proj(x-0.6, -0.2, z+0.3), proj(x-0.1, -0.65, z+0.3)
				c.rect(m0.x, m0.y, m1.x, m1.y, hexRGB("#1a1d1c"), 1)
				c.rect(m0.x+2, m0.y+2, m1.x-2, m1.y-2, hexRGB("#7fa6c8"), 0.8)
			}
		}
	}
	s.finish = finish{vignette: 0.25, grain: 0.03, tone: s.finish.tone}
}
