package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
)

type searchJSON struct {
	Total int
	Items []struct {
		ID         string
		ExternalID string   `json:"external_id"`
		Score      *float64 `json:"score"`
		Movie      *struct{ Title string }
	}
	Facets map[string][]struct {
		Value, Label string
		Count        int
	}
	NextCursor *string  `json:"next_cursor"`
	TookMs     *float64 `json:"took_ms"`
}

// seedFilms stores stills of a few real films through the bulk endpoint.
func seedFilms(e *env) {
	e.t.Helper()
	lines := []string{
		`{"id":"heat-1","title":"Diner","description":"Two men face each other across a table","frame_size":"medium_close_up","time_of_day":"night","int_ext":"interior","tags":["diner","conversation"],"actors":["Al Pacino","Robert De Niro"],"movie":{"title":"Heat","year":1995,"director":"Michael Mann","cinematographer":"Dante Spinotti"}}`,
		`{"id":"heat-2","title":"Freeway","description":"Headlights streak across the city at night","frame_size":"extreme_wide","time_of_day":"night","int_ext":"exterior","tags":["city","traffic"],"movie":{"title":"Heat","year":1995,"director":"Michael Mann"}}`,
		`{"id":"collateral-1","title":"Taxi","description":"A cab glows under sodium light","frame_size":"close_up","time_of_day":"night","int_ext":"interior","lighting_type":["practical"],"tags":["taxi","neon"],"movie":{"title":"Collateral","year":2004,"director":"Michael Mann"}}`,
		`{"id":"jaws-1","title":"Beach","description":"Swimmers crowd the summer beach","frame_size":"wide","time_of_day":"day","int_ext":"exterior","location_type":"water","tags":["beach","summer"],"movie":{"title":"Jaws","year":1975,"director":"Steven Spielberg"}}`,
		`{"id":"jaws-2","title":"Dorsal fin","description":"A fin cuts the water at sunset","frame_size":"wide","time_of_day":"sunset","int_ext":"exterior","location_type":"water","tags":["shark"],"movie":{"title":"Jaws","year":1975,"director":"Steven Spielberg"}}`,
		`{"id":"et-1","title":"Bicycle","description":"A bicycle crosses the moon","frame_size":"extreme_wide","time_of_day":"night","int_ext":"exterior","lighting":["silhouette","backlight"],"tags":["moon","bicycle"],"movie":{"title":"E.T. the Extra-Terrestrial","year":1982,"director":"Steven Spielberg"}}`,
	}
	for i := range 40 {
		lines = append(lines, fmt.Sprintf(`{"id":"filler-%d","title":"Filler %d","description":"An ordinary room","frame_size":%q,"time_of_day":"day","tags":["room"]}`,
			i, i, []string{"wide", "medium", "close_up"}[i%3]))
	}
	var out bulkJSON
	e.expect(req{method: "POST", path: "/api/v1/images/bulk", token: e.admin, body: ndjson(lines...), ctype: "application/x-ndjson"}, 200, "").decode(e.t, &out)
	if out.Created != len(lines) {
		e.t.Fatalf("seed: %+v", out)
	}
	e.indexed()
}

func (e *env) find(token, query string) searchJSON {
	e.t.Helper()
	var res searchJSON
	e.expect(req{method: "GET", path: "/api/v1/search?" + query, token: token}, 200, "").decode(e.t, &res)
	return res
}

func ids(r searchJSON) []string {
	var out []string
	for _, it := range r.Items {
		out = append(out, it.ExternalID)
	}
	return out
}

func TestSearchRelevance(t *testing.T) {
	e := newEnv(t)
	e.setupAdmin()
	viewer := e.member("viewer")
	seedFilms(e)
	for _, tc := range []struct {
		q     string
		first []string // these must be the first hits, in any order
	}{
		{"Heat", []string{"heat-1", "heat-2"}},
		{"Michael Mann", []string{"heat-1", "heat-2", "collateral-1"}},
		{"Spielbreg", []string{"jaws-1", "jaws-2", "et-1"}}, // a typo
		{"jaws sunset", []string{"jaws-2"}},
		{"Heat din", []string{"heat-1"}}, // the last word is a prefix
		{`"across a table"`, []string{"heat-1"}},
	} {
		res := e.find(viewer, "q="+url.QueryEscape(tc.q))
		got := ids(res)
		if len(got) < len(tc.first) {
			t.Errorf("%q: hits %v, want %v first", tc.q, got, tc.first)
			continue
		}
		for _, want := range tc.first {
			found := false
			for _, g := range got[:len(tc.first)] {
				found = found || g == want
			}
			if !found {
				t.Errorf("%q: first hits %v, want %v", tc.q, got, tc.first)
			}
		}
		if res.Items[0].Score == nil || res.TookMs == nil {
			t.Errorf("%q: no score or took_ms", tc.q)
		}
	}
	// A taxonomy phrase becomes a filter: only night stills.
	res := e.find(viewer, "q="+url.QueryEscape("night exterior"))
	if got := ids(res); len(got) != 2 || res.Total != 2 {
		t.Errorf("night exterior: %v (total %d), want heat-2 and et-1", got, res.Total)
	}
}

