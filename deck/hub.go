package deck

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shotdeck/shotdeck/store"
)

// Close codes the hub gives connections, besides CloseRemoved (4403) and
// CloseDeleted (4404), which the service passes to Kick and CloseRoom.
const (
	CloseNormal    = 1000 // the endpoint itself left (Leave)
	CloseGoingAway = 1001 // the server is shutting down
	CloseTooSlow   = 1013 // the client could not keep up ("try again later")
)

// Hub defaults; see HubOptions.
const (
	DefaultQueueSize  = 256
	DefaultRetain     = 512
	DefaultGapTimeout = 2 * time.Second
	fillTimeout       = 5 * time.Second
)

var (
	// ErrHubClosed is returned by Join after Shutdown.
	ErrHubClosed = errors.New("deck: live hub is shut down")
	// ErrSnapshotStale is returned by Start when the room no longer keeps
	// the ops between the snapshot and what it has delivered: load the
	// snapshot again and call Start again.
	ErrSnapshotStale = errors.New("deck: snapshot is older than the ops the room keeps; reload it")
	// ErrConnClosed is returned by Start for a connection the hub has closed.
	ErrConnClosed = errors.New("deck: live connection is closed")
)

// HubOptions configure a Hub; zero values take the defaults.
type HubOptions struct {
	// QueueSize is how many frames may wait for one connection's writer.
	// A connection whose queue is full when a frame arrives is closed
	// with CloseTooSlow rather than slowing the room.
	QueueSize int
	// Retain is how many delivered op frames each room keeps, so a client
	// whose snapshot is slightly behind (or that asks to resync) gets the
	// ops it lacks from memory instead of reloading the deck.
	Retain int
	// GapTimeout is how long a missing version may hold back the versions
	// after it before the room asks Fill for it.
	GapTimeout time.Duration
	// Fill loads the op frames of versions from..to (inclusive) from the op
	// log, encoded exactly as Publish would get them; frames[i] is version
	// from+i, and fewer frames than asked means the rest could not be
	// loaded. It runs in its own goroutine, never under a room lock. Nil,
	// an error or a short answer makes the room skip the gap (see Hub).
	Fill func(ctx context.Context, deckID, from, to int64) ([][]byte, error)
	// Logger receives slow-client closes and gap repairs; nil means
	// slog.Default().
	Logger *slog.Logger
}

// HubStats are the hub's counters, for /metrics.
type HubStats struct {
	Rooms       int    // live rooms (decks with at least one connection)
	Conns       int    // open connections
	FramesOut   uint64 // frames queued for writers since start
	CursorDrops uint64 // cursor frames dropped for a busy connection
	SlowCloses  uint64 // connections closed with CloseTooSlow
	GapFills    uint64 // missing versions loaded through Fill
	GapSkips    uint64 // gaps given up on (clients resync)
}

