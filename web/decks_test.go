package web

import (
	"context"
	"crypto/sha256"
	"fmt"
	"image/color"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shotdeck/shotdeck/store"
)

// deckTeam is a deck with an owner, an editor, a viewer, a signed-in
// stranger, a still with media on its first card, and share links: one
// live, one expired, one revoked (each on its own copy of the deck, since a
// deck has one link at a time).
type deckTeam struct {
	owner, editor, viewer, other string // tokens
	editorID, viewerID           string
	deckID, cardID, imageHash    string
	liveToken, expiredToken      string
	revokedToken                 string
}

type userOut struct {
	ID       string `json:"id"`
	Username string `json:"username"`
}

func (e *env) userID(token string) string {
	var u userOut
	e.expect(req{method: "GET", path: "/api/v1/auth/me", token: token}, 200, "").decode(e.t, &u)
	return u.ID
}

type deckOut struct {
	ID      string `json:"id"`
	Version int64  `json:"version"`
	Role    string `json:"role"`
	Title   string `json:"title"`
	Cards   []struct {
		ID    string `json:"id"`
		Note  string `json:"note"`
		Image *struct {
			ID       string  `json:"id"`
			ThumbURL *string `json:"thumb_url"`
		} `json:"image"`
	} `json:"cards"`
	Members []struct {
		User userOut `json:"user"`
		Role string  `json:"role"`
	} `json:"members"`
	CardCount int `json:"card_count"`
}

func (e *env) newDeck(token string, body any) deckOut {
	var d deckOut
	e.expect(req{method: "POST", path: "/api/v1/decks", token: token, json: body}, 201, "").decode(e.t, &d)
	return d
}

// teamEnv sets up the people once per env.
func teamEnv(t testing.TB) (*env, *deckTeam, string) {
	e := newEnv(t)
	e.setupAdmin()
	tm := &deckTeam{owner: e.member("owner"), editor: e.member("editor"), viewer: e.member("viewer"), other: e.member("other")}
	tm.editorID, tm.viewerID = e.userID(tm.editor), e.userID(tm.viewer)
	res := e.upload(twoToneJPEG(t, 320, 200, 0.5, color.RGBA{200, 30, 30, 255}, color.RGBA{20, 20, 200, 255}), `{"title":"Red and blue"}`)
	var im struct{ ID string }
	res.decode(t, &im)
	var full struct {
		OriginalURL string `json:"original_url"`
	}
	e.expect(req{method: "GET", path: "/api/v1/images/" + im.ID, token: tm.owner}, 200, "").decode(t, &full)
	tm.imageHash = strings.Split(full.OriginalURL, "/")[2]
	return e, tm, im.ID
}

// freshDeck makes a new deck for the team, with members and links.
func (e *env) freshDeck(tm *deckTeam, imageID string) {
	d := e.newDeck(tm.owner, map[string]any{"title": "Heat", "cards": []any{
		map[string]any{"image_id": imageID, "note": "diner"}, map[string]any{"note": "text card"}}})
	tm.deckID, tm.cardID = d.ID, d.Cards[0].ID
	for _, m := range []struct{ name, role string }{{"editor", "editor"}, {"viewer", "viewer"}} {
		e.expect(req{method: "POST", path: "/api/v1/decks/" + d.ID + "/members", token: tm.owner,
			json: map[string]string{"username": m.name, "role": m.role}}, 201, "")
	}
	// A deck has one link at a time: the revoked and expired ones are made
	// on copies of it.
	tm.revokedToken = e.spoiledLink(tm.owner, d.ID, func(copyID, _ string) {
		e.expect(req{method: "DELETE", path: "/api/v1/decks/" + copyID + "/share", token: tm.owner}, 204, "")
	})
	tm.expiredToken = e.spoiledLink(tm.owner, d.ID, func(copyID, token string) {
		// As time would: the same link with its expiry moved into the past.
		var id int64
		fmt.Sscan(copyID, &id)
		hash := sha256.Sum256([]byte(token))
		err := e.db.Write(context.Background(), func(tx *store.Tx) error {
			return tx.SetShare(context.Background(), id, hash[:], time.Now().Add(-time.Minute).UTC().Format(time.RFC3339), true)
		})
		if err != nil {
			e.t.Fatal(err)
		}
	})
	var link struct{ Token, URL string }
	e.expect(req{method: "POST", path: "/api/v1/decks/" + d.ID + "/share", token: tm.owner,
		json: map[string]any{"allow_download": true}}, 201, "").decode(e.t, &link)
	if !strings.HasSuffix(link.URL, "/s/"+link.Token) {
		e.t.Fatalf("share url %q does not end in the token", link.URL)
	}
	tm.liveToken = link.Token
}

