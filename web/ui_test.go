package web

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// uiFilms are the seed's films: each still of film i%3.
var uiFilms = []string{
	`{"title":"Heat","year":1995,"director":"Michael Mann","cinematographer":"Dante Spinotti"}`,
	`{"title":"Alien","year":1979,"director":"Ridley Scott","cinematographer":"Derek Vanlint"}`,
	`{"title":"Blade Runner","year":1982,"director":"Ridley Scott","cinematographer":"Jordan Cronenweth"}`,
}

// uiPalettes: blue for Heat, green for Alien, orange for Blade Runner.
var uiPalettes = []string{`["#1a3a8a","#0b1020"]`, `["#2a8a3a","#0a140c"]`, `["#e8801a","#200c04"]`}

// uiSeed stores 12 catalog stills: frame sizes alternate wide/close_up,
// lighting is hard for every fourth still (all wide) and soft otherwise.
func uiSeed(e *env) {
	e.t.Helper()
	var lines []string
	for i := range 12 {
		light := "soft"
		if i%4 == 0 {
			light = "hard"
		}
		lines = append(lines, fmt.Sprintf(`{"id":"ui%02d","title":"Shot %d","frame_size":%q,"lighting":[%q],"tags":["night","%s"],"movie":%s,"width":1920,"height":%d,"palette":%s}`,
			i, i, []string{"wide", "close_up"}[i%2], light, []string{"diner", "corridor", "rain"}[i%3], uiFilms[i%3], []int{800, 1038, 1080}[i%3], uiPalettes[i%3]))
	}
	var out bulkJSON
	e.expect(req{method: "POST", path: "/api/v1/images/bulk", token: e.admin, body: ndjson(lines...), ctype: "application/x-ndjson"}, 200, "").decode(e.t, &out)
	if out.Created != 12 {
		e.t.Fatalf("seed: %+v", out)
	}
	e.indexed()
}

