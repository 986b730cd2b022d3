package web

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fasthttp/websocket"
)

// liveClient is a real WebSocket client on a deck's room.
type liveClient struct {
	t  testing.TB
	ws *websocket.Conn
}

func (e *env) dialLive(token, deckID string, header http.Header) (*liveClient, *http.Response, error) {
	if header == nil {
		header = http.Header{}
	}
	if token != "" {
		header.Set("Authorization", "Bearer "+token)
	}
	url := "ws" + strings.TrimPrefix(e.url, "http") + "/api/v1/decks/" + deckID + "/live"
	ws, res, err := websocket.DefaultDialer.Dial(url, header)
	if err != nil {
		return nil, res, err
	}
	return &liveClient{t: e.t, ws: ws}, res, nil
}

func (e *env) live(token, deckID string) *liveClient {
	e.t.Helper()
	c, res, err := e.dialLive(token, deckID, nil)
	if err != nil {
		status := 0
		if res != nil {
			status = res.StatusCode
		}
		e.t.Fatalf("dial live deck %s: %v (status %d)", deckID, err, status)
	}
	e.t.Cleanup(func() { c.ws.Close() })
	return c
}

// frame is any server frame.
type frame struct {
	Type       string                `json:"type"`
	Version    int64                 `json:"version"`
	Deck       json.RawMessage       `json:"deck"`
	Op         json.RawMessage       `json:"op"`
	ClientOpID string                `json:"client_op_id"`
	CardID     string                `json:"card_id"`
	Code       string                `json:"code"`
	Message    string                `json:"message"`
	Users      []userOut             `json:"users"`
	Presence   []userOut             `json:"presence"`
	You        struct{ Role string } `json:"you"`
	User       *userOut              `json:"user"`
}

func (c *liveClient) send(v any) {
	c.t.Helper()
	if err := c.ws.WriteJSON(v); err != nil {
		c.t.Fatalf("send: %v", err)
	}
}

// next reads the next frame, failing the test after a deadline.
func (c *liveClient) next() frame {
	c.t.Helper()
	f, err := c.read(5 * time.Second)
	if err != nil {
		c.t.Fatalf("read: %v", err)
	}
	return f
}

func (c *liveClient) read(timeout time.Duration) (frame, error) {
	c.ws.SetReadDeadline(time.Now().Add(timeout))
	var f frame
	_, b, err := c.ws.ReadMessage()
	if err != nil {
		return f, err
	}
	return f, json.Unmarshal(b, &f)
}

// until reads frames until one of the given type arrives.
func (c *liveClient) until(typ string) frame {
	c.t.Helper()
	for {
		if f := c.next(); f.Type == typ {
			return f
		}
	}
}

// closeCode reads until the server closes, and returns its close code.
func (c *liveClient) closeCode() int {
	c.t.Helper()
	for {
		_, err := c.read(5 * time.Second)
		if err == nil {
			continue
		}
		if ce, ok := err.(*websocket.CloseError); ok {
			return ce.Code
		}
		c.t.Fatalf("connection ended without a close frame: %v", err)
	}
}

func TestLiveHelloOpsAcksAndPresence(t *testing.T) {
	e, tm, imageID := teamEnv(t)
	e.freshDeck(tm, imageID)
	owner := e.live(tm.owner, tm.deckID)
	hello := owner.next()
	if hello.Type != "hello" || hello.Version == 0 || hello.You.Role != "owner" || len(hello.Presence) != 1 {
		t.Fatalf("hello: %+v", hello)
	}
	var d deckOut
	json.Unmarshal(hello.Deck, &d)
	if len(d.Cards) != 2 || d.Version != hello.Version {
		t.Fatalf("hello deck: %+v", d)
	}
	editor := e.live(tm.editor, tm.deckID)
	if h := editor.next(); h.Type != "hello" || h.You.Role != "editor" || len(h.Presence) != 2 {
		t.Fatalf("editor hello: %+v", h)
	}
	if p := owner.until("presence"); len(p.Users) != 2 {
		t.Fatalf("presence after the editor joined: %+v", p)
	}

	editor.send(map[string]any{"type": "op", "client_op_id": "e1", "base_version": hello.Version,
		"op": map[string]any{"kind": "add_card", "note": "from the DP", "after": ""}})
	op := editor.until("op")
	ack := editor.next()
	if op.Version != hello.Version+1 || ack.Type != "ack" || ack.ClientOpID != "e1" || ack.Version != op.Version || ack.CardID == "" {
		t.Fatalf("op then ack: %+v, %+v", op, ack)
	}
	if got := owner.until("op"); got.Version != op.Version || string(got.Op) != string(op.Op) {
		t.Fatalf("owner got %+v, want the editor's op", got)
	}
	// A REST change reaches the room as the next version.
	e.expect(req{method: "PATCH", path: "/api/v1/decks/" + tm.deckID, token: tm.owner, json: map[string]string{"title": "Heat (1995)"}}, 200, "")
	for _, c := range []*liveClient{owner, editor} {
		if f := c.until("op"); f.Version != op.Version+1 || !strings.Contains(string(f.Op), "Heat (1995)") {
			t.Fatalf("REST op: %+v", f)
		}
	}
	// Cursors are relayed to the others, not echoed.
	editor.send(map[string]any{"type": "cursor", "card_id": ack.CardID, "x": 0.5, "y": 0.25})
	if f := owner.until("cursor"); f.User == nil || f.User.Username != "editor" {
		t.Fatalf("cursor: %+v", f)
	}
	editor.send(map[string]any{"type": "ping"})
	if f := editor.next(); f.Type != "pong" {
		t.Fatalf("ping answered with %+v", f)
	}
	editor.ws.Close()
	if p := owner.until("presence"); len(p.Users) != 1 {
		t.Fatalf("presence after the editor left: %+v", p)
	}
}

