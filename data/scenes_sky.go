package data

// sky is a named gradient from the top of the frame to the horizon.
type sky struct {
	word  string // colour word for descriptions
	stops []stop
	sun   rgb
}

var sunsetSkies = []sky{
	{"orange", []stop{{0, hexRGB("#241f4a")}, {0.45, hexRGB("#8e3b5e")}, {0.78, hexRGB("#e8683a")}, {1, hexRGB("#f9c25e")}}, hexRGB("#fff1b8")},
	{"pink", []stop{{0, hexRGB("#2f2a66")}, {0.4, hexRGB("#a24d8c")}, {0.75, hexRGB("#f08a7e")}, {1, hexRGB("#fcd6a4")}}, hexRGB("#fff4d6")},
	{"violet", []stop{{0, hexRGB("#171433")}, {0.45, hexRGB("#553076")}, {0.8, hexRGB("#c0508a")}, {1, hexRGB("#f3a06e")}}, hexRGB("#ffe0b0")},
	{"red", []stop{{0, hexRGB("#22131c")}, {0.45, hexRGB("#74202b")}, {0.8, hexRGB("#d8481f")}, {1, hexRGB("#f6a23c")}}, hexRGB("#ffd98a")},
	{"gold", []stop{{0, hexRGB("#3b4a7a")}, {0.5, hexRGB("#b98a6e")}, {0.82, hexRGB("#f0b45a")}, {1, hexRGB("#fde3a0")}}, hexRGB("#fffbe6")},
}

var dawnSky = sky{"pale rose", []stop{{0, hexRGB("#5a78a8")}, {0.5, hexRGB("#b9a7c0")}, {0.85, hexRGB("#f2c6a8")}, {1, hexRGB("#fde6c4")}}, hexRGB("#fffaf0")}

// daySky returns a clear or hazy blue sky.
func daySky(r *rng, hazy bool) []stop {
	top := hexRGB("#1c4a8c").mix(hexRGB("#3d74ba"), r.float())
	mid := hexRGB("#5b8ed0").mix(hexRGB("#79a6dc"), r.float())
	low := hexRGB("#b8d3ea").mix(hexRGB("#d7e4ee"), r.float())
	if hazy {
		top, mid = top.mix(low, 0.4), mid.mix(low, 0.4)
	}
	return []stop{{0, top}, {0.55, mid}, {1, low}}
}

var nightStops = []stop{{0, hexRGB("#02040c")}, {0.6, hexRGB("#0a1733")}, {1, hexRGB("#1b2f5c")}}

// shade returns a ground shader that runs from top to bottom colour down the frame.
func shade(c *canvas, top, bottom rgb) func(x, y int, d float64) rgb {
	return func(_, y int, _ float64) rgb { return top.mix(bottom, float64(y)/c.fh) }
}

// clouds paints n soft cumulus clusters above the horizon line hy.
func clouds(c *canvas, r *rng, n int, hy float64, col rgb, a float64) {
	for i := 0; i < n; i++ {
		cx, cy := r.between(0, c.fw), r.between(0.08, 0.75)*hy
		s := r.between(0.04, 0.09) * c.fw
		for j := 0; j < 5; j++ {
			c.blob(cx+r.between(-1.6, 1.6)*s, cy+r.between(-0.3, 0.3)*s, s*r.between(0.8, 1.5), s*r.between(0.35, 0.6), col, a)
		}
	}
}