// TestUI drives the web UI in a real browser against real servers: one
// Chromium for every scenario, a fresh browser context for every user.
func TestUI(t *testing.T) {
	b := startBrowser(t)

	t.Run("FirstRunSetupAndSignInOut", func(t *testing.T) {
		e := newEnv(t)
		p := b.open(t, e.url, "setup")
		p.goTo("/")
		p.until("the setup page", `location.pathname === '/setup'`)
		p.waitText("h1", "Welcome to Shotdeck")
		p.shot("setup")
		p.keys("#username", "dana")
		p.keys("#password", "short")
		p.click("button[type=submit]")
		p.waitText(".form-error", "8")
		p.keys("#password", "-but-long-now")
		p.click("button[type=submit]")
		p.waitText("#result-count", "0 stills")
		p.waitText(".grid-status", "The library is empty")
		p.waitText(".who-name", "dana")
		var st struct{ Needed bool }
		e.expect(req{method: "GET", path: "/api/v1/setup"}, 200, "").decode(t, &st)
		if st.Needed {
			t.Fatal("setup still needed after the admin was created in the browser")
		}
		p.click("#signout")
		p.until("the sign-in page", `location.pathname === '/login' && !!document.querySelector('#username')`)
		p.goTo("/decks")
		p.until("a redirect to sign in", `location.pathname === '/login' && location.search.includes('next=%2Fdecks')`)
		p.do("sign in with a wrong password", chromedpSignIn("dana", "wrong-password")...)
		p.waitText(".form-error", "wrong username or password")
		p.do("sign in", chromedpSignIn("dana", "short-but-long-now")...)
		p.until("the decks page after sign-in", `location.pathname === '/decks' && !!document.querySelector('#signout')`)
		p.waitText(".decks-body", "You have no decks yet")
		// The session ends behind the page's back: the next request sends the
		// user to sign in, and back to the page afterwards.
		p.do("end the session", chromedpJS(`fetch('/api/v1/auth/logout', {method: 'POST'}).then(r => { if (r.status !== 204) throw new Error('logout: ' + r.status) })`, chromedp.EvalAwaitPromise))
		p.click(`.nav a[href="/search"]`)
		p.until("the sign-in page", `location.pathname === '/login' && !!document.querySelector('#username')`)
		p.waitText(".form-error", "session has expired")
		p.do("sign in again", chromedpSignIn("dana", "short-but-long-now")...)
		p.until("back on the library", `location.pathname === '/search' && !!document.querySelector('#signout')`)
	})

	t.Run("SearchWithAutocomplete", func(t *testing.T) {
		e := newEnv(t)
		e.setupAdmin()
		uiSeed(e)
		p := b.open(t, e.url, "autocomplete")
		p.signIn("admin", "director-cut")
		p.waitText("#result-count", "12 stills")
		if n := p.count("#grid .tile"); n != 12 {
			t.Fatalf("grid shows %d tiles, want 12", n)
		}
		p.shot("library")
		p.keys(".search-input", "ridl")
		p.until("the suggestion list", `!document.querySelector('.ac-list').hidden && document.querySelector('.ac-list').textContent.includes('Ridley Scott')`)
		p.waitText(".ac-item", "Director")
		p.shot("autocomplete")
		p.press(kb.ArrowDown)
		p.until("the first suggestion selected", `document.querySelector('.ac-item[aria-selected=true]')?.textContent.includes('Ridley Scott')`)
		p.press("\r")
		p.until("the director filter in the URL", `new URLSearchParams(location.search).get('director') === 'Ridley Scott'`)
		p.waitText(".chips", "Director: Ridley Scott")
		p.waitText("#result-count", "8 stills")
		p.until("8 tiles", `document.querySelectorAll('#grid .tile').length === 8`)
		// A plain text search with Enter and no suggestion chosen.
		p.keys(".search-input", "Heat")
		p.do("submit the search", chromedpSubmitSearch()...)
		p.until("the text query in the URL", `new URLSearchParams(location.search).get('q') === 'Heat'`)
		p.waitText("#result-count", "0 stills")
		p.waitText(".grid-status", "No stills match")
		// Escape closes the suggestions; removing chips widens the result.
		p.click(".chip[aria-label*='Director']")
		p.waitText("#result-count", "4 stills")
		p.do("go back", chromedpBack()...)
		p.waitText("#result-count", "0 stills")
	})

	t.Run("FacetsAndColour", func(t *testing.T) {
		e := newEnv(t)
		e.setupAdmin()
		uiSeed(e)
		p := b.open(t, e.url, "facets")
		p.signIn("admin", "director-cut")
		p.goTo("/search")
		p.waitText("#result-count", "12 stills")
		wide := `label.facet:has(input[data-field=frame_size][data-value=wide]) .count`
		closeUp := `label.facet:has(input[data-field=frame_size][data-value=close_up])`
		p.waitText(wide, "6")
		p.waitText(closeUp+" .count", "6")
		p.click(`input[data-field=lighting][data-value=hard]`)
		p.until("the lighting filter in the URL", `location.search === '?lighting=hard'`)
		p.waitText("#result-count", "3 stills")
		p.waitText(wide, "3")
		p.until("close-up counted zero", `document.querySelector("`+closeUp+`").classList.contains('zero')`)
		p.waitText(".chips", "Lighting: Hard")
		// A second value of the same field widens (OR); another field narrows.
		p.click(`input[data-field=lighting][data-value=soft]`)
		p.waitText("#result-count", "12 stills")
		p.click(`input[data-field=frame_size][data-value=close_up]`)
		p.waitText("#result-count", "6 stills")
		p.shot("facets")
		p.do("go back", chromedpBack()...)
		p.waitText("#result-count", "12 stills")
		p.until("the checkbox follows history", `!document.querySelector('input[data-field=frame_size][data-value=close_up]').checked`)
		// Colour: the hex field searches by colour.
		p.goTo("/search")
		p.waitText("#result-count", "12 stills")
		p.keys("#color-hex", "#2a8a3a\r")
		p.until("the colour in the URL", `new URLSearchParams(location.search).get('color_hex') === '#2a8a3a'`)
		p.waitText("#result-count", "4 stills")
		p.waitText(".chips", "Colour #2a8a3a")
		p.until("only Alien stills", `[...document.querySelectorAll('#grid .tile')].every(t => t.textContent.includes('Alien'))`)
		p.shot("colour")
		// A bookmarked URL restores the whole query.
		p.goTo("/search?director=Ridley+Scott&frame_size=wide")
		p.waitText("#result-count", "4 stills")
		p.until("the checkbox restored", `document.querySelector('input[data-field=frame_size][data-value=wide]').checked`)
	})

	t.Run("StillDetail", func(t *testing.T) {
		e := newEnv(t)
		e.setupAdmin()
		res := e.upload(twoToneJPEG(t, 640, 360, 0.5, deepBlue, orange),
			`{"id":"up-1","title":"Diner","description":"Two men across a table","movie":{"title":"Heat","year":1995,"director":"Michael Mann"},"tags":["diner"],"frame_size":"medium"}`)
		if res.status != 201 {
			t.Fatalf("upload: %d %s", res.status, res.body)
		}
		var img struct{ ID string }
		res.decode(t, &img)
		uiSeed(e)
		p := b.open(t, e.url, "still")
		p.signIn("admin", "director-cut")
		p.goTo("/stills/" + img.ID)
		p.waitText(".still-title", "Diner")
		p.waitText(".still-film", "Heat")
		p.until("the preview loaded", `document.querySelector('.still-figure .frame')?.classList.contains('loaded')`)
		p.until("palette swatches", `document.querySelectorAll('.palette .pal').length >= 2`)
		p.waitText(".kvs", "Michael Mann")
		p.shot("detail")
		p.click(`.kvs a.tag[href="/search?tag=diner"]`)
		p.until("the tag filter", `location.pathname === '/search' && location.search === '?tag=diner'`)
		p.waitText("#result-count", "5 stills")
		p.do("go back", chromedpBack()...)
		p.waitText(".still-title", "Diner")
		p.click(`.palette .pal`)
		p.until("a colour search", `location.pathname === '/search' && new URLSearchParams(location.search).has('color_hex')`)
		p.until("the uploaded still among the colour matches", `[...document.querySelectorAll('#grid .tile')].some(t => t.getAttribute('href') === '/stills/`+img.ID+`')`)
		if strings.Contains(p.eval(`document.querySelector('#result-count').textContent`), " 0 ") {
			t.Fatal("colour search from a swatch found nothing")
		}
		// Previous and next step through the library's results, with the
		// buttons and the arrow keys; Back still returns to the library.
		p.goTo("/search?sort=newest")
		p.waitText("#result-count", "13 stills")
		hrefs := strings.Split(p.eval(`[...document.querySelectorAll('#grid .tile')].slice(0, 3).map(t => t.getAttribute('href')).join(' ')`), " ")
		if len(hrefs) != 3 {
			t.Fatalf("tiles: %q", hrefs)
		}
		p.click("#grid .tile:nth-child(2)")
		p.until("the still page with its neighbours", `location.pathname === '`+hrefs[1]+`' && !!document.querySelector('#still-next:not([disabled])') && !!document.querySelector('#still-prev:not([disabled])')`)
		p.waitText(".still-pos", "2 of 13")
		p.press(kb.ArrowRight)
		p.until("the next still", `location.pathname === '`+hrefs[2]+`' && document.querySelector('.still-pos')?.textContent === '3 of 13'`)
		p.press(kb.ArrowLeft)
		p.until("the second still", `location.pathname === '`+hrefs[1]+`' && document.querySelector('.still-pos')?.textContent === '2 of 13'`)
		p.press(kb.ArrowLeft)
		p.until("the first still", `location.pathname === '`+hrefs[0]+`' && document.querySelector('#still-prev')?.disabled`)
		p.click("#still-next")
		p.until("the second still again", `location.pathname === '`+hrefs[1]+`' && document.querySelector('.still-pos')?.textContent === '2 of 13'`)
		p.click(".still-bar .back")
		p.until("back on the library", `location.pathname === '/search' && location.search === '?sort=newest'`)
		p.waitText("#result-count", "13 stills")
	})

	t.Run("Decks", func(t *testing.T) { uiDecks(t, b) })
	t.Run("TextBoxes", func(t *testing.T) { uiTextBoxes(t, b) })
	t.Run("Export", func(t *testing.T) { uiExport(t, b) })
	t.Run("Admin", func(t *testing.T) { uiAdmin(t, b) })
}