func TestLiveRefusedUpgrades(t *testing.T) {
	e, tm, imageID := teamEnv(t)
	e.freshDeck(tm, imageID)
	for _, tc := range []struct {
		name, token, deck string
		header            http.Header
		want              int
	}{
		{"no session", "", tm.deckID, nil, 401},
		{"foreign origin", tm.owner, tm.deckID, http.Header{"Origin": {"https://evil.example"}}, 403},
		{"stranger", tm.other, tm.deckID, nil, 404},
		{"no such deck", tm.owner, "99999", nil, 404},
	} {
		_, res, err := e.dialLive(tc.token, tc.deck, tc.header)
		if err == nil || res == nil || res.StatusCode != tc.want {
			status := 0
			if res != nil {
				status = res.StatusCode
			}
			t.Errorf("%s: status %d (%v), want %d", tc.name, status, err, tc.want)
		}
	}
	e.expect(req{method: "GET", path: "/api/v1/decks/" + tm.deckID + "/live", token: tm.owner}, 426, "invalid_argument")
}

func TestLiveErrorsLimitsAndCloses(t *testing.T) {
	e, tm, imageID := teamEnv(t)
	e.freshDeck(tm, imageID)
	viewer := e.live(tm.viewer, tm.deckID)
	v0 := viewer.next().Version

	// Bad frames get errors and the connection survives.
	for _, bad := range []string{`{"type":`, `[]`, `{"type":"dance"}`,
		`{"type":"op","client_op_id":"x","op":{"kind":"explode"}}`,
		`{"type":"op","op":{"kind":"remove_card","card_id":"1"}}`,
		`{"type":"resync"}`} {
		viewer.ws.WriteMessage(websocket.TextMessage, []byte(bad))
		if f := viewer.next(); f.Type != "error" || f.Code != "invalid_argument" {
			t.Fatalf("%s answered with %+v", bad, f)
		}
	}
	viewer.ws.WriteMessage(websocket.BinaryMessage, []byte{1, 2})
	if f := viewer.next(); f.Code != "invalid_argument" {
		t.Fatalf("binary frame answered with %+v", f)
	}
	// A viewer's op is refused and stores nothing.
	viewer.send(map[string]any{"type": "op", "client_op_id": "v1", "op": map[string]any{"kind": "update_deck", "title": "Mine now"}})
	if f := viewer.next(); f.Code != "forbidden" || f.ClientOpID != "v1" {
		t.Fatalf("viewer op answered with %+v", f)
	}
	var d deckOut
	e.expect(req{method: "GET", path: "/api/v1/decks/" + tm.deckID, token: tm.owner}, 200, "").decode(t, &d)
	if d.Version != v0 || d.Title != "Heat" {
		t.Fatalf("a refused op changed the deck: %+v", d)
	}
	// An op on a card that is gone: not_found.
	editor := e.live(tm.editor, tm.deckID)
	editor.next()
	editor.send(map[string]any{"type": "op", "client_op_id": "e1", "op": map[string]any{"kind": "remove_card", "card_id": "99999"}})
	if f := editor.until("error"); f.Code != "not_found" || f.ClientOpID != "e1" {
		t.Fatalf("op on a missing card: %+v", f)
	}

	// Rate limit: a burst beyond 40 gets rate_limited, and only acked ops are stored.
	acks, limited := 0, 0
	for i := range 60 {
		editor.send(map[string]any{"type": "op", "client_op_id": fmt.Sprint("r", i), "op": map[string]any{"kind": "update_deck", "description": fmt.Sprint(i)}})
	}
	for acks+limited < 60 {
		switch f := editor.next(); {
		case f.Type == "ack":
			acks++
		case f.Type == "error" && f.Code == "rate_limited":
			limited++
		case f.Type == "error":
			t.Fatalf("unexpected error %+v", f)
		}
	}
	e.expect(req{method: "GET", path: "/api/v1/decks/" + tm.deckID, token: tm.owner}, 200, "").decode(t, &d)
	if limited == 0 || d.Version != v0+int64(acks) {
		t.Fatalf("%d acks, %d rate limited, version %d → %d", acks, limited, v0, d.Version)
	}

	// A frame over 64 KiB closes the connection with 1009.
	big := e.live(tm.owner, tm.deckID)
	big.next()
	big.ws.WriteMessage(websocket.TextMessage, []byte(`{"type":"ping","pad":"`+strings.Repeat("x", 70<<10)+`"}`))
	if code := big.closeCode(); code != websocket.CloseMessageTooBig {
		t.Fatalf("oversized frame: close %d, want 1009", code)
	}
	// Removing a member disconnects them with 4403; deleting the deck closes the room with 4404.
	e.expect(req{method: "DELETE", path: "/api/v1/decks/" + tm.deckID + "/members/" + tm.viewerID, token: tm.owner}, 204, "")
	if code := viewer.closeCode(); code != 4403 {
		t.Fatalf("removed member: close %d, want 4403", code)
	}
	e.expect(req{method: "DELETE", path: "/api/v1/decks/" + tm.deckID, token: tm.owner}, 204, "")
	if code := editor.closeCode(); code != 4404 {
		t.Fatalf("deleted deck: close %d, want 4404", code)
	}
}