// spoiledLink shares a copy of a deck, then spoils the link; it returns
// the link's token.
func (e *env) spoiledLink(owner, deckID string, spoil func(copyID, token string)) string {
	var cp deckOut
	e.expect(req{method: "POST", path: "/api/v1/decks/" + deckID + "/duplicate", token: owner}, 201, "").decode(e.t, &cp)
	var link struct{ Token string }
	e.expect(req{method: "POST", path: "/api/v1/decks/" + cp.ID + "/share", token: owner,
		json: map[string]any{"expires_at": time.Now().Add(time.Hour).UTC().Format(time.RFC3339)}}, 201, "").decode(e.t, &link)
	spoil(cp.ID, link.Token)
	return link.Token
}

func (e *env) deckState(tm *deckTeam) string {
	res := e.expect(req{method: "GET", path: "/api/v1/decks/" + tm.deckID, token: tm.owner}, 200, "")
	return string(res.body)
}

// TestDeckPermissionMatrix walks every deck endpoint with every kind of
// caller, and proves that refused writes change nothing.
func TestDeckPermissionMatrix(t *testing.T) {
	e, tm, imageID := teamEnv(t)
	type who int
	const (
		owner who = iota
		editor
		viewer
		other
		anon
		expired
		revoked
	)
	names := []string{"owner", "editor", "viewer", "other member", "anonymous", "expired link", "revoked link"}
	token := func(w who) string {
		return map[who]string{owner: tm.owner, editor: tm.editor, viewer: tm.viewer, other: tm.other}[w]
	}
	type endpoint struct {
		method, path string // {deck}, {card}, {editor}, {token}, {hash} are filled in
		body         any
		want         [7]int // by who
		write        bool
	}
	deckOnly := func(o, ed, vi int) [7]int { return [7]int{o, ed, vi, 404, 401, 401, 401} }
	endpoints := []endpoint{
		{"GET", "/decks/{deck}", nil, deckOnly(200, 200, 200), false},
		{"PATCH", "/decks/{deck}", map[string]string{"title": "Renamed"}, deckOnly(200, 200, 403), true},
		{"DELETE", "/decks/{deck}", nil, deckOnly(204, 403, 403), true},
		{"POST", "/decks/{deck}/duplicate", nil, deckOnly(201, 201, 201), false},
		{"POST", "/decks/{deck}/cards", map[string]string{"note": "new"}, deckOnly(201, 201, 403), true},
		{"PATCH", "/decks/{deck}/cards/{card}", map[string]string{"note": "changed"}, deckOnly(200, 200, 403), true},
		{"DELETE", "/decks/{deck}/cards/{card}", nil, deckOnly(204, 204, 403), true},
		{"POST", "/decks/{deck}/members", map[string]string{"username": "other", "role": "viewer"}, deckOnly(201, 403, 403), true},
		{"PATCH", "/decks/{deck}/members/{editor}", map[string]string{"role": "viewer"}, deckOnly(200, 403, 403), true},
		// The editor may leave; nobody else but the owner may remove them.
		{"DELETE", "/decks/{deck}/members/{editor}", nil, deckOnly(204, 204, 403), true},
		{"POST", "/decks/{deck}/share", map[string]any{}, deckOnly(201, 403, 403), true},
		{"DELETE", "/decks/{deck}/share", nil, deckOnly(204, 403, 403), true},
		{"GET", "/shared/{token}", nil, [7]int{200, 200, 200, 200, 200, 404, 404}, false},
		{"GET", "/shared/{token}/media/{hash}/thumb.jpg", nil, [7]int{200, 200, 200, 200, 200, 404, 404}, false},
		{"GET", "/shared/{token}/media/{hash}/original.jpg", nil, [7]int{200, 200, 200, 200, 200, 404, 404}, false},
	}
	for _, ep := range endpoints {
		for w := owner; w <= revoked; w++ {
			e.freshDeck(tm, imageID)
			link := tm.liveToken
			switch w {
			case expired:
				link = tm.expiredToken
			case revoked:
				link = tm.revokedToken
			}
			path := strings.NewReplacer("{deck}", tm.deckID, "{card}", tm.cardID, "{editor}", tm.editorID,
				"{token}", link, "{hash}", tm.imageHash).Replace("/api/v1" + ep.path)
			before := e.deckState(tm)
			res := e.do(req{method: ep.method, path: path, token: token(w), json: ep.body})
			if res.status != ep.want[w] {
				t.Errorf("%s %s as %s: %d, want %d: %s", ep.method, ep.path, names[w], res.status, ep.want[w], res.body)
				continue
			}
			if res.status >= 400 {
				if code, _ := res.errorCode(t); code == "" {
					t.Errorf("%s %s as %s: error without a code: %s", ep.method, ep.path, names[w], res.body)
				}
				if ep.write {
					if after := e.deckState(tm); after != before {
						t.Errorf("%s %s as %s was refused but changed the deck:\n%s\n%s", ep.method, ep.path, names[w], before, after)
					}
				}
			}
		}
	}
}