// Hub is the in-memory side of live decks: one room per deck with at least
// one connection, fanning out op, presence and cursor frames. It knows no
// WebSocket types; the endpoint moves bytes between a socket and a Conn.
//
// Op frames reach every connection in strict version order, without gaps
// or duplicates, whatever order Publish is called in: each room keeps the
// next version it expects and holds later ones back until the run is
// complete. A version still missing after GapTimeout (a publisher that died
// between commit and Publish) is loaded through Fill; if that fails the
// room gives up on it, delivers what follows and forgets the frames it
// retained, so clients see the jump, ask to resync, and get a new snapshot.
//
// The endpoint's contract, per socket:
//
//  1. c, err := hub.Join(deckID, user, role) — before loading the deck, so
//     that every op committed after the load is seen by the room.
//  2. Load the deck with cards at version V and the user's role; a role
//     that can no longer see it means Leave and close, otherwise
//     c.SetRole(role). Build the hello with hub.Presence(deckID), read
//     after Join. Membership changes and deletion committed after the
//     load reach c through Hub.SetRole, Kick and CloseRoom.
//  3. hub.Start(c, V, hello) queues the hello, then a presence frame if
//     presence changed after Join, then the ops after V the room already
//     delivered; from then on c gets every op frame after V. On
//     ErrSnapshotStale load again and retry (a few times, then give up).
//  4. One writer goroutine: for f := range c.Out() { write f }; then
//     c.CloseCode() is the close frame to send. Out is closed right after
//     Done; frames already queued stay in it for a shutdown or a deleted
//     deck (drain them first, that is the point), while a too-slow or
//     removed client's queue is emptied so the close frame goes at once.
//  5. The reader checks c.Role().Can(...) per op (roles change live),
//     answers ping and errors with Send, acks an op stored at version v
//     with SendAfter(c, v, ack) so the ack never overtakes the op frame,
//     relays cursors with Relay, and answers resync with Replay, falling
//     back to a new snapshot and Start(c, V2, hello2) when Replay says no.
//  6. defer hub.Leave(c) when the socket ends for any reason.
type Hub struct {
	opt    HubOptions
	log    *slog.Logger
	ctx    context.Context // cancelled by Shutdown, for Fill
	cancel context.CancelFunc

	mu     sync.RWMutex
	rooms  map[int64]*room
	closed bool

	conns       atomic.Int64
	framesOut   atomic.Uint64
	cursorDrops atomic.Uint64
	slowCloses  atomic.Uint64
	gapFills    atomic.Uint64
	gapSkips    atomic.Uint64
}

// NewHub returns an empty hub.
func NewHub(opt HubOptions) *Hub {
	if opt.QueueSize <= 0 {
		opt.QueueSize = DefaultQueueSize
	}
	if opt.Retain <= 0 {
		opt.Retain = DefaultRetain
	}
	if opt.GapTimeout <= 0 {
		opt.GapTimeout = DefaultGapTimeout
	}
	log := opt.Logger
	if log == nil {
		log = slog.Default()
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Hub{opt: opt, log: log, ctx: ctx, cancel: cancel, rooms: map[int64]*room{}}
}

// Conn is one live connection as the hub sees it: a bounded queue of
// encoded frames for the endpoint's writer, and who is on the other end.
type Conn struct {
	room *room
	user store.UserRef
	out  chan []byte
	done chan struct{}

	mu        sync.Mutex // role and close code, read by the endpoint
	role      Role
	roleByHub bool // Hub.SetRole has set role
	code      int
	reason    string

	// Guarded by room.mu.
	closed        bool
	started       bool  // Start was called: op, presence and cursor frames flow
	sent          int64 // the client has every op up to here (snapshot or queued)
	presenceStale bool  // presence changed before Start
}

// Out is the connection's frames, in order, each one JSON object, shared
// with the other connections (never modify one). It is closed after Done,
// once the hub has closed the connection.
func (c *Conn) Out() <-chan []byte { return c.out }

// Done is closed when the hub closes the connection (or Leave is called).
func (c *Conn) Done() <-chan struct{} { return c.done }

// CloseCode is the WebSocket close code and reason to send once Done is
// closed; zero before.
func (c *Conn) CloseCode() (code int, reason string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.code, c.reason
}

// User is who joined.
func (c *Conn) User() store.UserRef { return c.user }

// DeckID is the deck whose room the connection is in.
func (c *Conn) DeckID() int64 { return c.room.id }

// Role is the user's current role on the deck; Hub.SetRole changes it
// while the connection is open, so check it per op.
func (c *Conn) Role() Role {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.role
}

// SetRole corrects the role Join was given with the one the endpoint read
// along with its snapshot (the user's role may have changed between the
// upgrade's check and the Join). It is ignored once Hub.SetRole has reached
// this connection: a change committed after the endpoint's load arrives
// that way and must not be undone by the older snapshot.
func (c *Conn) SetRole(r Role) {
	c.mu.Lock()
	if !c.roleByHub {
		c.role = r
	}
	c.mu.Unlock()
}

// setRoleByHub applies a role change the service committed.
func (c *Conn) setRoleByHub(r Role) {
	c.mu.Lock()
	c.role, c.roleByHub = r, true
	c.mu.Unlock()
}

// room is one deck's connections and op stream. Everything in it is
// guarded by mu; nothing is sent on a channel that could block while mu is
// held (queues are written with non-blocking sends).
type room struct {
	hub *Hub
	id  int64
	mu  sync.Mutex

	conns         []*Conn // in join order, which is presence order
	changed       bool    // a connection joined or closed since the last settle
	removed       bool    // out of hub.rooms: Publish and timers ignore it
	presence      []store.UserRef
	presenceFrame []byte

	next    int64            // next op version to deliver; 0 until the first Start
	pending map[int64][]byte // versions at or after next, waiting for their turn
	after   map[int64][]queued
	ring    [][]byte // delivered frames, version v at v % len(ring)
	ringLen int      // versions next-ringLen .. next-1 are in ring

	// The gap timer runs while gapArmed, for version gapAt, missing since
	// gapSince; filling while Fill runs, so there is only one at a time.
	gapTimer *time.Timer
	gapArmed bool
	gapAt    int64
	gapSince time.Time
	filling  bool
}

// queued is a frame for one connection, held until a version is delivered.
type queued struct {
	c     *Conn
	frame []byte
}

// do runs fn under the room lock, then settles presence and removes the
// room from the hub if fn left it empty.
func (r *room) do(fn func()) {
	r.mu.Lock()
	fn()
	r.settle()
	empty := len(r.conns) == 0 && !r.removed
	r.mu.Unlock()
	if empty {
		r.hub.dropRoom(r)
	}
}

// lookup returns the live room of a deck, or nil.
func (h *Hub) lookup(deckID int64) *room {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return h.rooms[deckID]
}

// dropRoom forgets a room that has no connections left. It rechecks under
// both locks (hub first, as in Join) because a Join may have come in.
func (h *Hub) dropRoom(r *room) {
	h.mu.Lock()
	defer h.mu.Unlock()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.conns) == 0 && !r.removed && h.rooms[r.id] == r {
		delete(h.rooms, r.id)
		r.remove()
	}
}

