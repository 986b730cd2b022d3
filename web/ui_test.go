package web

import (
	"fmt"
	"strings"
	"testing"

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

// TestUI drives the web UI in a real browser against a real server.
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
	})
}
