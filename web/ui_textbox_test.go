package web

import (
	"fmt"
	"math"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// uiTextEl is a text element as GET /api/v1/decks/{id} returns it.
type uiTextEl struct {
	ID                  string
	Text                string
	X, Y, Width, Height float64
	Style               map[string]any
}

// firstText is the first card's first text element, read through the API.
func firstText(e *env, deckID string) uiTextEl {
	e.t.Helper()
	var d struct {
		Cards []struct {
			TextElements []uiTextEl `json:"text_elements"`
		}
	}
	e.expect(req{method: "GET", path: "/api/v1/decks/" + deckID, token: e.admin}, 200, "").decode(e.t, &d)
	if len(d.Cards) == 0 || len(d.Cards[0].TextElements) == 0 {
		e.t.Fatalf("deck %s: the first card has no text element", deckID)
	}
	return d.Cards[0].TextElements[0]
}

// onCard reports whether a box is a geometry the server accepts.
func (el uiTextEl) onCard() bool {
	in := func(v float64) bool { return v >= 0 && v <= 1 }
	return in(el.X) && in(el.Y) && el.Width > 0 && el.Height > 0 && el.X+el.Width <= 1.0001 && el.Y+el.Height <= 1.0001
}

func near(a, b float64) bool { return math.Abs(a-b) < 0.015 }

// leftDown holds the left button, as a real mouse does between press and
// release (pointermove events then carry buttons = 1).
func leftDown(p *input.DispatchMouseEventParams) {
	p.Button, p.Buttons, p.ClickCount = input.MouseButtonLeft, 1, 1
}

// mouseDrag presses at (x, y), moves by (dx, dy) in steps, and releases.
func mouseDrag(x, y, dx, dy float64) []chromedp.Action[chromedp.Void] {
	steps := []chromedp.Action[chromedp.Void]{chromedp.MouseEvent(chromedp.MouseMoved, x, y), chromedp.MouseEvent(chromedp.MousePressed, x, y, leftDown)}
	for i := 1; i <= 4; i++ {
		steps = append(steps, chromedp.MouseEvent(chromedp.MouseMoved, x+dx*float64(i)/4, y+dy*float64(i)/4, leftDown))
	}
	return append(steps, chromedp.MouseEvent(chromedp.MouseReleased, x+dx, y+dy, leftDown))
}

// rectOf is the viewport rectangle of the first element sel matches.
func rectOf(p *uiPage, sel string) (x, y, w, h float64) {
	p.t.Helper()
	s := p.eval(fmt.Sprintf(`(() => { const r = document.querySelector(%q).getBoundingClientRect(); return [r.left, r.top, r.width, r.height].join(' '); })()`, sel))
	if n, err := fmt.Sscanf(s, "%g %g %g %g", &x, &y, &w, &h); n != 4 || err != nil {
		p.t.Fatalf("%s: no rectangle for %s: %s", p.name, sel, s)
	}
	return
}

// uiTextBoxes: an editor moves, resizes and styles a text box over a card
// with the mouse and the keyboard; another editor sees it live; a viewer
// cannot change it.
func uiTextBoxes(t *testing.T, b *uiBrowser) {
	e := newEnv(t)
	e.setupAdmin()
	uiSeed(e)
	var list struct{ Items []struct{ ID string } }
	e.expect(req{method: "GET", path: "/api/v1/images?limit=2", token: e.admin}, 200, "").decode(t, &list)
	var d struct{ ID string }
	e.expect(req{method: "POST", path: "/api/v1/decks", token: e.admin, json: map[string]any{"title": "Titles", "cards": []any{
		map[string]any{"image_id": list.Items[0].ID, "note": "one", "text_elements": []any{map[string]any{
			"text": "Heat", "x": 0.1, "y": 0.1, "width": 0.4, "height": 0.3, "style": map[string]any{"size": 80, "weight": "bold", "color": "#ffffff"}}}},
		map[string]any{"image_id": list.Items[1].ID, "note": "two"}}}}, 201, "").decode(t, &d)
	for name, role := range map[string]string{"mia": "editor", "vic": "viewer"} {
		e.member(name)
		e.expect(req{method: "POST", path: "/api/v1/decks/" + d.ID + "/members", token: e.admin, json: map[string]string{"username": name, "role": role}}, 201, "")
	}
	a := b.open(t, e.url, "text-owner")
	m := b.open(t, e.url, "text-editor")
	a.signIn("admin", "director-cut")
	m.signIn("mia", "long enough")
	for _, p := range []*uiPage{a, m} {
		p.goTo("/decks/" + d.ID)
		p.until("the text box", `document.querySelector('#cards .card:nth-child(1) .text-el')?.textContent === 'Heat'`)
		p.until("the live connection", `document.querySelector('.live-status')?.dataset.state === 'live'`)
	}
	box := `#cards .card:nth-child(1) .text-el`
	m.do("mark the page", chromedpJS(`window.__same = 1`))
	if got := m.eval(`document.querySelector('` + box + `').style.left + ' ' + document.querySelector('` + box + `').style.top`); got != "10% 10%" {
		t.Fatalf("the editor sees the box at %s, want 10%% 10%%", got)
	}

	// Drag the box a fifth of the card right and a tenth down.
	_, _, vw, vh := rectOf(a, `#cards .card:nth-child(1) .card-visual`)
	x, y, w, h := rectOf(a, box)
	a.do("drag the text box", mouseDrag(x+w/3, y+h/3, vw*0.2, vh*0.1)...)
	waitFor(t, "the moved box stored", func() bool { el := firstText(e, d.ID); return near(el.X, 0.3) && near(el.Y, 0.2) })
	if el := firstText(e, d.ID); !el.onCard() || el.Width != 0.4 || el.Height != 0.3 || el.Text != "Heat" {
		t.Fatalf("after the drag: %+v", el)
	}
	m.until("the box moved on the other editor's screen", `(() => { const s = document.querySelector('`+box+`').style; return s.left !== '10%' && s.top !== '10%'; })()`)

	// Dragged far past the corner, the box stops at the card's edge.
	x, y, w, h = rectOf(a, box)
	a.do("drag the box off the card", mouseDrag(x+w/2, y+h/2, vw*2, vh*2)...)
	waitFor(t, "the box at the corner", func() bool { el := firstText(e, d.ID); return near(el.X, 0.6) && near(el.Y, 0.7) })
	if el := firstText(e, d.ID); !el.onCard() {
		t.Fatalf("the box left the card: %+v", el)
	}

	// The corner handle resizes (from the top-left corner, which stays).
	x, y, w, h = rectOf(a, box)
	a.do("drag the box back", mouseDrag(x+w/2, y+h/2, -vw, -vh)...)
	waitFor(t, "the box at the top left", func() bool { el := firstText(e, d.ID); return el.X == 0 && el.Y == 0 })
	hx, hy, hw, hh := rectOf(a, box+` .resize-handle`)
	a.do("drag the resize handle", mouseDrag(hx+hw/2, hy+hh/2, vw*0.1, vh*0.2)...)
	waitFor(t, "the resized box stored", func() bool {
		el := firstText(e, d.ID)
		return near(el.Width, 0.5) && near(el.Height, 0.5) && el.X == 0 && el.Y == 0
	})

	// The keyboard: Shift+→ moves by a twentieth, Alt+↓ makes it taller.
	a.until("the box focused", `document.activeElement?.matches('`+box+`')`)
	before := firstText(e, d.ID)
	a.do("Shift+Right", chromedp.KeyEvent(kb.ArrowRight, chromedp.KeyModifiers(kb.ModifierShift)))
	a.do("Alt+Down", chromedp.KeyEvent(kb.ArrowDown, chromedp.KeyModifiers(kb.ModifierAlt)))
	waitFor(t, "the keyboard change stored", func() bool {
		el := firstText(e, d.ID)
		return near(el.X, before.X+0.05) && near(el.Height, before.Height+0.01) && el.Y == before.Y
	})
	if n := a.count(`#cards .card`); n != 2 || a.eval(cardNotes) != "one|two" {
		t.Fatalf("Alt+arrow on a text box changed the cards: %d, %s", n, a.eval(cardNotes))
	}

	// Style: the selected box's toolbar sets colour, weight and alignment.
	a.until("the style toolbar", `getComputedStyle(document.querySelector('#cards .card:nth-child(1) .text-row.selected .text-tools')).display !== 'none'`)
	tools := `#cards .card:nth-child(1) .text-row.selected .text-tools`
	a.do("pick red", chromedp.SetValue(chromedp.CSS(tools+` .tt-color`), "#ff0000"),
		chromedpJS(`document.querySelector('`+tools+` .tt-color').dispatchEvent(new Event('change', {bubbles: true}))`))
	waitFor(t, "the colour stored", func() bool { return firstText(e, d.ID).Style["color"] == "#ff0000" })
	a.click(tools + ` .tt-bold`)
	a.do("centre it", chromedp.SetValue(chromedp.CSS(tools+` .tt-align`), "center"),
		chromedpJS(`document.querySelector('`+tools+` .tt-align').dispatchEvent(new Event('change', {bubbles: true}))`))
	waitFor(t, "weight and alignment stored", func() bool {
		s := firstText(e, d.ID).Style
		return s["weight"] == "normal" && s["align"] == "center" && s["color"] == "#ff0000" && s["size"] == 80.0
	})
	m.until("the new style on the other editor's screen", `(() => { const s = document.querySelector('`+box+`').style; return s.color === 'rgb(255, 0, 0)' && s.textAlign === 'center' && s.fontWeight === 'normal'; })()`)
	a.shot("text-boxes")

	// Escape leaves the box: the card has the focus and nothing is selected.
	a.do("focus the box", chromedp.Focus(chromedp.CSS(box)))
	a.press(kb.Escape)
	a.until("the card focused, no box selected", `document.activeElement?.matches('#cards .card:nth-child(1)') && !document.querySelector('.text-el.selected')`)
	if m.eval(`window.__same`) != "1" {
		t.Fatal("the other editor's page reloaded")
	}

	// A viewer's deck stays read-only: no handles, no toolbar, no dragging.
	v := b.open(t, e.url, "text-viewer")
	v.signIn("vic", "long enough")
	v.goTo("/decks/" + d.ID)
	v.until("the text box", `document.querySelector('`+box+`')?.textContent === 'Heat'`)
	v.until("the live connection", `document.querySelector('.live-status')?.dataset.state === 'live'`)
	if n := v.count(`.text-layer.editable, .resize-handle, .text-tools, .text-el[tabindex]`); n != 0 {
		t.Fatalf("the viewer has %d text box controls", n)
	}
	stored := firstText(e, d.ID)
	left := v.eval(`document.querySelector('` + box + `').style.left`)
	x, y, w, h = rectOf(v, box)
	v.do("try to drag the box", mouseDrag(x+w/2, y+h/2, 40, 30)...)
	if got := v.eval(`document.querySelector('` + box + `').style.left`); got != left {
		t.Fatalf("the viewer moved the box on screen: %s → %s", left, got)
	}
	if now := firstText(e, d.ID); now.X != stored.X || now.Y != stored.Y {
		t.Fatalf("the viewer's drag changed the box: %+v → %+v", stored, now)
	}
}