// remove marks the room dead and stops its timer.
func (r *room) remove() {
	r.removed = true
	if r.gapTimer != nil {
		r.gapTimer.Stop()
	}
}

// Join registers a connection of user, with role, in the deck's room and
// tells the room who is there now. The connection gets no op, presence or
// cursor frames until Start; load the deck only after Join returns.
func (h *Hub) Join(deckID int64, user store.UserRef, role Role) (*Conn, error) {
	if !Visible(role) {
		return nil, ErrForbidden
	}
	c := &Conn{user: user, role: role, out: make(chan []byte, h.opt.QueueSize), done: make(chan struct{})}
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return nil, ErrHubClosed
	}
	r := h.rooms[deckID]
	if r == nil {
		r = &room{hub: h, id: deckID, pending: map[int64][]byte{}, after: map[int64][]queued{}}
		h.rooms[deckID] = r
	}
	// Taking the room lock before letting go of the hub's keeps dropRoom
	// from removing the room between the two.
	r.mu.Lock()
	h.mu.Unlock()
	c.room = r
	r.conns = append(r.conns, c)
	r.changed = true
	h.conns.Add(1)
	r.settle()
	c.presenceStale = false // the hello's presence is read after Join
	r.mu.Unlock()
	return c, nil
}

// Start makes c live from the deck snapshot at version: it queues hello
// (nil for none), then presence if it changed since Join, then the
// delivered ops after version, and from then on every op frame after
// version. Called again on a live connection (a resync answered with a new
// snapshot) it restarts the stream from the new version in the same way.
func (h *Hub) Start(c *Conn, version int64, hello []byte) error {
	var err error
	c.room.do(func() { err = c.room.start(c, version, hello) })
	return err
}