func TestSearchFacetsAndFilters(t *testing.T) {
	e := newEnv(t)
	e.setupAdmin()
	seedFilms(e)
	res := e.find(e.admin, "frame_size=extreme_wide&facets=all&sort=newest")
	if res.Total != 2 || len(res.Items) != 2 {
		t.Fatalf("extreme_wide: total %d items %d", res.Total, len(res.Items))
	}
	count := func(field, value string) int {
		for _, c := range res.Facets[field] {
			if c.Value == value {
				return c.Count
			}
		}
		return 0
	}
	// The selected field's siblings keep their counts; other fields count
	// within the selection.
	if count("frame_size", "wide") != 16 || count("frame_size", "extreme_wide") != 2 || count("time_of_day", "night") != 2 || count("time_of_day", "day") != 0 {
		t.Fatalf("facets: %+v", res.Facets)
	}
	if count("director", "Steven Spielberg") != 1 || count("decade", "1990s") != 1 {
		t.Fatalf("credit facets: %+v %+v", res.Facets["director"], res.Facets["decade"])
	}
	for _, f := range res.Facets["frame_size"] {
		if f.Label == "" {
			t.Fatalf("facet without a label: %+v", f)
		}
	}
	// Text and filters together, paged by cursor with no duplicates.
	seen := map[string]bool{}
	q := "q=room&limit=7"
	for page := 0; ; page++ {
		r := e.find(e.admin, q)
		for _, id := range ids(r) {
			if seen[id] {
				t.Fatalf("%s returned twice", id)
			}
			seen[id] = true
		}
		if r.NextCursor == nil {
			break
		}
		q = "q=room&limit=7&cursor=" + url.QueryEscape(*r.NextCursor)
		if page > 20 {
			t.Fatal("cursor never ends")
		}
	}
	if len(seen) != 40 {
		t.Fatalf("walked %d filler stills, want 40", len(seen))
	}
	var all struct {
		Facets map[string][]struct{ Value string }
	}
	e.expect(req{method: "GET", path: "/api/v1/facets", token: e.admin}, 200, "").decode(t, &all)
	if len(all.Facets["frame_size"]) != 5 {
		t.Fatalf("library facets: %+v", all.Facets["frame_size"])
	}
}

func TestSearchStream(t *testing.T) {
	e := newEnv(t)
	e.setupAdmin()
	seedFilms(e)
	res := e.expect(req{method: "GET", path: "/api/v1/search/stream?q=room", token: e.admin}, 200, "")
	if ct := res.header.Get("Content-Type"); ct != "application/x-ndjson" {
		t.Fatalf("content type %q", ct)
	}
	lines := bytes.Split(bytes.TrimSpace(res.body), []byte("\n"))
	if len(lines) != 40 {
		t.Fatalf("%d lines, want 40", len(lines))
	}
	for _, l := range lines {
		var v struct {
			ExternalID string `json:"external_id"`
		}
		if err := json.Unmarshal(l, &v); err != nil || !strings.HasPrefix(v.ExternalID, "filler-") {
			t.Fatalf("line %s: %v", l, err)
		}
	}
	e.expect(req{method: "GET", path: "/api/v1/search/stream?bogus=1", token: e.admin}, 400, "invalid_argument")
}

// TestSearchStreamCrossesPages: more matches than one internal page, each
// exactly once, in the asked order.
func TestSearchStreamCrossesPages(t *testing.T) {
	e := newEnv(t)
	e.setupAdmin()
	seedCatalog(e, 1234)
	e.indexed()
	res := e.expect(req{method: "GET", path: "/api/v1/search/stream?sort=oldest&lighting=soft", token: e.admin}, 200, "")
	lines := bytes.Split(bytes.TrimSpace(res.body), []byte("\n"))
	if len(lines) != 617 {
		t.Fatalf("%d lines, want the 617 soft-lit stills", len(lines))
	}
	last := int64(0)
	for _, l := range lines {
		var v struct {
			ID int64 `json:"id,string"`
		}
		json.Unmarshal(l, &v)
		if v.ID <= last {
			t.Fatalf("still %d after %d: not in import order, or repeated", v.ID, last)
		}
		last = v.ID
	}
}