func TestLiveResync(t *testing.T) {
	e, tm, imageID := teamEnv(t)
	e.freshDeck(tm, imageID)
	watcher := e.live(tm.owner, tm.deckID) // keeps the room (and its memory) open
	v0 := watcher.next().Version
	dropped := e.live(tm.editor, tm.deckID)
	dropped.next()
	dropped.ws.Close() // forced disconnect
	for i := range 5 {
		e.expect(req{method: "PATCH", path: "/api/v1/decks/" + tm.deckID, token: tm.owner, json: map[string]string{"description": fmt.Sprint(i)}}, 200, "")
	}
	back := e.live(tm.editor, tm.deckID)
	if h := back.next(); h.Version != v0+5 {
		t.Fatalf("hello after reconnect at %d, want %d", h.Version, v0+5)
	}
	back.send(map[string]any{"type": "resync", "since": v0})
	for want := v0 + 1; want <= v0+5; want++ {
		if f := back.next(); f.Type != "op" || f.Version != want {
			t.Fatalf("resync frame %+v, want op %d", f, want)
		}
	}
	back.send(map[string]any{"type": "ping"})
	if f := back.next(); f.Type != "pong" {
		t.Fatalf("after the missed ops: %+v, want nothing more", f)
	}
	// Past what the room keeps: a fresh snapshot.
	for i := range 520 {
		e.expect(req{method: "PATCH", path: "/api/v1/decks/" + tm.deckID, token: tm.owner, json: map[string]string{"description": fmt.Sprint("n", i)}}, 200, "")
	}
	back.send(map[string]any{"type": "resync", "since": v0})
	if h := back.until("hello"); h.Version != v0+525 {
		t.Fatalf("snapshot at %d, want %d", h.Version, v0+525)
	}
}

// model is a client's replayed copy of a deck.
type model struct {
	title string
	cards map[string]modelCard
}

type modelCard struct{ position, note string }

func (m *model) apply(t *testing.T, raw json.RawMessage) {
	var op struct {
		Kind     string  `json:"kind"`
		CardID   string  `json:"card_id"`
		Position string  `json:"position"`
		Note     *string `json:"note"`
		Title    *string `json:"title"`
		Card     *struct {
			Note string `json:"note"`
		} `json:"card"`
	}
	if err := json.Unmarshal(raw, &op); err != nil {
		t.Fatal(err)
	}
	switch op.Kind {
	case "add_card":
		m.cards[op.CardID] = modelCard{position: op.Position, note: op.Card.Note}
	case "move_card":
		c := m.cards[op.CardID]
		c.position = op.Position
		m.cards[op.CardID] = c
	case "update_card":
		c := m.cards[op.CardID]
		if op.Note != nil {
			c.note = *op.Note
		}
		m.cards[op.CardID] = c
	case "remove_card":
		delete(m.cards, op.CardID)
	case "update_deck":
		if op.Title != nil {
			m.title = *op.Title
		}
	}
}

