package web

import (
	"encoding/json"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

type deckSearchOut struct {
	Items []struct {
		deckOut
		Score float64 `json:"score"`
	} `json:"items"`
	Total  int      `json:"total"`
	TookMS *float64 `json:"took_ms"`
}

func (e *env) searchDecks(token, query string) deckSearchOut {
	e.t.Helper()
	var out deckSearchOut
	e.expect(req{method: "GET", path: "/api/v1/decks/search?" + query, token: token}, 200, "").decode(e.t, &out)
	if out.TookMS == nil || out.Items == nil {
		e.t.Fatalf("deck search %q: took_ms or items missing", query)
	}
	return out
}

func (o deckSearchOut) ids() []string {
	ids := make([]string, len(o.Items))
	for i, it := range o.Items {
		ids[i] = it.ID
	}
	return ids
}

// TestDeckSearchEndpoint: owner, member and stranger each see what they
// may; items are ListDecks' summaries plus a score; limit and total.
func TestDeckSearchEndpoint(t *testing.T) {
	e := newEnv(t)
	e.setupAdmin()
	owner, member, stranger := e.member("owner"), e.member("member"), e.member("stranger")
	noir := e.newDeck(owner, map[string]any{"title": "Neon noir", "description": "Wet streets",
		"cards": []map[string]any{{"note": "Sodium vapour practicals"}, {"note": ""}}})
	e.newDeck(owner, map[string]any{"title": "Neon western"})
	e.newDeck(owner, map[string]any{"title": "Neon desert"})
	e.newDeck(stranger, map[string]any{"title": "Neon motel"})
	e.expect(req{method: "POST", path: "/api/v1/decks/" + noir.ID + "/members", token: owner,
		json: map[string]string{"username": "member", "role": "viewer"}}, 201, "")

	got := e.searchDecks(owner, "q=vapour")
	if !reflect.DeepEqual(got.ids(), []string{noir.ID}) || got.Total != 1 || got.Items[0].Score <= 0 {
		t.Fatalf("owner, by a card note: %+v", got)
	}
	it := got.Items[0]
	if it.Role != "owner" || it.CardCount != 2 || len(it.Members) != 1 || it.Members[0].User.Username != "member" {
		t.Errorf("owner's summary: %+v", it)
	}
	if got := e.searchDecks(member, "q=vapor"); !reflect.DeepEqual(got.ids(), []string{noir.ID}) || got.Items[0].Role != "viewer" {
		t.Errorf("member, with a typo: %+v", got)
	}
	if got := e.searchDecks(stranger, "q=vapour"); len(got.Items) != 0 || got.Total != 0 {
		t.Errorf("stranger sees %+v", got)
	}
	if got := e.searchDecks(stranger, "q=neon"); len(got.Items) != 1 || got.Items[0].Title != "Neon motel" {
		t.Errorf("stranger's own: %+v", got)
	}
	if got := e.searchDecks(owner, "q=neon&limit=2"); len(got.Items) != 2 || got.Total != 3 {
		t.Errorf("limit 2 of 3: %d items, total %d", len(got.Items), got.Total)
	}

	// An item is exactly the deck's list summary, plus its score.
	raw := e.expect(req{method: "GET", path: "/api/v1/decks/search?q=noir", token: member}, 200, "")
	var hits struct{ Items []map[string]any }
	raw.decode(t, &hits)
	var list struct{ Items []map[string]any }
	e.expect(req{method: "GET", path: "/api/v1/decks", token: member}, 200, "").decode(t, &list)
	if len(hits.Items) != 1 || len(list.Items) != 1 {
		t.Fatalf("member: %d hits, %d listed", len(hits.Items), len(list.Items))
	}
	delete(hits.Items[0], "score")
	if !reflect.DeepEqual(hits.Items[0], list.Items[0]) {
		a, _ := json.Marshal(hits.Items[0])
		b, _ := json.Marshal(list.Items[0])
		t.Errorf("search item differs from the list item:\n%s\n%s", a, b)
	}
}

// TestDeckSearchRefusesBadRequests: q is required and bounded, limit is
// bounded, unknown parameters are named; a session is needed.
func TestDeckSearchRefusesBadRequests(t *testing.T) {
	e := newEnv(t)
	e.setupAdmin()
	tok := e.member("someone")
	cases := []struct{ query, field string }{
		{"", "q"},
		{"q=", "q"},
		{"q=" + url.QueryEscape("   "), "q"},
		{"q=" + strings.Repeat("é", 201), "q"},
		{"q=neon&limit=0", "limit"},
		{"q=neon&limit=101", "limit"},
		{"q=neon&limit=ten", "limit"},
		{"q=neon&sort=newest", "sort"},
		{"q=neon&cursor=abc", "cursor"},
	}
	for _, c := range cases {
		res := e.expect(req{method: "GET", path: "/api/v1/decks/search?" + c.query, token: tok}, 400, "invalid_argument")
		if _, field := res.errorCode(t); field != c.field {
			t.Errorf("%q: field %q, want %q", c.query, field, c.field)
		}
	}
	e.searchDecks(tok, "q="+strings.Repeat("é", 200)) // the longest allowed
	e.expect(req{method: "GET", path: "/api/v1/decks/search?q=neon"}, 401, "unauthenticated")
}

// TestDeckSearchReadsYourWrites: a deck renamed, given a card or deleted
// is searched as it now is by the very next request, without waiting in
// the test.
func TestDeckSearchReadsYourWrites(t *testing.T) {
	e := newEnv(t)
	e.setupAdmin()
	tok := e.member("writer")
	d := e.newDeck(tok, map[string]any{"title": "Working title"})
	if got := e.searchDecks(tok, "q=working"); !reflect.DeepEqual(got.ids(), []string{d.ID}) {
		t.Fatalf("new deck: %v", got.ids())
	}
	e.expect(req{method: "PATCH", path: "/api/v1/decks/" + d.ID, token: tok, json: map[string]string{"title": "Harbour lights"}}, 200, "")
	if got := e.searchDecks(tok, "q=harbour"); !reflect.DeepEqual(got.ids(), []string{d.ID}) || got.Items[0].Title != "Harbour lights" {
		t.Errorf("renamed deck not found by its new title: %+v", got)
	}
	if got := e.searchDecks(tok, "q=working"); len(got.Items) != 0 {
		t.Errorf("renamed deck still found by its old title: %v", got.ids())
	}
	e.expect(req{method: "POST", path: "/api/v1/decks/" + d.ID + "/cards", token: tok, json: map[string]string{"note": "Fog rolling over the pier"}}, 201, "")
	if got := e.searchDecks(tok, "q=pier"); !reflect.DeepEqual(got.ids(), []string{d.ID}) {
		t.Errorf("new card note not found: %v", got.ids())
	}
	e.expect(req{method: "DELETE", path: "/api/v1/decks/" + d.ID, token: tok}, 204, "")
	if got := e.searchDecks(tok, "q=harbour"); len(got.Items) != 0 || got.Total != 0 {
		t.Errorf("deleted deck found: %+v", got)
	}
}