func TestDeckRESTFlow(t *testing.T) {
	e, tm, imageID := teamEnv(t)
	e.freshDeck(tm, imageID)
	base := "/api/v1/decks/" + tm.deckID

	// Bulk create is one transaction: a bad card names its index.
	res := e.expect(req{method: "POST", path: "/api/v1/decks", token: tm.owner, json: map[string]any{"title": "Bad",
		"cards": []any{map[string]any{"image_id": imageID}, map[string]any{"image_id": "424242"}}}}, 400, "invalid_argument")
	if _, field := res.errorCode(t); field != "cards[1].image_id" {
		t.Fatalf("bad card field %q", field)
	}
	// A change moves the deck to the top of its members' lists.
	e.expect(req{method: "PATCH", path: base, token: tm.editor, json: map[string]string{"description": "Mann, 1995"}}, 200, "")
	var list struct {
		Items []deckOut `json:"items"`
		Next  *string   `json:"next_cursor"`
	}
	e.expect(req{method: "GET", path: "/api/v1/decks?limit=1", token: tm.owner}, 200, "").decode(t, &list)
	if list.Next == nil || len(list.Items) != 1 {
		t.Fatalf("first page: %+v", list)
	}
	if list.Items[0].ID != tm.deckID || list.Items[0].CardCount != 2 {
		t.Fatalf("newest deck %+v, want %s", list.Items[0], tm.deckID)
	}
	seen := 1
	for list.Next != nil {
		next := *list.Next
		list.Next = nil
		e.expect(req{method: "GET", path: "/api/v1/decks?limit=1&cursor=" + next, token: tm.owner}, 200, "").decode(t, &list)
		seen += len(list.Items)
	}
	if seen != 3 { // the deck and its two copies carrying spoiled links; never the refused one
		t.Fatalf("owner sees %d decks, want 3", seen)
	}
	e.expect(req{method: "GET", path: "/api/v1/decks?cursor=bogus", token: tm.owner}, 400, "invalid_argument")
	e.expect(req{method: "GET", path: "/api/v1/decks?color=red", token: tm.owner}, 400, "invalid_argument")

	// Add at the start, move to the end with PATCH after:null, edit text.
	var card struct {
		ID           string `json:"id"`
		Note         string `json:"note"`
		TextElements []struct {
			ID   string `json:"id"`
			Text string `json:"text"`
		} `json:"text_elements"`
	}
	e.expect(req{method: "POST", path: base + "/cards", token: tm.editor, json: map[string]any{"note": "opening", "after": ""}}, 201, "").decode(t, &card)
	var d deckOut
	e.expect(req{method: "GET", path: base, token: tm.viewer}, 200, "").decode(t, &d)
	if d.Cards[0].ID != card.ID || d.Role != "viewer" {
		t.Fatalf("after adding first: %+v", d)
	}
	e.expect(req{method: "PATCH", path: base + "/cards/" + card.ID, token: tm.editor, json: map[string]any{
		"after": nil, "text_elements": []any{map[string]any{"text": "FADE IN", "x": 0.1, "y": 0.8, "width": 0.5, "height": 0.1,
			"style": map[string]any{"color": "#ffffff"}}}}}, 200, "").decode(t, &card)
	e.expect(req{method: "GET", path: base, token: tm.viewer}, 200, "").decode(t, &d)
	if d.Cards[len(d.Cards)-1].ID != card.ID || card.TextElements[0].ID == "" || card.Note != "opening" {
		t.Fatalf("after moving to the end: order %+v, card %+v", d.Cards, card)
	}
	e.expect(req{method: "PATCH", path: base + "/cards/" + card.ID, token: tm.editor, json: map[string]any{}}, 400, "invalid_argument")
	e.expect(req{method: "PATCH", path: base + "/cards/" + card.ID, token: tm.editor, json: map[string]any{
		"text_elements": []any{map[string]any{"text": "x", "x": 2, "y": 0, "width": 1, "height": 1}}}}, 400, "invalid_argument")
	e.expect(req{method: "PATCH", path: base + "/cards/99999", token: tm.editor, json: map[string]any{"note": "x"}}, 404, "not_found")
	e.expect(req{method: "POST", path: base + "/cards", token: tm.editor, json: map[string]any{"after": "99999"}}, 400, "invalid_argument")
	e.expect(req{method: "POST", path: base + "/cards", token: tm.editor, json: map[string]any{"bogus": 1}}, 400, "invalid_argument")
	e.expect(req{method: "POST", path: base + "/cards", token: tm.editor, body: []byte("{"), ctype: "application/json"}, 400, "invalid_argument")

	// If-Match: two editors with the same version, one wins.
	e.expect(req{method: "GET", path: base, token: tm.owner}, 200, "").decode(t, &d)
	var wg sync.WaitGroup
	statuses := make([]int, 2)
	for i, tok := range []string{tm.owner, tm.editor} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = e.do(req{method: "PATCH", path: base, token: tok, json: map[string]string{"title": fmt.Sprint("T", i)},
				header: map[string]string{"If-Match": fmt.Sprintf(`"%d"`, d.Version)}}).status
		}()
	}
	wg.Wait()
	if !(statuses[0] == 200 && statuses[1] == 409 || statuses[0] == 409 && statuses[1] == 200) {
		t.Fatalf("two PATCHes with the same If-Match: %v, want one 200 and one 409", statuses)
	}
	e.expect(req{method: "PATCH", path: base, token: tm.owner, json: map[string]string{"title": "x"},
		header: map[string]string{"If-Match": "soon"}}, 400, "invalid_argument")
	e.expect(req{method: "PATCH", path: base, token: tm.owner, json: map[string]string{"title": "   "}}, 400, "invalid_argument")

	// Share: the link shows the deck and routes its stills through itself.
	var shared deckOut
	e.expect(req{method: "GET", path: "/api/v1/shared/" + tm.liveToken}, 200, "").decode(t, &shared)
	if len(shared.Members) != 0 || shared.Cards[0].Image == nil || !strings.HasPrefix(*shared.Cards[0].Image.ThumbURL, "/api/v1/shared/"+tm.liveToken+"/media/") {
		t.Fatalf("shared deck: %+v", shared)
	}
	e.expect(req{method: "GET", path: *shared.Cards[0].Image.ThumbURL}, 200, "")
	e.expect(req{method: "GET", path: "/api/v1/shared/" + tm.liveToken + "/media/" + strings.Repeat("ab", 32) + "/thumb.jpg"}, 404, "not_found")
	e.expect(req{method: "GET", path: "/api/v1/shared/" + tm.liveToken + "x"}, 404, "not_found")

	// Members: unknown users, the owner and bad roles are refused.
	e.expect(req{method: "POST", path: base + "/members", token: tm.owner, json: map[string]string{"username": "ghost", "role": "viewer"}}, 400, "invalid_argument")
	e.expect(req{method: "POST", path: base + "/members", token: tm.owner, json: map[string]string{"username": "owner", "role": "viewer"}}, 400, "invalid_argument")
	e.expect(req{method: "POST", path: base + "/members", token: tm.owner, json: map[string]string{"username": "other", "role": "owner"}}, 400, "invalid_argument")
	e.expect(req{method: "POST", path: base + "/members", token: tm.owner, json: map[string]string{"username": "viewer", "role": "editor"}}, 409, "conflict")

	// Deleting a still leaves the card, without image.
	e.expect(req{method: "DELETE", path: "/api/v1/images/" + imageID, token: e.admin}, 204, "")
	e.expect(req{method: "GET", path: base, token: tm.owner}, 200, "").decode(t, &d)
	if d.Cards[0].Image != nil || d.Cards[0].Note != "diner" {
		t.Fatalf("card of a deleted still: %+v", d.Cards[0])
	}
	e.expect(req{method: "DELETE", path: base, token: tm.owner}, 204, "")
	e.expect(req{method: "GET", path: base, token: tm.owner}, 404, "not_found")
	e.expect(req{method: "GET", path: "/api/v1/shared/" + tm.liveToken}, 404, "not_found")
}