func planDayLandscape(r *rng, s *shot) {
	horizon := r.between(0.48, 0.62)
	cloudy, farm, walker := r.chance(0.4), r.chance(0.35), r.chance(0.3)
	wx := r.between(0.2, 0.8)
	green := hexRGB("#4f7a32").mix(hexRGB("#8a9a3c"), r.float())
	s.rec.set(fTimeOfDay, "day")
	s.rec.set(fIntExt, "exterior")
	s.rec.set(fFrameSize, "extreme_wide")
	s.rec.add(fShotType, "establishing")
	s.rec.set(fLensSize, pick(r, []string{"wide", "ultra_wide", "medium"}))
	if cloudy {
		s.rec.add(fLighting, "soft", "low_contrast")
		s.rec.add(fLightingType, "daylight")
	} else {
		s.rec.add(fLighting, "hard")
		s.rec.add(fLightingType, "sunny")
	}
	s.rec.set(fLocationType, "nature")
	s.rec.set(fComposition, "balanced")
	s.people(0, false)
	s.rec.title = pick(r, []string{"Open country", "Rolling hills", "The valley", "High pasture", "Green fields"})
	s.rec.desc = "Rolling " + s.colour("green ", "") + "hills under a " + map[bool]string{true: "cloudy", false: "clear"}[cloudy] + " sky"
	s.tag("landscape", "hills", "countryside")
	if farm {
		s.rec.set(fLocationType, "rural")
		s.rec.desc += ", a lone farmhouse on the near slope"
		s.tag("farmhouse", "rural")
	}
	if walker {
		s.people(1, false)
		s.balance(wx)
		s.rec.desc += "; a small figure walks the crest"
		s.tag("lone figure")
	}
	s.rec.desc += "."
	if cloudy {
		s.tag("clouds")
	} else {
		s.tag(s.colour("blue sky", "clear sky"), "sunny")
	}
	s.draw = func(c *canvas, r *rng) {
		hy := horizon * c.fh
		stops := daySky(r, cloudy)
		c.sky(hy, stops)
		n := 2 + r.intn(3)
		if cloudy {
			n = 6 + r.intn(5)
		}
		clouds(c, r, n, hy, rgb{0.97, 0.97, 0.98}, 0.85)
		far := green.mix(stops[2].c, 0.6)
		c.ground(ridge(r, c.w, hy-0.03*c.fh, 0.05*c.fh, 2), shade(c, far, far.mul(0.9)))
		mid := green.mix(stops[2].c, 0.25)
		c.ground(ridge(r, c.w, hy+0.05*c.fh, 0.05*c.fh, 1.5), shade(c, mid, mid.mul(0.8)))
		nearTop := ridge(r, c.w, hy+0.16*c.fh, 0.07*c.fh, 1)
		c.ground(nearTop, shade(c, green.mul(1.1), green.mul(0.55)))
		if farm {
			fx := r.between(0.15, 0.85) * c.fw
			fy := nearTop[clampi(int(fx), 0, c.w-1)] + 0.04*c.fh
			bw := 0.05 * c.fw
			c.rect(fx-bw/2, fy-bw*0.6, fx+bw/2, fy, hexRGB("#d9d2c3"), 1)
			c.polygon([]pt{{fx - bw*0.6, fy - bw*0.6}, {fx + bw*0.6, fy - bw*0.6}, {fx, fy - bw}}, hexRGB("#7a2e22"), 1)
			c.rect(fx-bw*0.1, fy-bw*0.3, fx+bw*0.1, fy, hexRGB("#3b2a20"), 1)
		}
		if walker {
			x := wx * c.fw
			c.figure(x, nearTop[clampi(int(x), 0, c.w-1)]+3, 0.07*c.fh, hexRGB("#1d1a16"), 0.8, false)
		}
	}
	s.finish = finish{vignette: 0.25, grain: 0.02, tone: s.finish.tone}
}

