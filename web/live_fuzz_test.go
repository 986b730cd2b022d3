package web

import (
	"testing"
	"time"

	"github.com/fasthttp/websocket"
)

// FuzzLiveFrame sends arbitrary text frames to a live deck socket: whatever
// arrives, the server answers (or ignores) it, keeps the connection open,
// still answers a ping, and the deck still loads. Under plain `go test` the
// seeds below run as a test; `go test -fuzz FuzzLiveFrame ./web` explores.
func FuzzLiveFrame(f *testing.F) {
	for _, seed := range []string{
		``, `{`, `[]`, `null`, `"op"`, `{"type":1}`, `{"type":"op"}`,
		`{"type":"op","client_op_id":"a","op":null}`,
		`{"type":"op","client_op_id":"a","op":{"kind":"add_card","note":"x","after":""}}`,
		`{"type":"op","client_op_id":"a","op":{"kind":"move_card","card_id":"-1","after":"9999999999999999999999"}}`,
		`{"type":"op","client_op_id":"a","op":{"kind":"update_card","card_id":"1","text_elements":[{"x":1e309}]}}`,
		`{"type":"op","client_op_id":"a","op":{"kind":"update_deck","title":"\u0000"}}`,
		`{"type":"resync","since":-5}`, `{"type":"resync","since":1e30}`,
		`{"type":"cursor","x":"NaN","y":[1]}`, `{"type":"cursor","card_id":"` + string(make([]byte, 100)) + `"}`,
		`{"type":"ping","extra":{"a":[[[[[[]]]]]]}}`,
	} {
		f.Add(seed)
	}
	e := newEnvWith(f, func(c *Config) { c.LiveOpRate, c.LiveOpBurst = 1e6, 1e6 })
	e.setupAdmin()
	tok := e.member("fuzzer")
	d := e.newDeck(tok, map[string]any{"title": "Fuzz", "cards": []any{map[string]any{"note": "one"}}})
	f.Fuzz(func(t *testing.T, frame string) {
		if len(frame) > liveReadLimit {
			return // closing with 1009 is the protocol; tested in TestLiveErrorsLimitsAndCloses
		}
		e := *e // the env's helpers report to this input's t
		e.t = t
		c, _, err := e.dialLive(tok, d.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer c.ws.Close()
		if h := c.next(); h.Type != "hello" {
			t.Fatalf("first frame %+v", h)
		}
		if err := c.ws.WriteMessage(websocket.TextMessage, []byte(frame)); err != nil {
			t.Fatal(err)
		}
		c.send(map[string]any{"type": "ping"})
		deadline := time.Now().Add(5 * time.Second)
		for {
			f, err := c.read(time.Until(deadline))
			if err != nil {
				t.Fatalf("after %q the connection ended instead of answering a ping: %v", frame, err)
			}
			if f.Type == "pong" {
				break
			}
		}
		if res := e.do(req{method: "GET", path: "/api/v1/decks/" + d.ID, token: tok}); res.status != 200 {
			t.Fatalf("after %q the deck answers %d", frame, res.status)
		}
	})
}