// uiDeck creates a deck of the admin's with the first n stills and adds
// members (username → role); it returns the deck id.
func uiDeck(e *env, title string, n int, members map[string]string) string {
	e.t.Helper()
	var list struct{ Items []struct{ ID string } }
	e.expect(req{method: "GET", path: fmt.Sprintf("/api/v1/images?limit=%d", n), token: e.admin}, 200, "").decode(e.t, &list)
	var cards []map[string]any
	for i, it := range list.Items {
		cards = append(cards, map[string]any{"image_id": it.ID, "note": fmt.Sprintf("note %d", i+1)})
	}
	var d struct{ ID string }
	e.expect(req{method: "POST", path: "/api/v1/decks", token: e.admin, json: map[string]any{"title": title, "cards": cards}}, 201, "").decode(e.t, &d)
	for name, role := range members {
		e.member(name)
		e.expect(req{method: "POST", path: "/api/v1/decks/" + d.ID + "/members", token: e.admin, json: map[string]string{"username": name, "role": role}}, 201, "")
	}
	return d.ID
}

// deckOrder is the deck's card notes in order, read through the API.
func deckOrder(e *env, id string) []string {
	e.t.Helper()
	var d struct{ Cards []struct{ Note string } }
	e.expect(req{method: "GET", path: "/api/v1/decks/" + id, token: e.admin}, 200, "").decode(e.t, &d)
	var notes []string
	for _, c := range d.Cards {
		notes = append(notes, c.Note)
	}
	return notes
}

