package web

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/gofiber/contrib/websocket"
	"github.com/gofiber/fiber/v2"

	"github.com/shotdeck/shotdeck/deck"
	"github.com/shotdeck/shotdeck/store"
)

// Live socket settings. The read limit matches deck.MaxOpBytes: a frame
// over it closes the connection with 1009.
const (
	liveReadLimit    = deck.MaxOpBytes
	livePingEvery    = 25 * time.Second
	liveIdleTimeout  = 60 * time.Second // no frame or pong for this long: gone
	liveWriteTimeout = 10 * time.Second
	maxClientOpID    = 64
)

// Locals the upgrade hands to the socket handler (the socket only sees
// string keys).
const (
	liveUserKey = "live.user"
	liveDeckKey = "live.deck"
)

// liveUpgrade checks everything that can be refused with an HTTP status
// before the socket opens: session (401), an allowed Origin (403), a deck
// the caller can see (404).
func (s *Server) liveUpgrade(c *fiber.Ctx) error {
	if !websocket.IsWebSocketUpgrade(c) {
		return &apiError{Status: fiber.StatusUpgradeRequired, Code: "invalid_argument", Message: "this endpoint speaks WebSocket only"}
	}
	u := currentUser(c)
	if u == nil {
		return errUnauthenticated
	}
	if !s.liveOriginAllowed(c) {
		return errCrossOrigin
	}
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if _, err := s.decks.Get(c.UserContext(), actor(c), id); err != nil {
		return err
	}
	c.Locals(liveUserKey, store.UserRef{ID: u.ID, Username: u.Username})
	c.Locals(liveDeckKey, id)
	return c.Next()
}

// liveOriginAllowed: browsers always send Origin on a WebSocket handshake,
// and cookies ride along, so a page on another site must not get in. Tools
// without an Origin authenticate with a token on purpose.
func (s *Server) liveOriginAllowed(c *fiber.Ctx) bool {
	origin := c.Get(fiber.HeaderOrigin)
	if origin == "" || slices.Contains(s.cfg.AllowedOrigins, origin) {
		return true
	}
	u, err := url.Parse(origin)
	return err == nil && u.Host == string(c.Request().Host())
}

// clientFrame is any frame a client sends; type says which fields count.
type clientFrame struct {
	Type        string          `json:"type"`
	ClientOpID  string          `json:"client_op_id"`
	BaseVersion *int64          `json:"base_version"`
	Op          json.RawMessage `json:"op"`
	Since       *int64          `json:"since"`
	CardID      *string         `json:"card_id"`
	X           *float64        `json:"x"`
	Y           *float64        `json:"y"`
}

// liveSession is one open socket.
type liveSession struct {
	s     *Server
	ws    *websocket.Conn
	hc    *deck.Conn
	user  store.UserRef
	deck  int64
	limit *deck.OpLimiter
}

// live runs one socket: join the room, send the hello, then read frames
// until the client leaves or the hub closes the connection. One goroutine
// writes (the hub's queue), this one reads.
func (s *Server) live(ws *websocket.Conn) {
	user, _ := ws.Locals(liveUserKey).(store.UserRef)
	deckID, _ := ws.Locals(liveDeckKey).(int64)
	ls := &liveSession{s: s, ws: ws, user: user, deck: deckID,
		limit: deck.NewOpLimiter(s.cfg.LiveOpRate, s.cfg.LiveOpBurst)}
	s.socketOpened()
	defer s.socketClosed()

	role, err := s.liveRole(deckID, user)
	if err == nil {
		ls.hc, err = s.hub.Join(deckID, user, role)
	}
	if err != nil {
		ls.closeNow(closeCodeFor(err), "the deck is not available")
		return
	}
	defer s.hub.Leave(ls.hc)
	writerDone := make(chan struct{})
	go ls.writer(writerDone)
	if err := ls.hello(); err != nil {
		if !errors.Is(err, store.ErrNotFound) {
			s.log.Warn("live: hello", "deck", deckID, "err", err)
		}
		s.hub.Leave(ls.hc)
		<-writerDone
		ls.closeNow(closeCodeFor(err), "the deck is not available")
		return
	}
	ls.read()
	s.hub.Leave(ls.hc) // ends the writer if the client left first
	<-writerDone
}

