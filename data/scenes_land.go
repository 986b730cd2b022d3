package data

import "math"

func planSilhouette(r *rng, s *shot) {
	var sk sky
	tod := pick(r, []string{"sunset", "sunset", "dusk", "dawn"})
	if tod == "dawn" {
		sk = dawnSky
	} else {
		sk = pick(r, sunsetSkies)
	}
	n := countPeople(r, 3, 5, 4, 3, 2, 1)
	// A wide frame shows whole figures standing on the horizon; a
	// medium-wide one frames big figures from the knees up, from low down.
	big := n > 0 && n <= 3 && r.chance(0.45)
	horizon, size := r.between(0.7, 0.82), r.between(0.25, 0.42)
	if big {
		horizon, size = r.between(0.86, 0.92), r.between(0.65, 0.9)
	}
	xs, centre := spread(r, max(n, 1), 0.42*size/s.ratio)
	s.rec.set(fTimeOfDay, tod)
	s.rec.set(fIntExt, "exterior")
	s.rec.add(fLighting, "silhouette", "backlight", "high_contrast")
	s.rec.add(fLightingType, "sunny")
	s.people(n, true)
	s.tag("silhouette", "backlit", tod)
	if !s.mono() {
		s.tag(sk.word + " sky")
	}
	if n == 0 {
		s.rec.set(fLocationType, "urban")
		s.rec.set(fFrameSize, "extreme_wide")
		s.rec.add(fShotType, "establishing")
		s.rec.set(fLensSize, pick(r, []string{"long", "telephoto"}))
		s.rec.set(fComposition, "balanced")
		s.rec.title = pick(r, []string{"Skyline", "City edge", "Towers"})
		s.rec.desc = "The city skyline stands black against a " + s.colour(sk.word+" ", "bright ") + "sky."
		s.tag("skyline", "city")
	} else {
		s.rec.set(fLocationType, pick(r, []string{"nature", "rural"}))
		s.balance(centre)
		if !big {
			s.rec.set(fFrameSize, "wide")
			s.rec.set(fLensSize, "medium")
		} else {
			s.rec.set(fFrameSize, "medium_wide")
			s.rec.set(fLensSize, "long")
			s.rec.add(fShotType, "low_angle")
		}
		who := [...]string{"", "A lone figure stands", "Two figures stand", "Three figures stand", "Four figures stand", "Five figures stand"}[n]
		s.rec.title = pick(r, []string{"Against the light", "Shadows on the ridge", "Waiting", "The long look", "Outline"})
		s.rec.desc = who + " in silhouette against a " + s.colour(sk.word+" ", "bright ") + "sky."
		s.tag("figures")
		if n == 1 {
			s.tag("lone figure")
		}
	}
	s.draw = func(c *canvas, r *rng) {
		hy := horizon * c.fh
		c.sky(hy, sk.stops)
		sx := centre*c.fw + r.between(-0.1, 0.1)*c.fw
		c.glow(sx, hy, c.fw*0.55, c.fh*0.6, sk.sun, 0.45)
		c.disc(sx, hy-0.02*c.fh, 0.05*c.fh, sk.sun, 1)
		black := hexRGB("#0b0909")
		if n == 0 {
			for x := -0.02 * c.fw; x < c.fw; {
				bw := r.between(0.025, 0.08) * c.fw
				c.building(r, x, x+bw, hy-r.between(0.05, 0.45)*c.fh, c.fh, black, black, 0)
				x += bw
			}
			c.rect(0, hy-2, c.fw, c.fh, black, 1)
			return
		}
		c.ground(ridge(r, c.w, hy, 0.01*c.fh, 1.5), shade(c, black.mix(sk.stops[0].c, 0.2), black))
		fh := size * c.fh
		feet := hy + 0.02*c.fh
		if big {
			feet = c.fh + fh*0.25 // framed from the knees up
		}
		for _, x := range xs {
			c.figure(x*c.fw, feet+r.between(-0.01, 0.01)*c.fh, fh*r.between(0.92, 1.05), black, r.float()*0.6, r.chance(0.3))
		}
	}
	s.finish = finish{vignette: 0.3, grain: 0.025, tone: s.finish.tone}
}

func planDesert(r *rng, s *shot) {
	aerial := r.chance(0.3)
	walker := r.chance(0.35)
	horizon := r.between(0.38, 0.52)
	if aerial {
		horizon = r.between(0.12, 0.22)
	}
	wx := r.between(0.25, 0.75)
	s.rec.set(fTimeOfDay, "day")
	s.rec.set(fIntExt, "exterior")
	s.rec.set(fLocationType, "desert")
	s.rec.set(fFrameSize, "extreme_wide")
	s.rec.add(fLighting, "hard", "top_light")
	s.rec.add(fLightingType, "sunny")
	s.rec.set(fComposition, "balanced")
	s.people(0, false)
	s.tag("desert", "dunes", "sand", "heat", "arid")
	s.rec.title = pick(r, []string{"Dune sea", "The crossing", "Empty quarter", "Sand and sky", "Noon"})
	s.rec.desc = "Dunes roll away under a hard midday sun"
	if aerial {
		s.rec.add(fShotType, "aerial", "high_angle")
		s.rec.set(fLensSize, "wide")
		s.rec.desc = "Seen from above, dunes ripple away under a hard midday sun"
		s.tag("aerial")
	} else {
		s.rec.add(fShotType, "establishing")
		s.rec.set(fLensSize, pick(r, []string{"wide", "long", "telephoto"}))
	}
	if walker {
		s.people(1, false)
		s.balance(wx)
		s.rec.desc += "; a lone walker crosses a crest"
		s.tag("lone figure")
	}
	s.rec.desc += "."
	sand := hexRGB("#e3b676").mix(hexRGB("#d49a5a"), r.float())
	s.draw = func(c *canvas, r *rng) {
		hy := horizon * c.fh
		stops := []stop{{0, hexRGB("#5d93cc")}, {0.7, hexRGB("#b9d2e2")}, {1, hexRGB("#efe4cf")}}
		c.sky(hy, stops)
		c.glow(c.fw*r.between(0.3, 0.7), -0.05*c.fh, c.fw*0.5, c.fh*0.5, rgb{1, 0.98, 0.9}, 0.45)
		var top []float64
		for layer := 0; layer < 4; layer++ {
			t := float64(layer) / 3
			base := hy + (c.fh-hy)*(0.02+0.28*t*t)
			top = ridge(r, c.w, base, c.fh*(0.012+0.05*t), 1.1-0.5*t)
			light := sand.mix(stops[2].c, 0.5*(1-t))
			dark := light.mix(hexRGB("#7a4a26"), 0.45)
			lit := make([]rgb, c.w) // sunlit or shaded flank, by the slope of the crest
			for x := range lit {
				slope := top[min(x+1, c.w-1)] - top[max(x-1, 0)]
				lit[x] = dark.mix(light, clampf(0.55-slope*0.3, 0, 1))
			}
			c.ground(top, func(x, _ int, d float64) rgb { return lit[x].mul(1 - math.Min(d/c.fh, 0.3)) })
		}
		if walker {
			x := wx * c.fw
			c.figure(x, top[clampi(int(x), 0, c.w-1)]+2, 0.06*c.fh, hexRGB("#2a1a10"), 0.9, true)
		}
	}
	s.finish = finish{vignette: 0.2, grain: 0.02, tone: s.finish.tone}
}
