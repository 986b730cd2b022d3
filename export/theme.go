package export

import (
	"strconv"
	"strings"
)

// rgb is a colour as fpdf takes it.
type rgb struct{ r, g, b int }

// parseHex reads "#rrggbb" (the only colour form the deck and the palette
// use); anything else is reported as not ok so callers fall back to a
// theme colour instead of printing black.
func parseHex(s string) (rgb, bool) {
	if len(s) != 7 || s[0] != '#' {
		return rgb{}, false
	}
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil {
		return rgb{}, false
	}
	return rgb{int(v >> 16 & 0xff), int(v >> 8 & 0xff), int(v & 0xff)}, true
}

// luminance is the relative brightness 0..1, enough to pick a readable
// label colour over a palette swatch.
func (c rgb) luminance() float64 {
	return (0.2126*float64(c.r) + 0.7152*float64(c.g) + 0.0722*float64(c.b)) / 255
}

// theme is the look of a document. The dark one suits a screening room and
// a projector; the light one saves toner.
type theme struct {
	dark   bool
	page   rgb // page background (painted only when dark)
	text   rgb
	muted  rgb // credits, captions, footers
	accent rgb
	rule   rgb // hairlines and empty placeholders
}

var (
	darkTheme = theme{
		dark:   true,
		page:   rgb{17, 17, 17},
		text:   rgb{236, 234, 229},
		muted:  rgb{150, 148, 143},
		accent: rgb{201, 162, 92},
		rule:   rgb{58, 58, 58},
	}
	lightTheme = theme{
		page:   rgb{255, 255, 255},
		text:   rgb{22, 22, 22},
		muted:  rgb{105, 105, 105},
		accent: rgb{150, 108, 40},
		rule:   rgb{214, 214, 214},
	}
)

func themeFor(o Options) theme {
	if o.Light {
		return lightTheme
	}
	return darkTheme
}

// cleanText makes user text safe for the PDF fonts: valid UTF-8, no control
// characters but newlines, and nothing outside the Basic Multilingual Plane
// (fpdf indexes glyph widths by a 16-bit rune and would panic on an emoji).
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteRune(r)
		case r == '\t':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f:
		case r > 0xFFFF:
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// oneLine folds newlines into spaces, for captions that must stay on one
// line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(cleanText(s)), " ")
}
