package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/fasthttp/websocket"
)

// liveTimeout is how long an op may take to reach every client before it
// counts as an error.
const liveTimeout = 5 * time.Second

// liveFrame holds the fields of a server frame that the bench reads.
type liveFrame struct {
	Type       string `json:"type"`
	ClientOpID string `json:"client_op_id"`
	Code       string `json:"code"`
	Message    string `json:"message"`
}

// sighting is a receiver having an op, and when.
type sighting struct {
	id string
	at time.Time
}

// liveRoom is the sender's and the receivers' sockets on the bench deck.
type liveRoom struct {
	sender    *websocket.Conn
	receivers []*websocket.Conn
	seen      chan sighting // ops as receivers read them
	refused   chan liveFrame
	done      chan struct{} // closed when the bench leaves the room
	wg        sync.WaitGroup
}

// runLive measures op → seen by all: one sender changes a card's note,
// one op at a time, and the latency is from just before the op is written
// to the moment the last receiver has read it.
func runLive(ctx context.Context, base string, s *scenario, fx *Fixture, opt Options) (Result, error) {
	var rec recorder
	room, err := joinRoom(ctx, base, fx, opt.LiveClients)
	if err != nil {
		rec.fail(err)
		return rec.result(s, 0, 1), nil
	}
	defer room.close()
	start := time.Now()
	end := start.Add(opt.Duration)
	for k := 0; time.Now().Before(end) && ctx.Err() == nil; k++ {
		sent := time.Now()
		if d, err := room.op(ctx, fx, k); err != nil {
			rec.fail(err)
		} else {
			rec.ok(d, cacheNone, 0)
		}
		if wait := opt.LiveOpInterval - time.Since(sent); wait > 0 {
			time.Sleep(wait)
		}
	}
	elapsed := time.Since(start)
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	return rec.result(s, elapsed, 1), nil
}

// joinRoom connects the sender and n receivers and waits for each one's
// hello, so the measured ops meet a settled room.
func joinRoom(ctx context.Context, base string, fx *Fixture, n int) (*liveRoom, error) {
	r := &liveRoom{seen: make(chan sighting, n*64), refused: make(chan liveFrame, 64), done: make(chan struct{})}
	var err error
	if r.sender, err = dialLive(ctx, base, fx); err != nil {
		return nil, err
	}
	for range n {
		ws, err := dialLive(ctx, base, fx)
		if err != nil {
			r.close()
			return nil, err
		}
		r.receivers = append(r.receivers, ws)
	}
	r.wg.Go(func() { r.readSender() })
	for _, ws := range r.receivers {
		r.wg.Go(func() { r.readReceiver(ws) })
	}
	return r, nil
}

// dialLive opens one socket on the deck and reads its hello.
func dialLive(ctx context.Context, base string, fx *Fixture) (*websocket.Conn, error) {
	u := "ws" + strings.TrimPrefix(strings.TrimRight(base, "/"), "http") + "/api/v1/decks/" + fx.DeckID + "/live"
	d := websocket.Dialer{HandshakeTimeout: 10 * time.Second, ReadBufferSize: 64 << 10, WriteBufferSize: 4 << 10}
	ws, res, err := d.DialContext(ctx, u, http.Header{"Authorization": {"Bearer " + fx.Token}})
	if err != nil {
		if res != nil {
			return nil, fmt.Errorf("bench: live: connect: %s: %w", res.Status, err)
		}
		return nil, fmt.Errorf("bench: live: connect: %w", err)
	}
	ws.SetReadDeadline(time.Now().Add(30 * time.Second))
	_, b, err := ws.ReadMessage()
	var f liveFrame
	if err == nil {
		err = json.Unmarshal(b, &f)
	}
	if err == nil && f.Type != "hello" {
		err = fmt.Errorf("first frame is %q, not hello", f.Type)
	}
	if err != nil {
		ws.Close()
		return nil, fmt.Errorf("bench: live: hello: %w", err)
	}
	ws.SetReadDeadline(time.Time{})
	return ws, nil
}

// readReceiver reports every op frame the receiver reads until its socket
// closes. Presence frames from the room filling up are skipped.
func (r *liveRoom) readReceiver(ws *websocket.Conn) {
	for {
		_, b, err := ws.ReadMessage()
		if err != nil {
			return
		}
		at := time.Now()
		var f liveFrame
		if json.Unmarshal(b, &f) == nil && f.Type == "op" && f.ClientOpID != "" {
			select {
			case r.seen <- sighting{f.ClientOpID, at}:
			case <-r.done:
				return
			}
		}
	}
}

// readSender drains the sender's own frames (its op echoed, acks) and
// passes on refusals, so a refused op fails at once instead of timing out.
func (r *liveRoom) readSender() {
	for {
		_, b, err := r.sender.ReadMessage()
		if err != nil {
			return
		}
		var f liveFrame
		if json.Unmarshal(b, &f) == nil && f.Type == "error" {
			select {
			case r.refused <- f:
			default:
			}
		}
	}
}

// op sends op k and waits until every receiver has it.
func (r *liveRoom) op(ctx context.Context, fx *Fixture, k int) (time.Duration, error) {
	id := "bench-" + strconv.Itoa(k)
	frame := map[string]any{"type": "op", "client_op_id": id, "op": map[string]any{
		"kind": "update_card", "card_id": fx.CardIDs[k%len(fx.CardIDs)], "note": "bench op " + strconv.Itoa(k)}}
	sent := time.Now()
	if err := r.sender.WriteJSON(frame); err != nil {
		return 0, fmt.Errorf("live: send: %w", err)
	}
	timeout := time.NewTimer(liveTimeout)
	defer timeout.Stop()
	var last time.Time
	for got := 0; got < len(r.receivers); {
		select {
		case s := <-r.seen:
			if s.id == id { // a late sighting of an op that timed out is ignored
				got++
				last = s.at
			}
		case f := <-r.refused:
			if f.ClientOpID == id || f.ClientOpID == "" {
				return 0, fmt.Errorf("live: op refused: %s: %s", f.Code, f.Message)
			}
		case <-timeout.C:
			return 0, fmt.Errorf("live: op seen by %d of %d clients after %s", got, len(r.receivers), liveTimeout)
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
	return last.Sub(sent), nil
}

// close says goodbye on every socket and waits for the readers.
func (r *liveRoom) close() {
	close(r.done)
	bye := websocket.FormatCloseMessage(websocket.CloseNormalClosure, "bench done")
	for _, ws := range append([]*websocket.Conn{r.sender}, r.receivers...) {
		if ws != nil {
			_ = ws.WriteControl(websocket.CloseMessage, bye, time.Now().Add(time.Second))
			ws.Close()
		}
	}
	r.wg.Wait()
}
