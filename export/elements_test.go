package export

import (
	"strings"
	"testing"
)

func TestParseStyle(t *testing.T) {
	t.Parallel()
	white := rgb{255, 255, 255}
	for _, tc := range []struct {
		name  string
		style map[string]any
		want  elementStyle
	}{
		{"defaults", nil, elementStyle{family: fontSans, size: defaultSize, color: white, align: "L"}},
		{"bold word", map[string]any{"weight": "bold"}, elementStyle{family: fontSans, fontStyle: "B", size: defaultSize, color: white, align: "L"}},
		{"semibold number", map[string]any{"weight": 600.0, "italic": true}, elementStyle{family: fontSans, fontStyle: "BI", size: defaultSize, color: white, align: "L"}},
		{"light number", map[string]any{"weight": 300}, elementStyle{family: fontSans, size: defaultSize, color: white, align: "L"}},
		{"mono, size, colour, align", map[string]any{"font": "JetBrains Mono", "size": 55.0, "color": "#0a0B0c", "align": "right"},
			elementStyle{family: fontMono, size: 55, color: rgb{10, 11, 12}, align: "R"}},
		{"serif falls back to sans", map[string]any{"font": "Georgia", "align": "center"}, elementStyle{family: fontSans, size: defaultSize, color: white, align: "C"}},
		{"malformed values ignored", map[string]any{"size": "huge", "color": "red", "align": "justify", "weight": true, "background": "#12"},
			elementStyle{family: fontSans, size: defaultSize, color: white, align: "L"}},
	} {
		got := parseStyle(tc.style, white)
		if got.family != tc.want.family || got.fontStyle != tc.want.fontStyle || got.size != tc.want.size ||
			got.color != tc.want.color || got.align != tc.want.align || got.background != nil {
			t.Errorf("%s: parseStyle(%v) = %+v, want %+v", tc.name, tc.style, got, tc.want)
		}
	}
	if got := parseStyle(map[string]any{"background": "#ff8000"}, white); got.background == nil || *got.background != (rgb{255, 128, 0}) {
		t.Errorf("background not read: %+v", got.background)
	}
}

// A text element's size scales with the card it is drawn on, as its
// geometry does, and stays within printable limits.
func TestElementSize(t *testing.T) {
	t.Parallel()
	st := elementStyle{size: 24}
	small, large := st.sizePt(rect{w: 100}), st.sizePt(rect{w: 200})
	if large < 1.99*small || large > 2.01*small {
		t.Errorf("size on a 100 mm card %.2f pt, on a 200 mm card %.2f pt: not proportional", small, large)
	}
	if got := (elementStyle{size: 1}).sizePt(rect{w: 10}); got != 3 {
		t.Errorf("tiny size %.2f pt, want the 3 pt floor", got)
	}
	if got := (elementStyle{size: 1000}).sizePt(rect{w: 269}); got != 300 {
		t.Errorf("huge size %.2f pt, want the 300 pt ceiling", got)
	}
}

func TestCleanText(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"Amélie – café 東京": "Amélie – café 東京",
		"a\tb\r\nc\x00d":   "a b\ncd",
		"film 🎬":           "film \uFFFD",
		"bad \xff byte":    "bad \uFFFD byte",
	} {
		if got := cleanText(in); got != want {
			t.Errorf("cleanText(%q) = %q, want %q", in, got, want)
		}
	}
	if got := oneLine(" two\nlines  here "); got != "two lines here" {
		t.Errorf("oneLine = %q", got)
	}
	if strings.ContainsRune(cleanText("\x7f"), 0x7f) {
		t.Error("DEL kept")
	}
}