// cardNotes is the JavaScript for the notes of the cards on screen, in order.
const cardNotes = `[...document.querySelectorAll('#cards .card')].map(c => (c.querySelector('.note') || c.querySelector('.note-text') || {value: ''}).value ?? c.querySelector('.note-text').textContent).join('|')`

// uiDecks: decks, live collaboration and share links.
func uiDecks(t *testing.T, b *uiBrowser) {

	t.Run("AddStillsToNewDeck", func(t *testing.T) {
		e := newEnv(t)
		e.setupAdmin()
		uiSeed(e)
		p := b.open(t, e.url, "newdeck")
		p.signIn("admin", "director-cut")
		p.waitText("#result-count", "12 stills")
		p.click("#grid .tile")
		p.until("the still page", `!!document.querySelector('#add-to-deck')`)
		p.click("#add-to-deck")
		p.until("the deck dialog", `!!document.querySelector('dialog[open] #new-deck-title')`)
		p.waitText("dialog[open] .deck-pick", "No decks yet")
		p.keys("#new-deck-title", "Night exteriors\r")
		p.waitText("dialog[open] .form-msg", "Added to “Night exteriors”")
		p.shot("add-to-deck")
		p.click("dialog[open] .form-msg a")
		p.until("the deck editor", `location.pathname.startsWith('/decks/') && document.querySelectorAll('#cards .card').length === 1`)
		p.until("the live connection", `document.querySelector('.live-status')?.dataset.state === 'live'`)
		deckID := p.eval(`location.pathname.split('/')[2]`)
		// Add two more stills from the side panel without leaving the deck.
		p.click("#add-stills")
		p.until("search results in the panel", `document.querySelectorAll('#add-panel .add-still').length >= 3`)
		p.click("#add-panel .add-item:nth-child(2) .add-still")
		p.until("two cards", `document.querySelectorAll('#cards .card:not(.pending)').length === 2`)
		p.click("#add-panel .add-item:nth-child(3) .add-still")
		p.until("three cards", `document.querySelectorAll('#cards .card:not(.pending)').length === 3`)
		// Notes, then a keyboard move: the first card goes one later.
		p.keys("#cards .card:nth-child(1) .note", "first")
		p.keys("#cards .card:nth-child(2) .note", "second")
		p.keys("#cards .card:nth-child(3) .note", "third")
		p.do("leave the last note", chromedpJS(`document.activeElement.blur()`))
		p.until("notes saved", `document.querySelectorAll('#cards .card.pending').length === 0`)
		waitFor(t, "notes stored", func() bool { return strings.Join(deckOrder(e, deckID), ",") == "first,second,third" })
		p.do("focus the first card", chromedp.Focus(chromedp.CSS("#cards .card:nth-child(1)")))
		p.do("Alt+Right", chromedp.KeyEvent(kb.ArrowRight, chromedp.KeyModifiers(kb.ModifierAlt)))
		p.until("the order on screen", cardNotes+` === 'second|first|third'`)
		waitFor(t, "the move stored", func() bool { return strings.Join(deckOrder(e, deckID), ",") == "second,first,third" })
		p.click("#cards .card:nth-child(3) .remove-card")
		p.until("two cards left", `document.querySelectorAll('#cards .card').length === 2`)
		waitFor(t, "the removal stored", func() bool { return strings.Join(deckOrder(e, deckID), ",") == "second,first" })
		// Drag and drop: the first card dropped on the right half of the second.
		var from, to [2]float64
		fmt.Sscanf(p.eval(`(() => { const a = document.querySelector('#cards .card:nth-child(1) .drag').getBoundingClientRect(), b = document.querySelector('#cards .card:nth-child(2) .card-visual').getBoundingClientRect(); return [a.left + a.width / 2, a.top + a.height / 2, b.left + b.width * 0.8, b.top + b.height / 2].join(' '); })()`), "%g %g %g %g", &from[0], &from[1], &to[0], &to[1])
		p.do("drag the first card after the second", chromedp.DragAndDropXY(from[0], from[1], to[0], to[1]))
		p.until("the dragged order on screen", cardNotes+` === 'first|second'`)
		waitFor(t, "the drag stored", func() bool { return strings.Join(deckOrder(e, deckID), ",") == "first,second" })
		p.shot("deck-editor")
		p.goTo("/decks")
		p.waitText("#my-deck-list", "Night exteriors")
		p.waitText("#my-deck-list", "2 cards")
		p.shot("decks")
	})

	t.Run("LiveCollaboration", func(t *testing.T) {
		e := newEnv(t)
		e.setupAdmin()
		uiSeed(e)
		id := uiDeck(e, "Look deck", 3, map[string]string{"mia": "editor", "vic": "viewer"})
		a := b.open(t, e.url, "live-owner")
		m := b.open(t, e.url, "live-editor")
		m.inject(socketSpy)
		a.signIn("admin", "director-cut")
		m.signIn("mia", "long enough")
		for _, p := range []*uiPage{a, m} {
			p.goTo("/decks/" + id)
			p.until("three cards", `document.querySelectorAll('#cards .card').length === 3`)
			p.until("the live connection", `document.querySelector('.live-status')?.dataset.state === 'live'`)
		}
		a.until("both people present", `document.querySelectorAll('.presence .avatar').length === 2 && !!document.querySelector('.presence .avatar[data-user=mia]')`)
		m.until("both people present", `!!document.querySelector('.presence .avatar[data-user=admin]')`)
		// A card added by one appears for the other without a reload.
		a.do("mark the page", chromedpJS(`window.__same = 1`))
		m.do("mark the page", chromedpJS(`window.__same = 1`))
		a.click("#add-stills")
		a.until("panel results", `document.querySelectorAll('#add-panel .add-still').length >= 4`)
		a.click("#add-panel .add-item:nth-child(4) .add-still")
		m.until("the new card", `document.querySelectorAll('#cards .card').length === 4`)
		// A move by the editor appears for the owner.
		m.click("#cards .card:nth-child(1) .move-next")
		a.until("the moved card", cardNotes+`.startsWith('note 2|note 1|note 3')`)
		// A note typed by the owner appears for the editor.
		a.keys("#cards .card:nth-child(3) .note", " — wider")
		a.do("leave the note", chromedpJS(`document.activeElement.blur()`))
		m.until("the edited note", cardNotes+`.startsWith('note 2|note 1|note 3 — wider')`)
		// Text over a still: added, then edited, by the owner.
		a.click("#cards .card:nth-child(1) .add-text")
		m.until("the text element", `document.querySelector('#cards .card:nth-child(1) .text-el')?.textContent === 'Title'`)
		a.until("the text field", `!!document.querySelector('#cards .card:nth-child(1) .text-input')`)
		a.keys("#cards .card:nth-child(1) .text-input", " card\t")
		m.until("the edited text", `document.querySelector('#cards .card:nth-child(1) .text-el')?.textContent === 'Title card'`)
		// Cursors: the owner's pointer over a card shows on the editor's screen.
		box := a.eval(`(() => { const r = document.querySelector('#cards .card:nth-child(2) .card-visual').getBoundingClientRect(); return (r.left + r.width / 2) + ',' + (r.top + r.height / 2); })()`)
		var x, y float64
		fmt.Sscanf(box, "%g,%g", &x, &y)
		a.do("move the mouse over a card", chromedp.MouseEvent(chromedp.MouseMoved, x, y), chromedp.MouseEvent(chromedp.MouseMoved, x+5, y+5))
		m.until("the owner's cursor", `!!document.querySelector('#cards .card-visual .cursor[data-user=admin]')`)
		m.shot("live")
		if a.eval(`window.__same`) != "1" || m.eval(`window.__same`) != "1" {
			t.Fatal("a page reloaded during live collaboration")
		}
		// The editor's connection drops and cannot come back for a while;
		// changes made meanwhile arrive when it reconnects, without a reload.
		m.do("drop the live connection", chromedpJS(`window.__block = true; window.__sockets.forEach(s => s.close())`))
		m.until("the offline state", `document.querySelector('.live-status').dataset.state === 'offline'`)
		var cards struct{ Cards []struct{ ID string } }
		e.expect(req{method: "GET", path: "/api/v1/decks/" + id, token: e.admin}, 200, "").decode(t, &cards)
		e.expect(req{method: "PATCH", path: "/api/v1/decks/" + id + "/cards/" + cards.Cards[0].ID, token: e.admin, json: map[string]string{"note": "changed while away"}}, 200, "")
		e.expect(req{method: "DELETE", path: "/api/v1/decks/" + id + "/cards/" + cards.Cards[3].ID, token: e.admin}, 204, "")
		m.do("let it reconnect", chromedpJS(`window.__block = false`))
		m.until("live again", `document.querySelector('.live-status').dataset.state === 'live'`)
		m.until("the changes made while away", cardNotes+` === 'changed while away|note 1|note 3 — wider'`)
		if m.eval(`window.__same`) != "1" {
			t.Fatal("the editor's page reloaded to catch up")
		}
		// The viewer sees the deck read-only.
		v := b.open(t, e.url, "live-viewer")
		v.signIn("vic", "long enough")
		v.goTo("/decks/" + id)
		v.until("three cards", `document.querySelectorAll('#cards .card').length === 3`)
		v.waitText(".deck-tools .role", "View only")
		if n := v.count("#cards textarea, #add-stills, #cards .remove-card, input.deck-title, #share-btn"); n != 0 {
			t.Fatalf("the viewer has %d editing controls", n)
		}
		a.keys("#deck-title", " II\r")
		v.waitText("#deck-title", "Look deck II")
		v.shot("viewer")
	})

	t.Run("ShareLink", func(t *testing.T) {
		e := newEnv(t)
		e.setupAdmin()
		uiSeed(e)
		id := uiDeck(e, "Pitch", 2, nil)
		a := b.open(t, e.url, "share-owner")
		a.signIn("admin", "director-cut")
		a.goTo("/decks/" + id)
		a.until("two cards", `document.querySelectorAll('#cards .card').length === 2`)
		a.click("#share-btn")
		a.until("the share dialog", `!!document.querySelector('dialog[open] #create-link')`)
		a.do("choose a 7-day expiry", chromedp.SetValue(chromedp.CSS("#link-expiry"), "7"))
		a.click("#create-link")
		a.until("the link", `(document.querySelector('#share-url')?.value || '').includes('/s/')`)
		a.waitText("dialog[open] .link-out", "until")
		a.shot("share")
		link := a.eval(`document.querySelector('#share-url').value`)
		anon := b.open(t, e.url, "share-visitor")
		anon.do("open the link", chromedp.Navigate(link))
		anon.waitText("#deck-title", "Pitch")
		anon.until("two read-only cards", `document.querySelectorAll('#cards .card.readonly').length === 2`)
		anon.waitText("#cards", "note 1")
		if n := anon.count("#signout, textarea"); n != 0 {
			t.Fatalf("the link page shows %d signed-in or editing controls", n)
		}
		anon.shot("shared")
		// Revoked, the link stops working.
		a.click("dialog[open] .btn.danger:not(.small)")
		a.waitText("dialog[open] .link-out", "no longer works")
		anon.do("reload the link", chromedp.Navigate(link))
		anon.waitText(".empty h1", "This link does not work")
	})
}