func (m *model) String() string {
	ids := make([]string, 0, len(m.cards))
	for id := range m.cards {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b string) int { return strings.Compare(m.cards[a].position, m.cards[b].position) })
	var b strings.Builder
	b.WriteString(m.title)
	for _, id := range ids {
		fmt.Fprintf(&b, "|%s:%s", id, m.cards[id].note)
	}
	return b.String()
}

func modelOf(d deckOut) *model {
	m := &model{title: d.Title, cards: map[string]modelCard{}}
	for i, c := range d.Cards {
		m.cards[c.ID] = modelCard{position: fmt.Sprintf("%08d", i), note: c.Note}
	}
	return m
}

// TestLiveConvergence: ten clients send a hundred random ops each at once
// while a REST client writes too; everyone sees the same gap-free sequence
// and replays it to the deck that SQLite holds.
func TestLiveConvergence(t *testing.T) {
	e := newEnvWith(t, func(c *Config) { c.LiveOpRate, c.LiveOpBurst = 10000, 10000 })
	e.setupAdmin()
	owner := e.member("owner")
	d := e.newDeck(owner, map[string]any{"title": "Live", "cards": []any{map[string]any{"note": "a"}, map[string]any{"note": "b"}}})
	tokens := []string{owner}
	for i := 1; i < 10; i++ {
		name := fmt.Sprint("editor", i)
		tokens = append(tokens, e.member(name))
		e.expect(req{method: "POST", path: "/api/v1/decks/" + d.ID + "/members", token: owner, json: map[string]string{"username": name, "role": "editor"}}, 201, "")
	}
	clients := make([]*liveClient, len(tokens))
	start := make([]frame, len(tokens))
	for i, tok := range tokens {
		clients[i] = e.live(tok, d.ID)
		start[i] = clients[i].next()
	}
	const perClient = 100
	var wg sync.WaitGroup
	seen := make([][]frame, len(clients))
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			seen[i] = c.randomOps(i, perClient, start[i])
		}()
	}
	wg.Add(1)
	go func() { // REST writer alongside
		defer wg.Done()
		for i := range 30 {
			e.do(req{method: "PATCH", path: "/api/v1/decks/" + d.ID, token: owner, json: map[string]string{"title": fmt.Sprint("rest ", i)}})
		}
	}()
	wg.Wait()
	var final deckOut
	e.expect(req{method: "GET", path: "/api/v1/decks/" + d.ID, token: owner}, 200, "").decode(t, &final)
	want := modelOf(final).String()
	for i, c := range clients {
		ops := c.drainOps(seen[i], final.Version)
		var snap deckOut
		json.Unmarshal(start[i].Deck, &snap)
		m := modelOf(snap)
		for j, f := range ops {
			if f.Version != start[i].Version+int64(j)+1 {
				t.Fatalf("client %d: op %d has version %d, want %d (gap or duplicate)", i, j, f.Version, start[i].Version+int64(j)+1)
			}
			m.apply(t, f.Op)
		}
		if got := m.String(); got != want {
			t.Fatalf("client %d replayed\n%s\nbut SQLite holds\n%s", i, got, want)
		}
	}
}

// randomOps sends n random ops one at a time, waiting for each answer, and
// returns the op frames seen meanwhile.
func (c *liveClient) randomOps(who, n int, hello frame) []frame {
	rng := rand.New(rand.NewPCG(uint64(who), 7))
	var d deckOut
	json.Unmarshal(hello.Deck, &d)
	var known []string
	for _, card := range d.Cards {
		known = append(known, card.ID)
	}
	var ops []frame
	for i := range n {
		id := fmt.Sprintf("c%d-%d", who, i)
		var op map[string]any
		pick := func() string {
			if len(known) == 0 {
				return "1"
			}
			return known[rng.IntN(len(known))]
		}
		switch k := rng.IntN(10); {
		case k < 3 || len(known) < 2:
			op = map[string]any{"kind": "add_card", "note": id}
			if rng.IntN(2) == 0 {
				op["after"] = pick()
			}
		case k < 6:
			op = map[string]any{"kind": "move_card", "card_id": pick(), "after": []any{"", pick()}[rng.IntN(2)]}
		case k < 8:
			op = map[string]any{"kind": "update_card", "card_id": pick(), "note": id}
		case k < 9:
			op = map[string]any{"kind": "remove_card", "card_id": pick()}
		default:
			op = map[string]any{"kind": "update_deck", "title": id}
		}
		if op["card_id"] != nil && op["card_id"] == op["after"] {
			op["after"] = ""
		}
		c.send(map[string]any{"type": "op", "client_op_id": id, "op": op})
		for answered := false; !answered; {
			f := c.next()
			switch f.Type {
			case "op":
				ops = append(ops, f)
				known = c.track(known, f)
			case "ack", "error":
				answered = f.ClientOpID == id
				if f.Type == "error" && f.Code != "not_found" && f.Code != "invalid_argument" {
					c.t.Errorf("op %v: %s %s", op, f.Code, f.Message)
				}
			}
		}
	}
	return ops
}