// liveRole is the user's role now; the deck may have gone since the upgrade.
func (s *Server) liveRole(deckID int64, user store.UserRef) (deck.Role, error) {
	d, err := s.decks.Get(context.Background(), user, deckID)
	if err != nil {
		return deck.None, err
	}
	return deck.Role(d.Role), nil
}

func closeCodeFor(err error) int {
	if errors.Is(err, store.ErrNotFound) {
		return deck.CloseDeleted
	}
	return deck.CloseGoingAway
}

// hello loads the deck and starts the connection's stream at its version;
// when the room no longer holds the ops since that load, load again.
func (ls *liveSession) hello() error {
	for range 3 {
		d, err := ls.s.decks.Get(context.Background(), ls.user, ls.deck)
		if err != nil {
			return err
		}
		// The role at this version wins over the one read before Join,
		// unless the hub has heard of a newer change since.
		ls.hc.SetRole(deck.Role(d.Role))
		frame, err := json.Marshal(map[string]any{"type": "hello", "version": d.Version, "deck": d,
			"you":      map[string]any{"id": strconv.FormatInt(ls.user.ID, 10), "username": ls.user.Username, "role": d.Role},
			"presence": ls.s.hub.Presence(ls.deck)})
		if err != nil {
			return err
		}
		err = ls.s.hub.Start(ls.hc, d.Version, frame)
		if !errors.Is(err, deck.ErrSnapshotStale) {
			return err
		}
	}
	return deck.ErrSnapshotStale
}

// writer sends the hub's frames, pings on a timer, and finally the close
// frame the hub chose.
func (ls *liveSession) writer(done chan<- struct{}) {
	defer close(done)
	ping := time.NewTicker(livePingEvery)
	defer ping.Stop()
	out := ls.hc.Out()
	for {
		select {
		case f, ok := <-out:
			if !ok {
				code, reason := ls.hc.CloseCode()
				ls.closeNow(code, reason)
				return
			}
			ls.ws.SetWriteDeadline(time.Now().Add(liveWriteTimeout))
			if err := ls.ws.WriteMessage(websocket.TextMessage, f); err != nil {
				ls.s.hub.Leave(ls.hc)
				ls.ws.Close()
				drain(out)
				return
			}
			ls.s.socketFrame(false)
		case <-ping.C:
			if err := ls.ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(liveWriteTimeout)); err != nil {
				ls.s.hub.Leave(ls.hc)
				ls.ws.Close()
				drain(out)
				return
			}
		}
	}
}

func drain(out <-chan []byte) {
	for range out {
	}
}

// closeNow sends a close frame and closes the socket, which also ends the
// reader.
func (ls *liveSession) closeNow(code int, reason string) {
	if code == 0 {
		code = deck.CloseNormal
	}
	msg := websocket.FormatCloseMessage(code, reason)
	ls.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(time.Second))
	ls.ws.Close()
}

// read handles client frames until the socket ends. Bad frames get an
// error frame and the connection stays open; only an oversized frame (the
// library closes with 1009) or a dead peer ends it.
func (ls *liveSession) read() {
	ws := ls.ws
	ws.SetReadLimit(liveReadLimit)
	ws.SetReadDeadline(time.Now().Add(liveIdleTimeout))
	ws.SetPongHandler(func(string) error {
		return ws.SetReadDeadline(time.Now().Add(liveIdleTimeout))
	})
	for {
		mt, data, err := ws.ReadMessage()
		if err != nil {
			return
		}
		ws.SetReadDeadline(time.Now().Add(liveIdleTimeout))
		ls.s.socketFrame(true)
		if mt != websocket.TextMessage {
			ls.fail("invalid_argument", "frames must be text, one JSON object each", "")
			continue
		}
		ls.handle(data)
	}
}

func (ls *liveSession) handle(data []byte) {
	var f clientFrame
	if err := json.Unmarshal(data, &f); err != nil {
		ls.fail("invalid_argument", "the frame is not a JSON object: "+err.Error(), "")
		return
	}
	switch f.Type {
	case "ping":
		ls.send(map[string]any{"type": "pong"})
	case "op":
		ls.op(&f)
	case "resync":
		ls.resync(&f)
	case "cursor":
		ls.cursor(&f)
	default:
		ls.fail("invalid_argument", `type must be "op", "resync", "cursor" or "ping"`, "")
	}
}