// uiExport: export to PDF and ZIP, and downloads through a share link.
func uiExport(t *testing.T, b *uiBrowser) {
	e := newEnv(t)
	e.setupAdmin()
	uiSeed(e)
	id := uiDeck(e, "Export me", 3, nil)
	p := b.open(t, e.url, "export")
	p.signIn("admin", "director-cut")
	p.goTo("/decks/" + id)
	p.until("three cards", `document.querySelectorAll('#cards .card').length === 3`)
	// A link that allows downloads offers only the formats exported so far.
	var sh struct{ Token string }
	e.expect(req{method: "POST", path: "/api/v1/decks/" + id + "/share", token: e.admin, json: map[string]any{"allow_download": true}}, 201, "").decode(t, &sh)
	anon := b.open(t, e.url, "export-visitor")
	anon.goTo("/s/" + sh.Token)
	anon.until("the shared deck", `document.querySelectorAll('#cards .card.readonly').length === 3`)
	if n := anon.count(".deck-tools a[download]"); n != 0 {
		t.Fatalf("the link page offers %d downloads before any export", n)
	}
	for i, f := range []struct{ format, magic string }{{"pdf", "%PDF"}, {"zip", "PK\x03\x04"}} {
		p.click("#export-btn")
		p.click("#export-" + f.format)
		p.until("the progress bar", `!!document.querySelector('#export-progress')`)
		p.until("the download link", `!!document.querySelector('#export-download')`)
		p.waitText("#export-download", "Download "+strings.ToUpper(f.format))
		p.shot("export-" + f.format)
		href := p.eval(`document.querySelector('#export-download').getAttribute('href')`)
		res := e.do(req{method: "GET", path: href, token: e.admin})
		if res.status != 200 || !strings.HasPrefix(string(res.body), f.magic) {
			t.Fatalf("%s download %s: status %d, starts %q", f.format, href, res.status, res.body[:min(8, len(res.body))])
		}
		p.press(kb.Escape)
		p.until("the dialog closed", `!document.querySelector('dialog[open]')`)
		if i == 0 {
			anon.goTo("/s/" + sh.Token)
			anon.waitText(".deck-tools", "Download PDF")
			if got := anon.eval(`[...document.querySelectorAll('.deck-tools a[download]')].map(a => a.textContent).join('|')`); got != "Download PDF" {
				t.Fatalf("after a PDF export the link page offers %q, want only the PDF", got)
			}
		}
	}
	anon.goTo("/s/" + sh.Token)
	anon.until("both downloads", `document.querySelectorAll('.deck-tools a[download]').length === 2`)
	href := anon.eval(`document.querySelector('.deck-tools a[href$="/exports/pdf"]').getAttribute('href')`)
	if res := e.do(req{method: "GET", path: href}); res.status != 200 || !strings.HasPrefix(string(res.body), "%PDF") {
		t.Fatalf("shared PDF %s: status %d", href, res.status)
	}
}