// track keeps the list of card ids current from op frames.
func (c *liveClient) track(known []string, f frame) []string {
	var o struct {
		Kind   string `json:"kind"`
		CardID string `json:"card_id"`
	}
	json.Unmarshal(f.Op, &o)
	switch o.Kind {
	case "add_card":
		return append(known, o.CardID)
	case "remove_card":
		return slices.DeleteFunc(known, func(s string) bool { return s == o.CardID })
	}
	return known
}

// drainOps reads op frames until the client has seen version last.
func (c *liveClient) drainOps(ops []frame, last int64) []frame {
	c.t.Helper()
	for len(ops) == 0 || ops[len(ops)-1].Version < last {
		if f := c.next(); f.Type == "op" {
			ops = append(ops, f)
		}
	}
	return ops
}

// TestLiveShutdownClosesWithGoingAway: a server shutting down sends the
// last stored op, then closes every socket with 1001.
func TestLiveShutdownClosesWithGoingAway(t *testing.T) {
	e, tm, imageID := teamEnv(t)
	e.freshDeck(tm, imageID)
	c := e.live(tm.owner, tm.deckID)
	v := c.next().Version
	e.expect(req{method: "PATCH", path: "/api/v1/decks/" + tm.deckID, token: tm.owner, json: map[string]string{"title": "Last"}}, 200, "")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := e.srv.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if f := c.until("op"); f.Version != v+1 {
		t.Fatalf("last op %d, want %d", f.Version, v+1)
	}
	if code := c.closeCode(); code != websocket.CloseGoingAway {
		t.Fatalf("close %d, want 1001", code)
	}
}

// BenchmarkLiveFanout50 measures the time from an op sent by one client to
// the moment the last of 50 other connections has its frame, through the
// real server: parse, SQLite transaction, hub, 50 socket writes.
func BenchmarkLiveFanout50(b *testing.B) {
	e := newEnvWith(b, func(c *Config) { c.LiveOpRate, c.LiveOpBurst = 1e6, 1e6 })
	e.setupAdmin()
	tok := e.member("owner")
	d := e.newDeck(tok, map[string]any{"title": "Bench"})
	sender := e.live(tok, d.ID)
	v := sender.next().Version
	const n = 50
	got := make(chan int64, n*64)
	for range n {
		c := e.live(tok, d.ID)
		c.next()
		go func() {
			for {
				f, err := c.read(time.Minute)
				if err != nil {
					return
				}
				if f.Type == "op" {
					got <- f.Version
				}
			}
		}()
	}
	go func() { // the sender's own frames: op and ack
		for {
			if _, err := sender.read(time.Minute); err != nil {
				return
			}
		}
	}()
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		start := time.Now()
		sender.send(map[string]any{"type": "op", "client_op_id": fmt.Sprint(i),
			"op": map[string]any{"kind": "update_deck", "description": fmt.Sprint(i)}})
		v++
		for seen := 0; seen < n; {
			if <-got == v {
				seen++
			}
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkIdleConnections1000 reports what 1,000 idle live connections
// cost: heap and goroutines after they have all had their hello. Clients
// and server share the process, so the heap figure is an upper bound for
// the server's share (the client side holds a buffered connection each).
func BenchmarkIdleConnections1000(b *testing.B) {
	e := newEnv(b)
	e.setupAdmin()
	tok := e.member("owner")
	d := e.newDeck(tok, map[string]any{"title": "Idle"})
	for range b.N {
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		g0 := runtime.NumGoroutine()
		conns := make([]*liveClient, 0, 1000)
		for range 1000 {
			c, _, err := e.dialLive(tok, d.ID, nil)
			if err != nil {
				b.Fatal(err)
			}
			c.next() // hello
			conns = append(conns, c)
		}
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapInuse-before.HeapInuse)/1000/1024, "KiB-heap/conn")
		b.ReportMetric(float64(runtime.NumGoroutine()-g0)/1000, "goroutines/conn")
		for _, c := range conns {
			c.ws.Close()
		}
	}
}