func (r *room) start(c *Conn, v int64, hello []byte) error {
	if c.closed || r.removed {
		return ErrConnClosed
	}
	if r.next == 0 {
		r.begin(v)
	}
	delivered := r.next - 1
	if v < delivered && !r.covers(v+1) {
		return ErrSnapshotStale
	}
	if hello != nil && !r.enqueue(c, hello) {
		return ErrConnClosed
	}
	if c.presenceStale {
		c.presenceStale = false
		if !r.enqueue(c, r.presenceFrame) {
			return ErrConnClosed
		}
	}
	c.started, c.sent = true, v
	for w := v + 1; w <= delivered; w++ {
		if !r.enqueue(c, r.at(w)) {
			return ErrConnClosed
		}
		c.sent = w
	}
	r.deliver() // the first Start may have made pending versions due
	return nil
}

// begin fixes the room's first expected version from the first snapshot.
// Ops published before it that end at that version go into the ring, so a
// second joiner with a slightly older snapshot need not reload.
func (r *room) begin(v int64) {
	r.next = v + 1
	lo := v
	for lo > 0 && r.pending[lo] != nil {
		lo--
	}
	for w := lo + 1; w <= v; w++ {
		r.retain(w, r.pending[w])
	}
	for w := range r.pending {
		if w <= v {
			delete(r.pending, w)
		}
	}
	r.flushAfter(v)
}

// Leave unregisters c; calling it again, or after the hub closed c, does
// nothing. The last connection out removes the room.
func (h *Hub) Leave(c *Conn) {
	c.room.do(func() { c.room.closeConn(c, CloseNormal, "", false) })
}

// Presence is who is in the deck's room, each user once, in join order.
func (h *Hub) Presence(deckID int64) []store.UserRef {
	r := h.lookup(deckID)
	if r == nil {
		return []store.UserRef{}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.presence)
}

// Publish hands the room the frame of the op that brought the deck to
// version, after its commit. Calls may come from several goroutines and in
// any order; versions already delivered are ignored. A deck nobody is
// connected to has no room, and the frame is dropped: a later joiner loads
// a snapshot that includes it.
func (h *Hub) Publish(deckID, version int64, frame []byte) {
	r := h.lookup(deckID)
	if r == nil || version <= 0 {
		return
	}
	r.do(func() {
		r.accept(version, frame)
		r.deliver()
	})
}

// Send queues a frame for c alone (pong, error, resync answer).
func (h *Hub) Send(c *Conn, frame []byte) {
	c.room.do(func() {
		if !c.closed {
			c.room.enqueue(c, frame)
		}
	})
}

// SendAfter queues a frame for c once op version has been queued for it
// (at once if it already has). The ack of an op goes through it, because
// Publish may hold the op back behind an earlier version still on its way.
func (h *Hub) SendAfter(c *Conn, version int64, frame []byte) {
	r := c.room
	r.do(func() {
		if c.closed {
			return
		}
		if (r.next != 0 && version < r.next) || (c.started && version <= c.sent) {
			r.enqueue(c, frame)
			return
		}
		r.after[version] = append(r.after[version], queued{c, frame})
	})
}

// Relay sends a cursor frame to every other live connection in the room.
// Cursors are ephemeral, so a connection whose queue is half full gets
// none rather than being pushed towards CloseTooSlow by them.
func (h *Hub) Relay(c *Conn, frame []byte) {
	r := c.room
	r.do(func() {
		if c.closed {
			return
		}
		for _, o := range r.conns {
			if o == c || o.closed || !o.started {
				continue
			}
			if len(o.out) >= cap(o.out)/2 {
				h.cursorDrops.Add(1)
				continue
			}
			r.enqueue(o, frame)
		}
	})
}

// Announce sends an ephemeral frame (export progress, say) to everyone in
// the deck's room, if it has one. Like cursors, it is dropped for a
// connection whose queue is half full rather than closing it.
func (h *Hub) Announce(deckID int64, frame []byte) {
	r := h.lookup(deckID)
	if r == nil {
		return
	}
	r.do(func() {
		for _, o := range r.conns {
			if o.closed || !o.started {
				continue
			}
			if len(o.out) >= cap(o.out)/2 {
				h.cursorDrops.Add(1)
				continue
			}
			r.enqueue(o, frame)
		}
	})
}