// TestDeckCrossOriginCookieRefused: a page on another site cannot use the
// browser's session cookie to change decks.
func TestDeckCrossOriginCookieRefused(t *testing.T) {
	e := newEnv(t)
	e.setupAdmin()
	tok := e.member("ana")
	d := e.newDeck(tok, map[string]any{"title": "Mine"})
	cookie := map[string]string{"Cookie": "shotdeck_session=" + tok, "Origin": "https://evil.example"}
	for _, r := range []req{
		{method: "POST", path: "/api/v1/decks", json: map[string]any{"title": "Planted"}, header: cookie},
		{method: "PATCH", path: "/api/v1/decks/" + d.ID, json: map[string]any{"title": "Defaced"}, header: cookie},
		{method: "DELETE", path: "/api/v1/decks/" + d.ID, header: cookie},
	} {
		e.expect(r, 403, "forbidden")
	}
	var list struct{ Items []deckOut }
	e.expect(req{method: "GET", path: "/api/v1/decks", token: tok}, 200, "").decode(t, &list)
	if len(list.Items) != 1 || list.Items[0].Title != "Mine" || list.Items[0].Version != 1 {
		t.Fatalf("after cross-origin attempts: %+v", list.Items)
	}
	// The same cookie from the same origin works.
	same := map[string]string{"Cookie": "shotdeck_session=" + tok, "Origin": e.url}
	e.expect(req{method: "PATCH", path: "/api/v1/decks/" + d.ID, json: map[string]any{"title": "Renamed"}, header: same}, 200, "")
}