// waitFor polls a server-side condition for up to five seconds.
func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s: timed out", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// uiAdmin: users, uploads and catalog import.
func uiAdmin(t *testing.T, b *uiBrowser) {
	e := newEnv(t)
	e.setupAdmin()
	p := b.open(t, e.url, "admin")
	p.signIn("admin", "director-cut")
	p.click(`.nav a[href="/admin"]`)
	p.until("the users page", `!!document.querySelector('#users tr[data-user=admin]')`)
	p.keys("#new-username", "mia")
	p.keys("#new-password", "long enough\r")
	p.until("the new user", `!!document.querySelector('#users tr[data-user=mia]')`)
	p.do("make mia an admin", chromedp.SetValue(chromedp.CSS(`#users tr[data-user=mia] select`), "admin"),
		chromedpJS(`document.querySelector('#users tr[data-user=mia] select').dispatchEvent(new Event('change'))`))
	waitFor(t, "the role stored", func() bool {
		var out struct {
			Items []struct{ Username, Role string }
		}
		e.expect(req{method: "GET", path: "/api/v1/users", token: e.admin}, 200, "").decode(t, &out)
		for _, u := range out.Items {
			if u.Username == "mia" {
				return u.Role == "admin"
			}
		}
		return false
	})
	p.shot("users")

	// Upload: a still, a file that is not an image, and the same still again.
	dir := t.TempDir()
	good, bad := filepath.Join(dir, "good.jpg"), filepath.Join(dir, "notes.jpg")
	if err := os.WriteFile(good, twoToneJPEG(t, 320, 180, 0.3, deepBlue, orange), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte("not a picture at all"), 0o644); err != nil {
		t.Fatal(err)
	}
	p.click(`.tabs a[href="/admin/upload"]`)
	p.until("the drop zone", `!!document.querySelector('.dropzone')`)
	p.do("choose two files", chromedp.SetUploadFiles(chromedp.CSS("#upload-files"), []string{good, bad}))
	p.until("both uploads finished", `document.querySelectorAll('#upload-list .upload.ok, #upload-list .upload.failed').length === 2`)
	p.waitText("#upload-list .upload.ok", "good.jpg")
	p.waitText("#upload-list .upload.failed", "notes.jpg")
	p.do("upload the still again", chromedp.SetUploadFiles(chromedp.CSS("#upload-files"), []string{good}))
	p.until("the duplicate refused", `document.querySelectorAll('#upload-list .upload.failed').length === 2`)
	p.waitText("#upload-list .upload.failed", "see the existing still")
	p.shot("upload")

	// Import: one good catalog line and one bad.
	p.click(`.tabs a[href="/admin/import"]`)
	p.waitText("#index-lag", "up to date")
	p.do("paste two lines", chromedp.SetValue(chromedp.CSS("#bulk-lines"),
		`{"id":"cat-1","title":"Pier","movie":{"title":"Vertigo","year":1958}}`+"\n"+`{"id":"cat-2","frame_size":"enormous"}`))
	p.click("#bulk-send")
	p.waitText(".bulk-out", "1 still created")
	p.waitText(".bulk-failed", "Line 2")
	p.shot("import")
	e.indexed()
	p.goTo("/search?q=Pier")
	p.waitText("#result-count", "1 still")
}

// socketSpy lets a test drop a page's WebSockets (window.__sockets) and
// keep new ones from connecting (window.__block) for a while.
const socketSpy = `window.__sockets = []; window.__block = false;
const RealSocket = window.WebSocket;
window.WebSocket = class extends RealSocket {
  constructor(url, protocols) {
    super(window.__block ? 'ws://127.0.0.1:9/blocked' : url, protocols);
    window.__sockets.push(this);
  }
};`