// Replay queues again the ops after since that c already has, for a
// client's resync, so that with the live stream it has every op after
// since exactly once from here on. False means the room no longer keeps
// them: answer with a new snapshot and Start.
func (h *Hub) Replay(c *Conn, since int64) bool {
	r := c.room
	ok := false
	r.do(func() {
		if c.closed || !c.started {
			return
		}
		if since >= c.sent {
			ok = true
			return
		}
		if c.sent > r.next-1 || !r.covers(since+1) {
			return
		}
		for v := since + 1; v <= c.sent; v++ {
			if !r.enqueue(c, r.at(v)) {
				return
			}
		}
		ok = true
	})
	return ok
}

// Kick closes every connection of a user in a deck's room, discarding what
// they had queued (CloseRemoved when a member is removed).
func (h *Hub) Kick(deckID, userID int64, code int, reason string) {
	h.eachConn(deckID, func(r *room, c *Conn) {
		if c.user.ID == userID {
			r.closeConn(c, code, reason, true)
		}
	})
}

// SetRole gives a user's live connections to a deck a new role at once.
// A role that cannot see the deck closes them with CloseRemoved.
func (h *Hub) SetRole(deckID, userID int64, role Role) {
	h.eachConn(deckID, func(r *room, c *Conn) {
		switch {
		case c.user.ID != userID:
		case !Visible(role):
			r.closeConn(c, CloseRemoved, "removed from deck", true)
		default:
			c.setRoleByHub(role)
		}
	})
}

// CloseRoom closes every connection to a deck (CloseDeleted when it is
// deleted) after the frames already queued for them.
func (h *Hub) CloseRoom(deckID int64, code int, reason string) {
	h.eachConn(deckID, func(r *room, c *Conn) { r.closeConn(c, code, reason, false) })
}

// eachConn runs fn on every open connection of a deck's room.
func (h *Hub) eachConn(deckID int64, fn func(*room, *Conn)) {
	r := h.lookup(deckID)
	if r == nil {
		return
	}
	r.do(func() {
		for _, c := range r.conns {
			if !c.closed {
				fn(r, c)
			}
		}
	})
}

// Shutdown closes every connection with CloseGoingAway after the frames
// already queued for it, and refuses new ones. Call it after the HTTP
// server stops accepting, then wait for the endpoint's writers to drain.
func (h *Hub) Shutdown() {
	h.mu.Lock()
	h.closed = true
	rooms := h.rooms
	h.rooms = map[int64]*room{}
	h.mu.Unlock()
	h.cancel()
	for _, r := range rooms {
		r.mu.Lock()
		for _, c := range r.conns {
			r.closeConn(c, CloseGoingAway, "server shutting down", false)
		}
		r.conns = nil
		r.remove()
		r.mu.Unlock()
	}
}

// Stats reads the hub's counters.
func (h *Hub) Stats() HubStats {
	h.mu.RLock()
	rooms := len(h.rooms)
	h.mu.RUnlock()
	return HubStats{
		Rooms:       rooms,
		Conns:       int(h.conns.Load()),
		FramesOut:   h.framesOut.Load(),
		CursorDrops: h.cursorDrops.Load(),
		SlowCloses:  h.slowCloses.Load(),
		GapFills:    h.gapFills.Load(),
		GapSkips:    h.gapSkips.Load(),
	}
}

// enqueue puts a frame on c's queue without blocking. A full queue means
// the client cannot keep up: c is closed with CloseTooSlow and the room
// goes on. It reports whether the frame was queued.
func (r *room) enqueue(c *Conn, f []byte) bool {
	select {
	case c.out <- f:
		r.hub.framesOut.Add(1)
		return true
	default:
	}
	r.hub.slowCloses.Add(1)
	r.hub.log.Warn("live: closing a connection that cannot keep up",
		"deck", r.id, "user", c.user.ID, "queue", cap(c.out))
	r.closeConn(c, CloseTooSlow, "too slow", true)
	return false
}

