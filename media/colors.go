package media

import "math"

// Colour naming thresholds, on CIELAB chroma C* (0 for greys, about 130 for
// pure sRGB blue) and lightness L* (0-100), and on palette shares.
const (
	nameChroma    = 20   // a swatch this colourful can be named by its hue
	nameShare     = 0.10 // a hue needs this much of the frame to be named
	tempChroma    = 8    // below this a swatch has no colour temperature
	mixedMinority = 0.35 // warm/cool minority share that makes a frame "mixed"
	tempMinShare  = 0.20 // frames with less coloured area have no temperature
	neutralChroma = 8    // "no colour" for black and white
	bwShare       = 0.97 // share of neutral swatches for black_and_white
	whiteL        = 88
	whiteChroma   = 12
	whiteShare    = 0.15
	saturatedC    = 40 // share-weighted mean chroma for "saturated"
	desaturatedC  = 15 // ... and for "desaturated"
)

// facetOrder is the order of the `color` taxonomy, in which ColorFacets lists
// its values.
var facetOrder = []string{
	"warm", "cool", "mixed", "saturated", "desaturated",
	"red", "orange", "yellow", "green", "cyan", "blue", "purple", "magenta", "pink",
	"white", "sepia", "black_and_white",
}

// warmHues are the hue names that count as warm; the others are cool.
var warmHues = map[string]bool{"red": true, "orange": true, "yellow": true, "pink": true, "magenta": true}

// swatchColour is a swatch measured every way the rules below need.
type swatchColour struct {
	share   float64
	l, c, h float64 // CIELAB lightness, chroma, hue angle
	hue     string  // hue name, whatever the chroma
}

// ColorFacets derives the `color` facet values of a still from its palette,
// in taxonomy order. Malformed swatches are ignored. When no swatch has a
// positive share, as with a catalog line listing bare "#rrggbb" colours, the
// swatches count equally.
func ColorFacets(p []Swatch) []string {
	sw := measure(p, false)
	if len(sw) == 0 {
		sw = measure(p, true)
	}
	if len(sw) == 0 {
		return []string{}
	}

	on := map[string]bool{}
	var neutral, meanC, warm, cool, toned float64
	hueShare := map[string]float64{}
	for _, s := range sw {
		meanC += s.share * s.c
		if s.c < neutralChroma {
			neutral += s.share
		}
		if isSepiaTone(s) {
			toned += s.share
		}
		if s.c >= tempChroma {
			if warmHues[s.hue] {
				warm += s.share
			} else {
				cool += s.share
			}
		}
	}
	bw := neutral >= bwShare
	// Sepia: a monochrome image toned brown-yellow. Tones and greys fill the
	// frame, tones are most of it, and nothing is really colourful.
	sepia := !bw && toned >= 0.5 && toned+neutral >= 0.9 && meanC <= 30
	for _, s := range sw {
		if s.c >= nameChroma && !(sepia && isSepiaTone(s)) && !isBrown(s) {
			hueShare[s.hue] += s.share
		}
	}
	for name, share := range hueShare {
		if share >= nameShare {
			on[name] = true
		}
	}
	on["white"] = whiteShareOf(sw) >= whiteShare
	on["black_and_white"] = bw
	on["sepia"] = sepia
	if !bw && warm+cool >= tempMinShare {
		switch minority := math.Min(warm, cool) / (warm + cool); {
		case minority >= mixedMinority:
			on["mixed"] = true
		case warm > cool:
			on["warm"] = true
		default:
			on["cool"] = true
		}
	}
	on["saturated"] = !bw && meanC >= saturatedC
	on["desaturated"] = bw || meanC < desaturatedC

	out := []string{}
	for _, f := range facetOrder {
		if on[f] {
			out = append(out, f)
		}
	}
	return out
}

// measure parses and measures the usable swatches of a palette, with shares
// normalised to sum to 1 (palettes may be truncated: judge by what is
// there). With equal set, every well-formed swatch counts the same.
func measure(p []Swatch, equal bool) []swatchColour {
	var sw []swatchColour
	var total float64
	for _, s := range p {
		r, g, b, err := ParseHex(s.Hex)
		share := s.Share
		if equal {
			share = 1
		}
		if err != nil || !(share > 0) || math.IsInf(share, 0) {
			continue
		}
		l, a, bb := Lab(r, g, b)
		sw = append(sw, swatchColour{
			share: share, l: l, c: math.Hypot(a, bb), h: hueDeg(bb, a),
			hue: hueName(r, g, b, l),
		})
		total += share
	}
	for i := range sw {
		sw[i].share /= total
	}
	return sw
}

// whiteShareOf is the share of bright, nearly colourless swatches.
func whiteShareOf(sw []swatchColour) float64 {
	var s float64
	for _, c := range sw {
		if c.l >= whiteL && c.c < whiteChroma {
			s += c.share
		}
	}
	return s
}

// isBrown reports whether a swatch is a dark orange or yellow: brown or
// olive to the eye, which no facet names, though it still counts as warm.
func isBrown(s swatchColour) bool {
	return (s.hue == "orange" && s.l < 40) || (s.hue == "yellow" && s.l < 55)
}

// isSepiaTone reports whether a swatch is a muted brown-to-cream: a CIELAB
// hue between orange and yellow with modest chroma.
func isSepiaTone(s swatchColour) bool {
	return s.c >= neutralChroma && s.c <= 40 && s.h >= 40 && s.h <= 100
}

// hueName names the hue of an sRGB colour by its HSV hue angle, the scale on
// which these names are conventionally drawn. Light, soft reds and magentas
// are pink.
func hueName(r, g, b uint8, l float64) string {
	h, s := hsvHue(r, g, b)
	if (h >= 290 || h < 20) && l >= 60 && s <= 0.75 {
		return "pink"
	}
	switch {
	case h < 15 || h >= 345:
		return "red"
	case h < 45:
		return "orange"
	case h < 70:
		return "yellow"
	case h < 160:
		return "green"
	case h < 200:
		return "cyan"
	case h < 260:
		return "blue"
	case h < 290:
		return "purple"
	}
	return "magenta"
}

// hsvHue returns the HSV hue in degrees [0, 360) and the HSV saturation.
func hsvHue(r, g, b uint8) (h, s float64) {
	rf, gf, bf := float64(r), float64(g), float64(b)
	mx := math.Max(rf, math.Max(gf, bf))
	mn := math.Min(rf, math.Min(gf, bf))
	d := mx - mn
	if d == 0 {
		return 0, 0
	}
	switch mx {
	case rf:
		h = 60 * math.Mod((gf-bf)/d+6, 6)
	case gf:
		h = 60 * ((bf-rf)/d + 2)
	default:
		h = 60 * ((rf-gf)/d + 4)
	}
	return h, d / mx
}