func (ls *liveSession) send(v any) {
	b, err := json.Marshal(v)
	if err != nil {
		ls.s.log.Error("live: encode frame", "err", err)
		return
	}
	ls.s.hub.Send(ls.hc, b)
}

func (ls *liveSession) fail(code, message, clientOpID string) {
	f := map[string]any{"type": "error", "code": code, "message": message}
	if clientOpID != "" {
		f["client_op_id"] = clientOpID
	}
	ls.send(f)
}

// op applies one client op through the deck service, like REST, and acks
// it after the op frame of its version.
func (ls *liveSession) op(f *clientFrame) {
	id := f.ClientOpID
	if id == "" || len(id) > maxClientOpID {
		ls.fail("invalid_argument", "client_op_id must be 1 to 64 characters", "")
		return
	}
	if !ls.limit.Allow(time.Now()) {
		ls.fail("rate_limited", "too many ops; slow down and send this one again", id)
		return
	}
	if len(f.Op) == 0 {
		ls.fail("invalid_argument", "op is required", id)
		return
	}
	op, err := deck.ParseOp(f.Op)
	if err != nil {
		ls.fail("invalid_argument", err.Error(), id)
		return
	}
	if !ls.hc.Role().Can(op.RequiredAction()) {
		ls.fail("forbidden", "your role on this deck does not allow this", id)
		return
	}
	res, err := ls.s.decks.Apply(context.Background(), ls.user, ls.deck, []*deck.Op{op}, deck.ApplyOptions{ClientOpID: id})
	if err != nil {
		e := ls.s.classify(err)
		if e.Status >= 500 {
			ls.s.log.Error("live: apply op", "deck", ls.deck, "err", err)
		}
		ls.fail(e.Code, e.Message, id)
		return
	}
	ack := map[string]any{"type": "ack", "client_op_id": id, "version": res.Version}
	if op.Kind == deck.KindAddCard && res.Card != nil {
		ack["card_id"] = res.Card.IDString()
	}
	b, _ := json.Marshal(ack)
	ls.s.hub.SendAfter(ls.hc, res.Version, b)
}

// resync sends the ops after since, or a new hello when the room's memory
// does not reach back that far.
func (ls *liveSession) resync(f *clientFrame) {
	if f.Since == nil || *f.Since < 0 {
		ls.fail("invalid_argument", "resync needs since, the last version seen", "")
		return
	}
	if ls.s.hub.Replay(ls.hc, *f.Since) {
		return
	}
	if err := ls.hello(); err != nil && !errors.Is(err, deck.ErrConnClosed) {
		ls.fail("unavailable", "could not reload the deck; reconnect", "")
	}
}

// cursor relays where the user points; nothing is stored.
func (ls *liveSession) cursor(f *clientFrame) {
	out := map[string]any{"type": "cursor", "user": ls.user}
	if f.CardID != nil {
		if len(*f.CardID) > deck.MaxIDLen {
			ls.fail("invalid_argument", "card_id is too long", "")
			return
		}
		out["card_id"] = *f.CardID
	}
	for k, v := range map[string]*float64{"x": f.X, "y": f.Y} {
		if v == nil {
			continue
		}
		if math.IsNaN(*v) || math.IsInf(*v, 0) || *v < -1 || *v > 2 {
			ls.fail("invalid_argument", k+" must be a fraction of the view", "")
			return
		}
		out[k] = *v
	}
	b, _ := json.Marshal(out)
	ls.s.hub.Relay(ls.hc, b)
}

// Socket measurements for /metrics.
func (s *Server) socketOpened() {
	if s.metrics != nil {
		s.metrics.WebSocketOpened()
	}
}

func (s *Server) socketClosed() {
	if s.metrics != nil {
		s.metrics.WebSocketClosed()
	}
}

func (s *Server) socketFrame(in bool) {
	switch {
	case s.metrics == nil:
	case in:
		s.metrics.WebSocketIn()
	default:
		s.metrics.WebSocketOut()
	}
}