// closeConn closes c with a code. With discard, what was queued is thrown
// away so the endpoint can send the close frame at once. The room's slice
// is cleaned up by settle, so callers may be iterating over it.
func (r *room) closeConn(c *Conn, code int, reason string, discard bool) {
	if c.closed {
		return
	}
	c.closed = true
	r.changed = true
	c.mu.Lock()
	c.code, c.reason = code, reason
	c.mu.Unlock()
	for discard && len(c.out) > 0 {
		select {
		case <-c.out:
		default: // the writer took the last one
		}
	}
	close(c.done)
	close(c.out)
	r.hub.conns.Add(-1)
}

// settle drops closed connections and, if that or a join changed who is
// in the room, tells the room. Telling it can close more slow connections,
// hence the loop; each turn after the first has removed one.
func (r *room) settle() {
	for r.changed {
		r.changed = false
		r.conns = slices.DeleteFunc(r.conns, func(c *Conn) bool { return c.closed })
		users := r.users()
		if slices.Equal(users, r.presence) {
			continue
		}
		r.presence = users
		r.presenceFrame, _ = json.Marshal(presenceFrame{Type: "presence", Users: users})
		for _, c := range r.conns {
			switch {
			case c.closed:
			case !c.started:
				c.presenceStale = true
			default:
				r.enqueue(c, r.presenceFrame)
			}
		}
	}
}

// presenceFrame is the frame that says who is in the room.
type presenceFrame struct {
	Type  string          `json:"type"`
	Users []store.UserRef `json:"users"`
}

// users lists the room's users once each (several tabs are one user), in
// the order of their earliest open connection.
func (r *room) users() []store.UserRef {
	users := make([]store.UserRef, 0, len(r.conns))
next:
	for _, c := range r.conns {
		for _, u := range users {
			if u.ID == c.user.ID {
				continue next
			}
		}
		users = append(users, c.user)
	}
	return users
}

// accept files a published frame unless it is a version already delivered
// or already waiting. It reports whether it was new.
func (r *room) accept(v int64, f []byte) bool {
	if r.removed || len(f) == 0 || (r.next != 0 && v < r.next) {
		return false
	}
	if _, dup := r.pending[v]; dup {
		return false
	}
	r.pending[v] = f
	if len(r.pending) > 4*r.hub.opt.Retain { // a gap that outlived far too many ops
		if r.next == 0 {
			delete(r.pending, r.lowestPending())
		} else {
			r.skipGap("too many versions waiting")
		}
	}
	return true
}

// deliver sends every waiting version that is next in line to the live
// connections, keeps it for late joiners and releases the frames that were
// waiting for it (acks).
func (r *room) deliver() {
	for r.next != 0 {
		f, ok := r.pending[r.next]
		if !ok {
			break
		}
		delete(r.pending, r.next)
		r.fanout(r.next, f)
		r.retain(r.next, f)
		r.flushAfter(r.next)
		r.next++
	}
	r.armGap()
}

// fanout queues op v for each live connection that does not have it. A
// connection's sent is v-1 or, when its snapshot was ahead, at least v.
func (r *room) fanout(v int64, f []byte) {
	for _, c := range r.conns {
		if c.closed || !c.started || c.sent >= v {
			continue
		}
		if r.enqueue(c, f) {
			c.sent = v
		}
	}
}

// retain keeps delivered version v, which must be next-1 once delivered.
func (r *room) retain(v int64, f []byte) {
	if r.ring == nil {
		r.ring = make([][]byte, r.hub.opt.Retain)
	}
	r.ring[v%int64(len(r.ring))] = f
	r.ringLen = min(r.ringLen+1, len(r.ring))
}

// covers reports whether every delivered version from v on is retained.
func (r *room) covers(v int64) bool {
	return r.ringLen > 0 && v >= r.next-int64(r.ringLen)
}