func planSunset(r *rng, s *shot) {
	sk := pick(r, sunsetSkies)
	sunrise := r.chance(0.25)
	sea := r.chance(0.4)
	horizon := r.between(0.58, 0.72)
	sx := r.between(0.25, 0.75)
	big := r.chance(0.3) // a long lens makes the sun large
	tod := "sunset"
	if sunrise {
		tod = "sunrise"
	}
	s.rec.set(fTimeOfDay, tod)
	s.rec.set(fIntExt, "exterior")
	s.rec.set(fFrameSize, "extreme_wide")
	s.rec.add(fShotType, "establishing")
	s.rec.add(fLighting, "backlight", "high_contrast")
	s.rec.add(fLightingType, "sunny")
	s.rec.set(fLocationType, "nature")
	s.balance(sx)
	s.people(0, false)
	if big {
		s.rec.set(fLensSize, "telephoto")
		s.tag("big sun", "telephoto")
	} else {
		s.rec.set(fLensSize, pick(r, []string{"wide", "medium"}))
	}
	s.rec.title = pick(r, []string{"Last light", "Sundown", "Burning horizon", "Day's end", "Evening glow"})
	if sunrise {
		s.rec.title = pick(r, []string{"First light", "Daybreak", "Morning sun"})
	}
	verb := map[bool]string{true: "rises over", false: "sinks into"}[sunrise]
	where := "a line of dark hills"
	if sea {
		where = "a calm sea"
		s.rec.set(fLocationType, "water")
		s.tag("sea", "reflection")
	}
	s.rec.desc = "The sun " + verb + " " + where + s.colour("; the sky burns "+sk.word+" above.", "; the sky glows above.")
	s.tag(tod, "golden hour", "horizon", "sun")
	if !s.mono() {
		s.tag(sk.word + " sky")
	}
	s.draw = func(c *canvas, r *rng) {
		hy := horizon * c.fh
		c.sky(hy, sk.stops)
		rad := r.between(0.035, 0.06) * c.fh
		if big {
			rad = r.between(0.13, 0.2) * c.fh
		}
		x, y := sx*c.fw, hy-rad*r.between(-0.2, 0.8)
		c.glow(x, y, c.fw*0.5, c.fh*0.55, sk.sun, 0.35)
		c.glow(x, y, rad*3, rad*3, sk.sun, 0.5)
		c.disc(x, y, rad, sk.sun, 1)
		if r.chance(0.6) {
			for i := 0; i < 3; i++ { // thin bands of cloud across the sun
				cy := hy - r.between(0.05, 0.4)*hy
				c.blob(r.between(0, c.fw), cy, c.fw*r.between(0.2, 0.4), c.fh*0.012, sk.stops[1].c.mul(0.8), 0.8)
			}
		}
		if sea {
			water := sk.stops[1].c.mix(sk.stops[0].c, 0.5).mul(0.6)
			c.ground(flat(c.w, hy), shade(c, sk.stops[2].c.mul(0.7), water.mul(0.5)))
			for i := 0; i < 160; i++ { // glitter on the water under the sun
				d := r.float()
				yy := hy + 2 + d*d*(c.fh-hy)
				ww := (rad*0.7 + (yy-hy)*0.25) * r.between(0.2, 1)
				xx := x + r.between(-1, 1)*(rad*0.5+(yy-hy)*0.3)
				c.rect(xx-ww/2, yy, xx+ww/2, yy+1+d*2, sk.sun, r.between(0.3, 0.8))
			}
		} else {
			dark := sk.stops[0].c.mul(0.35)
			c.ground(ridge(r, c.w, hy, 0.03*c.fh, 2), shade(c, dark.mix(sk.stops[1].c, 0.25), dark))
			c.ground(ridge(r, c.w, hy+0.08*c.fh, 0.05*c.fh, 1), shade(c, dark.mul(0.7), dark.mul(0.4)))
		}
	}
	s.finish = finish{vignette: 0.35, grain: 0.025, tone: s.finish.tone}
}

// flat returns a horizon line at height y for every column.
func flat(w int, y float64) []float64 {
	out := make([]float64, w)
	for i := range out {
		out[i] = y
	}
	return out
}

func planNightMoon(r *rng, s *shot) {
	city := r.chance(0.4)
	horizon := r.between(0.62, 0.78)
	mx, my := r.between(0.15, 0.85), r.between(0.15, 0.45)
	crescent := r.chance(0.35)
	s.rec.set(fTimeOfDay, "night")
	s.rec.set(fIntExt, "exterior")
	s.rec.set(fFrameSize, pick(r, []string{"extreme_wide", "wide"}))
	s.rec.add(fShotType, "establishing")
	s.rec.set(fLensSize, pick(r, []string{"wide", "medium", "long"}))
	s.rec.add(fLighting, "backlight", "low_contrast")
	s.rec.add(fLightingType, "moonlight")
	s.balance(mx)
	s.people(0, false)
	phase := "full moon"
	if crescent {
		phase = "crescent moon"
	}
	s.tag("night", "moon", "moonlight", "stars", phase)
	s.rec.title = pick(r, []string{"Moonrise", "Night watch", "Under the stars", "Midnight", "Nocturne"})
	if city {
		s.rec.set(fLocationType, "urban")
		s.rec.add(fLightingType, "artificial")
		s.rec.desc = "A " + phase + " hangs over a dark skyline of scattered lit windows."
		s.tag("skyline", "city")
	} else {
		s.rec.set(fLocationType, "nature")
		s.rec.desc = "A " + phase + " over black hills in a sky full of stars."
		s.tag("hills")
	}
	s.draw = func(c *canvas, r *rng) {
		hy := horizon * c.fh
		c.sky(hy, nightStops)
		for i := 0; i < 350; i++ {
			x, y := r.intn(c.w), r.intn(max(int(hy), 1))
			c.blend(x, y, rgb{0.9, 0.92, 1}, r.between(0.2, 0.9))
		}
		x, y, rad := mx*c.fw, my*hy, r.between(0.035, 0.06)*c.fh
		moon := hexRGB("#f2eedc")
		c.glow(x, y, rad*7, rad*7, hexRGB("#5c7bb0"), 0.35)
		c.disc(x, y, rad, moon, 1)
		if crescent {
			c.disc(x+rad*0.45, y-rad*0.15, rad*0.92, grad(nightStops, y/hy), 1)
		}
		if city {
			x := 0.0
			for x < c.fw {
				bw := r.between(0.03, 0.09) * c.fw
				top := hy - r.between(0.04, 0.3)*c.fh
				c.building(r, x, x+bw, top, c.fh, hexRGB("#070a14"), hexRGB("#f5c46a"), 0.12)
				x += bw + r.between(0, 0.01)*c.fw
			}
		} else {
			c.ground(ridge(r, c.w, hy-0.03*c.fh, 0.05*c.fh, 1.5), shade(c, hexRGB("#0c1328"), hexRGB("#070b18")))
			c.ground(ridge(r, c.w, hy+0.06*c.fh, 0.05*c.fh, 1), shade(c, hexRGB("#04060c"), hexRGB("#020305")))
		}
	}
	s.finish = finish{vignette: 0.3, grain: 0.03, tone: s.finish.tone}
}