func TestSearchBadInput(t *testing.T) {
	e := newEnv(t)
	e.setupAdmin()
	seedFilms(e)
	for _, q := range []string{
		"q=" + strings.Repeat("a", 1001),
		"facets=colours",
		"frame_size=giant",
		"color_hex=orange",
		"unknown=1",
		"sort=best",
		"cursor=garbage",
	} {
		e.expect(req{method: "GET", path: "/api/v1/search?" + q, token: e.admin}, 400, "invalid_argument")
	}
	// An open quote is someone still typing, not an error.
	e.find(e.admin, "q="+url.QueryEscape(`"two men`))
	e.expect(req{method: "GET", path: "/api/v1/search"}, 401, "unauthenticated")
}

// TestSearchSeesWrites: a change is searchable within the indexer's lag,
// bounded here at two seconds, without waiting on anything.
func TestSearchSeesWrites(t *testing.T) {
	e := newEnv(t)
	e.setupAdmin()
	seedFilms(e)
	visible := func(q string, want int) {
		t.Helper()
		deadline := time.Now().Add(2 * time.Second)
		for {
			if e.find(e.admin, q).Total == want {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: total not %d within 2 s", q, want)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	e.expect(req{method: "POST", path: "/api/v1/images/bulk", token: e.admin, ctype: "application/x-ndjson",
		body: ndjson(`{"id":"new-1","title":"Zeppelin over harbour","frame_size":"wide"}`)}, 200, "")
	visible("q=zeppelin", 1)
	var page listJSON
	e.expect(req{method: "GET", path: "/api/v1/images?limit=1", token: e.admin}, 200, "").decode(t, &page)
	id := page.Items[0].ID
	e.expect(req{method: "PATCH", path: "/api/v1/images/" + id, token: e.admin, json: map[string]any{"title": "Airship over harbour"}}, 200, "")
	visible("q=zeppelin", 0)
	visible("q=airship", 1)
	e.expect(req{method: "DELETE", path: "/api/v1/images/" + id, token: e.admin}, 204, "")
	visible("q=airship", 0)
}

func TestAutocomplete(t *testing.T) {
	e := newEnv(t)
	e.setupAdmin()
	seedFilms(e)
	type sugg struct {
		Items []struct {
			Text, Kind string
			ID         *string
			Count      int
		}
	}
	get := func(q string) sugg {
		var s sugg
		e.expect(req{method: "GET", path: "/api/v1/autocomplete?" + q, token: e.admin}, 200, "").decode(t, &s)
		return s
	}
	s := get("q=spiel")
	if len(s.Items) != 1 || s.Items[0].Text != "Steven Spielberg" || s.Items[0].Kind != "director" || s.Items[0].Count != 3 {
		t.Fatalf("spiel: %+v", s.Items)
	}
	s = get("q=ja&kinds=movie")
	if len(s.Items) != 1 || s.Items[0].Text != "Jaws (1975)" || s.Items[0].ID == nil || s.Items[0].Count != 2 {
		t.Fatalf("ja: %+v", s.Items)
	}
	s = get("q=mann")
	if len(s.Items) == 0 || s.Items[0].Text != "Michael Mann" || s.Items[0].Count != 3 {
		t.Fatalf("mann (a later word): %+v", s.Items)
	}
	// Prefix matches come before fuzzy ones; a typo still finds it.
	s = get("q=spielbreg")
	if len(s.Items) == 0 || s.Items[0].Text != "Steven Spielberg" {
		t.Fatalf("typo: %+v", s.Items)
	}
	s = get("q=r&limit=2")
	if len(s.Items) != 2 || s.Items[0].Text != "room" || s.Items[0].Count != 40 {
		t.Fatalf("r: %+v", s.Items)
	}
	if s := get("q="); len(s.Items) != 0 {
		t.Fatalf("empty prefix: %+v", s.Items)
	}
	e.expect(req{method: "GET", path: "/api/v1/autocomplete?q=a&kinds=studio", token: e.admin}, 400, "invalid_argument")
	e.expect(req{method: "GET", path: "/api/v1/autocomplete?q=a&limit=0", token: e.admin}, 400, "invalid_argument")
	e.expect(req{method: "GET", path: "/api/v1/autocomplete?q=a&x=1", token: e.admin}, 400, "invalid_argument")
}