// at is retained version v; callers check covers first.
func (r *room) at(v int64) []byte { return r.ring[v%int64(len(r.ring))] }

// flushAfter queues, in version order, the frames that were waiting for
// versions up to v.
func (r *room) flushAfter(v int64) {
	if len(r.after) == 0 {
		return
	}
	var due []int64
	for w := range r.after {
		if w <= v {
			due = append(due, w)
		}
	}
	slices.Sort(due)
	for _, w := range due {
		for _, q := range r.after[w] {
			if !q.c.closed {
				r.enqueue(q.c, q.frame)
			}
		}
		delete(r.after, w)
	}
}

// lowestPending is the smallest waiting version; pending is not empty.
func (r *room) lowestPending() int64 {
	low := int64(-1)
	for v := range r.pending {
		if low < 0 || v < low {
			low = v
		}
	}
	return low
}

// armGap starts the gap timer when versions wait behind a missing one, and
// stops it when none do. Out-of-order publishers make short gaps all the
// time, and under a steady stream one closes as the next opens: the clock
// restarts whenever the missing version changes, so only one version
// missing for GapTimeout is looked into.
func (r *room) armGap() {
	if len(r.pending) == 0 || r.next == 0 {
		if r.gapArmed {
			r.gapTimer.Stop()
			r.gapArmed = false
		}
		return
	}
	if r.filling || r.removed || (r.gapArmed && r.gapAt == r.next) {
		return
	}
	r.gapArmed, r.gapAt, r.gapSince = true, r.next, time.Now()
	if r.gapTimer == nil {
		r.gapTimer = time.AfterFunc(r.hub.opt.GapTimeout, r.onGap)
	} else {
		r.gapTimer.Reset(r.hub.opt.GapTimeout)
	}
}

// onGap repairs a gap that lasted: it loads the missing versions through
// Fill, outside the lock, and gives up on what Fill could not provide.
func (r *room) onGap() {
	r.mu.Lock()
	// A fire meant for an earlier gap (the timer was reset or stopped while
	// this call waited for the lock) leaves the work to the current timer.
	if !r.gapArmed || r.removed || r.filling || time.Since(r.gapSince) < r.hub.opt.GapTimeout {
		r.mu.Unlock()
		return
	}
	r.gapArmed = false
	from, to := r.next, r.lowestPending()-1
	r.filling = true
	r.mu.Unlock()

	frames, err := r.hub.fill(r.id, from, to)
	if err != nil {
		r.hub.log.Warn("live: loading missing op versions", "deck", r.id, "from", from, "to", to, "err", err)
	}
	r.do(func() {
		r.filling = false
		for i, f := range frames {
			if v := from + int64(i); v <= to && r.accept(v, f) {
				r.hub.gapFills.Add(1)
			}
		}
		r.deliver()
		if !r.removed && r.next >= from && r.next <= to {
			r.skipGap("not in the op log")
		}
	})
}

// fill asks HubOptions.Fill for versions from..to.
func (h *Hub) fill(deckID, from, to int64) ([][]byte, error) {
	if h.opt.Fill == nil {
		return nil, errors.New("no Fill configured")
	}
	ctx, cancel := context.WithTimeout(h.ctx, fillTimeout)
	defer cancel()
	return h.opt.Fill(ctx, deckID, from, to)
}

// skipGap gives up on the versions missing before the lowest waiting one
// and delivers from there. Clients see the jump and resync; the ring is
// emptied so that resyncs and joins from before the gap get a snapshot
// instead of a stream with a hole in it.
func (r *room) skipGap(why string) {
	low := r.lowestPending()
	r.hub.gapSkips.Add(1)
	r.hub.log.Error("live: giving up on missing op versions; clients will resync",
		"deck", r.id, "from", r.next, "to", low-1, "why", why)
	r.flushAfter(low - 1)
	r.ringLen = 0
	r.next = low
	r.deliver()
}
