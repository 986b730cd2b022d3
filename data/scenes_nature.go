package data

func planForest(r *rng, s *shot) {
	rays, misty := r.chance(0.6), r.chance(0.4)
	walker := r.chance(0.3)
	wx := r.between(0.3, 0.7)
	s.rec.set(fTimeOfDay, "day")
	s.rec.set(fIntExt, "exterior")
	s.rec.set(fLocationType, "forest")
	s.rec.set(fFrameSize, "wide")
	s.rec.set(fLensSize, pick(r, []string{"wide", "medium"}))
	s.rec.set(fComposition, "balanced")
	s.people(0, false)
	s.tag("forest", "trees", "woods")
	s.rec.title = pick(r, []string{"Deep woods", "The clearing path", "Old growth", "Among the trees", "Green shade"})
	s.rec.desc = "Tall trunks crowd a " + s.colour("green ", "") + "forest"
	if rays {
		s.rec.add(fLighting, "backlight", "high_contrast")
		s.rec.add(fLightingType, "sunny")
		s.rec.desc += " as shafts of sunlight slant through the canopy"
		s.tag("god rays", "sunbeams")
	} else {
		s.rec.add(fLighting, "soft", "low_contrast")
		s.rec.add(fLightingType, "overcast")
	}
	if misty {
		s.rec.desc += ", the distance lost in mist"
		s.tag("mist", "fog")
	}
	if walker {
		s.people(1, true)
		s.balance(wx)
		s.rec.desc += "; a figure walks between the trees"
	} else {
		s.rec.add(fShotType, "establishing")
	}
	s.rec.desc += "."
	s.draw = func(c *canvas, r *rng) {
		back := hexRGB("#9fb88a").mix(hexRGB("#c9d8b0"), r.float())
		if !misty {
			back = back.mul(0.75)
		}
		c.vgradient(0, c.h, []stop{{0, back.mul(0.7)}, {0.55, back}, {1, hexRGB("#3a3a22")}})
		floor := 0.72 * c.fh
		c.ground(ridge(r, c.w, floor, 0.02*c.fh, 1), shade(c, hexRGB("#4a4a26"), hexRGB("#1f2212")))
		for layer := 0; layer < 3; layer++ {
			t := float64(layer) / 2
			col := hexRGB("#2f3d22").mix(back, 0.7*(1-t)).mul(1 - 0.4*t)
			n := 14 - layer*4
			for i := 0; i < n; i++ {
				x := r.between(-0.05, 1.05) * c.fw
				w := c.fw * (0.008 + 0.02*t*t + r.between(0, 0.01))
				c.rect(x-w/2, 0, x+w/2, floor+(0.02+0.2*t)*c.fh, col, 1)
			}
			if layer == 1 && walker {
				c.figure(wx*c.fw, floor+0.1*c.fh, 0.3*c.fh, col.mul(0.8), 0.7, false)
			}
		}
		for i := 0; i < 12; i++ { // canopy
			c.blob(r.between(0, c.fw), r.between(-0.05, 0.1)*c.fh, c.fw*r.between(0.1, 0.2), c.fh*r.between(0.08, 0.16), hexRGB("#1d2a14"), 0.9)
		}
		if rays {
			sun := hexRGB("#fff3c4")
			for i := 0; i < 5; i++ {
				x := r.between(0.1, 0.9) * c.fw
				w, lean := c.fw*r.between(0.02, 0.06), c.fw*r.between(0.15, 0.3)
				c.polygon([]pt{{x, 0}, {x + w, 0}, {x + w*2.5 + lean, c.fh}, {x + lean, c.fh}}, sun, r.between(0.1, 0.18))
			}
		}
	}
	s.finish = finish{vignette: 0.35, grain: 0.025, tone: s.finish.tone}
}

func planSnow(r *rng, s *shot) {
	falling := r.chance(0.5)
	n := countPeople(r, 6, 3, 2, 1)
	xs, centre := spread(r, max(n, 1), 0.05/s.ratio)
	horizon := r.between(0.45, 0.6)
	s.rec.set(fTimeOfDay, "day")
	s.rec.set(fIntExt, "exterior")
	s.rec.set(fLocationType, pick(r, []string{"snow", "snow", "mountains"}))
	s.rec.set(fFrameSize, "extreme_wide")
	s.rec.set(fLensSize, pick(r, []string{"wide", "medium", "long"}))
	s.rec.add(fLighting, "soft", "low_contrast")
	s.rec.add(fLightingType, "overcast")
	s.people(n, true)
	if n == 0 {
		s.rec.add(fShotType, "establishing")
		s.rec.set(fComposition, "balanced")
	} else {
		s.balance(centre)
	}
	s.tag("snow", "winter", "mountains", "pines", "cold")
	s.rec.title = pick(r, []string{"White out", "The pass", "Winter line", "Frozen valley", "High country"})
	s.rec.desc = "Snow-covered mountains and dark pines under a flat grey sky"
	if n > 0 {
		s.rec.desc += [...]string{"", "; a single figure trudges", "; two figures trudge", "; three figures trudge"}[n] + " through the drifts"
	}
	if falling {
		s.rec.desc += " as snow falls"
		s.tag("snowfall")
	}
	s.rec.desc += "."
	s.draw = func(c *canvas, r *rng) {
		hy := horizon * c.fh
		c.sky(hy, []stop{{0, hexRGB("#9aa6b2")}, {1, hexRGB("#dfe4e8")}})
		rock, white := hexRGB("#56606c"), hexRGB("#f4f6f8")
		peaks := ridge(r, c.w, hy-0.12*c.fh, 0.12*c.fh, 3)
		c.ground(peaks, func(x, y int, d float64) rgb {
			slope := peaks[min(x+1, c.w-1)] - peaks[max(x-1, 0)]
			if d < 0.06*c.fh+slope*8 {
				return white.mix(hexRGB("#b9c6d6"), clampf(slope, 0, 1))
			}
			return rock.mix(hexRGB("#c8d0d8"), 0.5)
		})
		field := ridge(r, c.w, hy+0.02*c.fh, 0.02*c.fh, 1)
		c.ground(field, shade(c, hexRGB("#e8edf2"), hexRGB("#c4cfdb")))
		cap := white
		for i := 0; i < 9; i++ {
			x := r.between(0, c.fw)
			y := field[clampi(int(x), 0, c.w-1)] + r.between(0.01, 0.3)*c.fh
			c.pine(x, y, (0.1+0.3*(y-hy)/(c.fh-hy))*c.fh, hexRGB("#1c2a24"), &cap)
		}
		if n > 0 {
			for _, x := range xs {
				c.figure(x*c.fw, hy+0.22*c.fh, 0.12*c.fh, hexRGB("#1e1c22"), 0.8, true)
			}
		}
		if falling {
			for i := 0; i < 700; i++ {
				c.disc(r.between(0, c.fw), r.between(0, c.fh), r.between(0.6, 2.2), white, r.between(0.4, 0.9))
			}
		}
	}
	s.finish = finish{vignette: 0.2, grain: 0.02, tone: s.finish.tone}
}