func planWater(r *rng, s *shot) {
	overcast, dusk := r.chance(0.35), r.chance(0.25)
	horizon := r.between(0.42, 0.58)
	land, boat := r.chance(0.5), r.chance(0.4)
	bx := r.between(0.2, 0.8)
	tod := "day"
	if dusk {
		tod, overcast = "dusk", false
	}
	s.rec.set(fTimeOfDay, tod)
	s.rec.set(fIntExt, "exterior")
	s.rec.set(fLocationType, "water")
	s.rec.set(fFrameSize, "extreme_wide")
	s.rec.add(fShotType, "establishing")
	s.rec.set(fLensSize, pick(r, []string{"wide", "medium", "long"}))
	s.rec.add(fLighting, "soft", "low_contrast")
	switch {
	case overcast:
		s.rec.add(fLightingType, "overcast")
	case dusk:
		s.rec.add(fLightingType, "daylight")
	default:
		s.rec.add(fLightingType, "daylight", "sunny")
	}
	s.rec.set(fComposition, "balanced")
	s.people(0, false)
	s.rec.title = pick(r, []string{"Open water", "Still sea", "The crossing", "Shoreline", "Flat calm"})
	s.rec.desc = "Calm water stretches to the horizon"
	if land {
		s.rec.desc += " and a low line of land"
		s.tag("coast")
	}
	if boat {
		s.balance(bx)
		s.rec.desc += "; a small boat sits far out"
		s.tag("boat")
	}
	s.rec.desc += map[bool]string{true: " under a grey sky.", false: "."}[overcast]
	s.tag("sea", "water", "horizon", "reflection", "calm")
	if dusk {
		s.tag("dusk")
	}
	s.draw = func(c *canvas, r *rng) {
		hy := horizon * c.fh
		var stops []stop
		switch {
		case overcast:
			stops = []stop{{0, hexRGB("#8d969e")}, {1, hexRGB("#c9ced2")}}
		case dusk:
			stops = []stop{{0, hexRGB("#1e2a52")}, {0.6, hexRGB("#6c6a98")}, {1, hexRGB("#e8a27a")}}
		default:
			stops = daySky(r, false)
		}
		c.sky(hy, stops)
		if !overcast {
			clouds(c, r, 3, hy, grad(stops, 0.8).mix(rgb{1, 1, 1}, 0.5), 0.5)
		}
		if land {
			c.ground(ridge(r, c.w, hy-0.01*c.fh, 0.012*c.fh, 3), shade(c, grad(stops, 1).mix(hexRGB("#25302a"), 0.6), rgb{}))
		}
		// Water mirrors the sky, darker and bluer, with ripples.
		for y := int(hy); y < c.h; y++ {
			t := (float64(y) - hy) / (c.fh - hy)
			c.fillRow(y, 0, c.w, grad(stops, 1-t*0.9).mix(hexRGB("#0e2433"), 0.35+0.4*t))
		}
		for i := 0; i < 400; i++ {
			d := r.float()
			y := hy + 1 + d*d*(c.fh-hy)
			w := (4 + d*60) * r.between(0.5, 2)
			x := r.between(0, c.fw)
			c.rect(x, y, x+w, y+1+d*2, grad(stops, 0.9).mix(rgb{1, 1, 1}, 0.2), r.between(0.1, 0.35))
		}
		if boat {
			x, w := bx*c.fw, 0.03*c.fw
			dark := hexRGB("#111417")
			c.polygon([]pt{{x - w, hy + w*0.25}, {x + w, hy + w*0.25}, {x + w*0.7, hy + w*0.5}, {x - w*0.7, hy + w*0.5}}, dark, 1)
			c.polygon([]pt{{x, hy + w*0.2}, {x, hy - w*1.3}, {x + w*0.6, hy + w*0.15}}, dark.mix(rgb{1, 1, 1}, 0.2), 1)
		}
	}
	s.finish = finish{vignette: 0.25, grain: 0.02, tone: s.finish.tone}
}
