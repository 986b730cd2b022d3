package deck

import (
	"fmt"
	"github.com/shotdeck/shotdeck/store"
	"math"
	"slices"
	"strings"
)

// TextElement is a text box laid over a card, as stored and served; this
// package validates it. Geometry is in fractions of the card (0..1), so a
// deck renders the same at any size, in the browser and in a PDF export.
type TextElement = store.TextElement

// Limits on text elements.
const (
	MaxTextElements = 50   // per card
	MaxElementText  = 2000 // characters
	MaxStyleKeys    = 20
	MaxFontLen      = 100 // characters of a font name
	MaxFontSize     = 1000
	MinFontWeight   = 1 // the CSS font-weight range
	MaxFontWeight   = 1000
)

const colorHelpMessage = `must be a colour "#rrggbb"`

// styleCheckers validates each style key the renderers understand. Style is
// free-form JSON, so a whitelist with typed values is what stops it from
// becoming a dumping ground (or a CSS injection vector in exports).
var styleCheckers = map[string]func(any) string{
	"font": func(v any) string {
		s, ok := v.(string)
		if !ok || strings.TrimSpace(s) == "" || len([]rune(s)) > MaxFontLen || hasControl(s) {
			return fmt.Sprintf("must be a font name of 1 to %d characters", MaxFontLen)
		}
		return ""
	},
	"size": func(v any) string {
		f, ok := Number(v)
		if !ok || !(f > 0 && f <= MaxFontSize) {
			return fmt.Sprintf("must be a number above 0 and at most %d", MaxFontSize)
		}
		return ""
	},
	"weight": func(v any) string {
		if s, ok := v.(string); ok && (s == "normal" || s == "bold") {
			return ""
		}
		f, ok := Number(v)
		if !ok || !(f >= MinFontWeight && f <= MaxFontWeight) {
			return fmt.Sprintf(`must be "normal", "bold" or a number from %d to %d`, MinFontWeight, MaxFontWeight)
		}
		return ""
	},
	"italic": func(v any) string {
		if _, ok := v.(bool); !ok {
			return "must be true or false"
		}
		return ""
	},
	"color":      checkColor,
	"background": checkColor,
	"align": func(v any) string {
		switch v {
		case "left", "center", "right":
			return ""
		}
		return `must be "left", "center" or "right"`
	},
}

func checkColor(v any) string {
	s, ok := v.(string)
	if !ok || len(s) != 7 || s[0] != '#' {
		return colorHelpMessage
	}
	for i := 1; i < 7; i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return colorHelpMessage
		}
	}
	return ""
}

// Number reads a numeric style value: what encoding/json produces (float64)
// and the integer types Go callers are likely to use when building ops
// themselves; NaN and infinities are refused. The PDF export reads styles
// with it too, so both accept the same values.
func Number(v any) (float64, bool) {
	var f float64
	switch n := v.(type) {
	case float64:
		f = n
	case float32:
		f = float64(n)
	case int:
		f = float64(n)
	case int64:
		f = float64(n)
	default:
		return 0, false
	}
	return f, !math.IsNaN(f) && !math.IsInf(f, 0)
}

func hasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return true
		}
	}
	return false
}

// validateTextElements checks the list that replaces a card's text
// elements. IDs may be empty (the store assigns them) but must not repeat:
// clients address elements by ID when they edit them.
func validateTextElements(els []TextElement) error {
	if len(els) > MaxTextElements {
		return &FieldError{"text_elements", fmt.Sprintf("must have at most %d elements", MaxTextElements)}
	}
	seen := make(map[string]bool, len(els))
	for i, el := range els {
		path := fmt.Sprintf("text_elements[%d]", i)
		if el.ID != "" {
			if err := checkID(path+".id", el.ID); err != nil {
				return err
			}
			if seen[el.ID] {
				return &FieldError{path + ".id", "repeats an earlier element's id"}
			}
			seen[el.ID] = true
		}
		if err := checkText(path+".text", el.Text, MaxElementText); err != nil {
			return err
		}
		for _, g := range []struct {
			name     string
			v        float64
			positive bool
		}{{"x", el.X, false}, {"y", el.Y, false}, {"width", el.Width, true}, {"height", el.Height, true}} {
			// NaN fails both comparisons, infinities fail the range.
			if !(g.v >= 0 && g.v <= 1) || g.positive && g.v == 0 {
				msg := "must be a fraction of the card from 0 to 1"
				if g.positive {
					msg = "must be a fraction of the card above 0 and at most 1"
				}
				return &FieldError{path + "." + g.name, msg}
			}
		}
		if err := validateStyle(path+".style", el.Style); err != nil {
			return err
		}
	}
	return nil
}

// validateStyle checks keys in sorted order so the reported error does not
// depend on map iteration.
func validateStyle(path string, style map[string]any) error {
	if len(style) > MaxStyleKeys {
		return &FieldError{path, fmt.Sprintf("must have at most %d keys", MaxStyleKeys)}
	}
	keys := make([]string, 0, len(style))
	for k := range style {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		check, ok := styleCheckers[k]
		if !ok {
			return &FieldError{path + "." + k, "is not a known style key (font, size, weight, italic, color, align, background)"}
		}
		if msg := check(style[k]); msg != "" {
			return &FieldError{path + "." + k, msg}
		}
	}
	return nil
}
