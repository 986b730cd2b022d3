package deck

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shotdeck/shotdeck/store"
)

// The deck service talks to the hub through Rooms.
var _ Rooms = (*Hub)(nil)

// deadline bounds every wait; nothing in these tests waits for it to pass.
const deadline = 5 * time.Second

const deckA = 7

func user(id int64) store.UserRef { return store.UserRef{ID: id, Username: fmt.Sprintf("u%d", id)} }

func opFrame(v int64) []byte { return fmt.Appendf(nil, `{"type":"op","version":%d}`, v) }

var (
	hello  = []byte(`{"type":"hello"}`)
	marker = []byte(`{"type":"marker"}`)
	cursor = []byte(`{"type":"cursor"}`)
)

func ack(v int64) []byte { return fmt.Appendf(nil, `{"type":"ack","version":%d}`, v) }

// describe turns a frame into a short string for comparisons:
// "op 3", "ack 3", "presence 1,2", "hello", "marker", "cursor".
func describe(t testing.TB, b []byte) string {
	t.Helper()
	var f struct {
		Type    string          `json:"type"`
		Version int64           `json:"version"`
		Users   []store.UserRef `json:"users"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatalf("frame %q: %v", b, err)
	}
	switch f.Type {
	case "op", "ack":
		return fmt.Sprintf("%s %d", f.Type, f.Version)
	case "presence":
		ids := make([]string, len(f.Users))
		for i, u := range f.Users {
			ids[i] = fmt.Sprint(u.ID)
		}
		return "presence " + strings.Join(ids, ",")
	}
	return f.Type
}

// expect reads the next frames of c and compares them with want.
func expect(t *testing.T, c *Conn, want ...string) {
	t.Helper()
	for i, w := range want {
		select {
		case b, ok := <-c.Out():
			if !ok {
				t.Fatalf("frame %d: connection closed, want %q", i, w)
			}
			if got := describe(t, b); got != w {
				t.Fatalf("frame %d = %q, want %q (all: %q)", i, got, w, want)
			}
		case <-time.After(deadline):
			t.Fatalf("frame %d: nothing within %v, want %q", i, deadline, w)
		}
	}
}

// expectNothingQueued proves that no frame is waiting for c: a marker sent
// now must be the next frame out.
func expectNothingQueued(t *testing.T, h *Hub, c *Conn) {
	t.Helper()
	h.Send(c, marker)
	expect(t, c, "marker")
}

// closedWith waits for the hub to close c and returns what was left in its
// queue.
func closedWith(t *testing.T, c *Conn, code int) []string {
	t.Helper()
	select {
	case <-c.Done():
	case <-time.After(deadline):
		t.Fatalf("connection of user %d not closed", c.User().ID)
	}
	if got, reason := c.CloseCode(); got != code {
		t.Fatalf("close code %d (%q), want %d", got, reason, code)
	}
	var left []string
	for b := range c.Out() { // closed after Done, so this ends
		left = append(left, describe(t, b))
	}
	return left
}

func join(t *testing.T, h *Hub, u store.UserRef, role Role) *Conn {
	t.Helper()
	c, err := h.Join(deckA, u, role)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// live joins and starts a connection at version v with no hello frame.
func live(t *testing.T, h *Hub, u store.UserRef, v int64) *Conn {
	t.Helper()
	c := join(t, h, u, Editor)
	if err := h.Start(c, v, nil); err != nil {
		t.Fatal(err)
	}
	return c
}

func publish(h *Hub, versions ...int64) {
	for _, v := range versions {
		h.Publish(deckA, v, opFrame(v))
	}
}

func TestHubOrderUnderConcurrentPublish(t *testing.T) {
	const n, publishers = 2000, 8
	// Queues hold the whole run, so only order is under test here; the gap
	// timeout is long so that no repair can mask a delivery bug.
	h := NewHub(HubOptions{QueueSize: n + 64, GapTimeout: time.Minute})
	conns := []*Conn{live(t, h, user(1), 0), live(t, h, user(1), 0), live(t, h, user(2), 0), live(t, h, user(3), 0)}

	// Commits come in order; Publish calls race each other, so versions
	// near each other arrive in any order.
	versions := make(chan int64, n)
	for base := int64(1); base <= n; base += 16 {
		block := make([]int64, 16)
		for i := range block {
			block[i] = base + int64(i)
		}
		rand.Shuffle(len(block), func(i, j int) { block[i], block[j] = block[j], block[i] })
		for _, v := range block {
			versions <- v
		}
	}
	close(versions)

	errs := make(chan error, len(conns))
	for _, c := range conns {
		go func() { errs <- readOps(c, n) }()
	}
	var wg sync.WaitGroup
	for range publishers {
		wg.Go(func() {
			for v := range versions {
				publish(h, v)
			}
		})
	}
	wg.Wait()
	for range conns {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if s := h.Stats(); s.GapSkips != 0 || s.SlowCloses != 0 {
		t.Fatalf("stats %+v", s)
	}
}

// readOps reads op frames until version n, checking each is the one after
// the last. Presence frames from the other joins are skipped.
func readOps(c *Conn, n int64) error {
	timeout := time.After(deadline)
	var last int64
	for last < n {
		select {
		case b, ok := <-c.Out():
			if !ok {
				return errors.New("closed")
			}
			var f struct {
				Type    string
				Version int64
			}
			if err := json.Unmarshal(b, &f); err != nil {
				return err
			}
			if f.Type != "op" {
				continue
			}
			if f.Version != last+1 {
				return fmt.Errorf("user %d: got version %d after %d", c.User().ID, f.Version, last)
			}
			last = f.Version
		case <-timeout:
			return fmt.Errorf("user %d: stuck at version %d", c.User().ID, last)
		}
	}
	return nil
}

func TestHubSlowConnectionIsClosed(t *testing.T) {
	h := NewHub(HubOptions{QueueSize: 4})
	slow := live(t, h, user(1), 0) // nobody reads it
	fast := live(t, h, user(2), 0) // slow is told: one frame queued
	for v := int64(1); v <= 10; v++ {
		publish(h, v)
		if v == 4 { // presence and ops 1..3 filled slow's queue
			if left := closedWith(t, slow, CloseTooSlow); len(left) != 0 {
				t.Fatalf("a too-slow connection keeps %q queued", left)
			}
			expect(t, fast, "op 4", "presence 2")
			continue
		}
		expect(t, fast, fmt.Sprint("op ", v))
	}
	if s := h.Stats(); s.SlowCloses != 1 || s.Conns != 1 || s.Rooms != 1 {
		t.Fatalf("stats %+v", s)
	}
	h.Leave(slow) // the endpoint still calls it; nothing happens
	expectNothingQueued(t, h, fast)
}

func TestHubStartAfterOps(t *testing.T) {
	h := NewHub(HubOptions{})
	first := live(t, h, user(1), 0)
	publish(h, 1, 2, 3, 4, 5)
	expect(t, first, "op 1", "op 2", "op 3", "op 4", "op 5")

	// A snapshot at 3: the ops 4 and 5 come from the room's memory.
	late := join(t, h, user(2), Viewer)
	if err := h.Start(late, 3, hello); err != nil {
		t.Fatal(err)
	}
	expect(t, late, "hello", "op 4", "op 5")
	// A snapshot at 7, ahead of what the room has delivered: 6 and 7 are
	// in it already.
	ahead := join(t, h, user(3), Viewer)
	if err := h.Start(ahead, 7, hello); err != nil {
		t.Fatal(err)
	}
	expect(t, ahead, "hello")
	publish(h, 7, 6, 8)
	expect(t, first, "presence 1,2", "presence 1,2,3", "op 6", "op 7", "op 8")
	expect(t, late, "presence 1,2,3", "op 6", "op 7", "op 8")
	expect(t, ahead, "op 8")
	for _, c := range []*Conn{first, late, ahead} {
		expectNothingQueued(t, h, c)
	}
}

func TestHubStartStaleSnapshot(t *testing.T) {
	h := NewHub(HubOptions{Retain: 4})
	live(t, h, user(1), 0)
	publish(h, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
	c := join(t, h, user(2), Viewer)
	if err := h.Start(c, 5, hello); !errors.Is(err, ErrSnapshotStale) {
		t.Fatalf("Start at 5 with 7..10 retained: %v", err)
	}
	if err := h.Start(c, 6, hello); err != nil { // the endpoint reloaded
		t.Fatal(err)
	}
	expect(t, c, "hello", "op 7", "op 8", "op 9", "op 10")
	expectNothingQueued(t, h, c)
}

// The endpoint joins, then loads the deck: ops committed after the load are
// published after the join, so the room has them even though it was
// created by this very join.
func TestHubJoinBeforeSnapshot(t *testing.T) {
	h := NewHub(HubOptions{})
	a := join(t, h, user(1), Editor)
	b := join(t, h, user(2), Editor)
	publish(h, 5, 3, 4) // 3 committed before both loads, 4 and 5 after
	if err := h.Start(a, 3, hello); err != nil {
		t.Fatal(err)
	}
	// a joined before b, so its hello may have missed b: presence follows.
	expect(t, a, "hello", "presence 1,2", "op 4", "op 5")
	if err := h.Start(b, 2, hello); err != nil { // b loaded before 3 committed
		t.Fatal(err)
	}
	expect(t, b, "hello", "op 3", "op 4", "op 5")
	expectNothingQueued(t, h, b)
	publish(h, 6)
	expect(t, a, "op 6")
	expect(t, b, "op 6")
}

func TestHubPresence(t *testing.T) {
	h := NewHub(HubOptions{})
	watcher := live(t, h, user(3), 0)
	tab1 := join(t, h, user(1), Editor)
	expect(t, watcher, "presence 3,1")
	tab2 := join(t, h, user(1), Editor) // same user, second tab
	expectNothingQueued(t, h, watcher)
	other := join(t, h, user(2), Viewer)
	expect(t, watcher, "presence 3,1,2")
	if got := h.Presence(deckA); !slices.Equal(got, []store.UserRef{user(3), user(1), user(2)}) {
		t.Fatalf("Presence = %v", got)
	}

	h.Leave(tab1)
	expectNothingQueued(t, h, watcher) // user 1 is still there in tab2
	h.Leave(tab2)
	h.Leave(tab2)
	expect(t, watcher, "presence 3,2")
	if left := closedWith(t, tab1, CloseNormal); len(left) != 0 {
		t.Fatalf("tab1 left %q", left)
	}

	// other's hello was built before user 1 left: Start follows it with the
	// presence it missed.
	if err := h.Start(other, 0, hello); err != nil {
		t.Fatal(err)
	}
	expect(t, other, "hello", "presence 3,2")

	h.Leave(watcher)
	h.Leave(other)
	if s := h.Stats(); s.Rooms != 0 || s.Conns != 0 {
		t.Fatalf("stats after everyone left: %+v", s)
	}
	if got := h.Presence(deckA); len(got) != 0 {
		t.Fatalf("Presence of an empty room = %v", got)
	}
}

func TestHubKick(t *testing.T) {
	h := NewHub(HubOptions{})
	tab1 := live(t, h, user(1), 0)
	tab2 := live(t, h, user(1), 0)
	other := live(t, h, user(2), 0)
	publish(h, 1)
	h.Kick(deckA, 1, CloseRemoved, "removed from deck")
	for _, c := range []*Conn{tab1, tab2} {
		if left := closedWith(t, c, CloseRemoved); len(left) != 0 {
			t.Fatalf("a removed member still gets %q", left)
		}
	}
	expect(t, other, "op 1", "presence 2")
	publish(h, 2)
	expect(t, other, "op 2")
	h.Kick(deckA+1, 2, CloseRemoved, "") // another deck: nothing happens
	expectNothingQueued(t, h, other)
}

func TestHubCloseRoom(t *testing.T) {
	h := NewHub(HubOptions{})
	a := live(t, h, user(1), 0)
	b := live(t, h, user(2), 0)
	publish(h, 1)
	h.CloseRoom(deckA, CloseDeleted, "deck deleted")
	if left := closedWith(t, a, CloseDeleted); !slices.Equal(left, []string{"presence 1,2", "op 1"}) {
		t.Fatalf("a drained %q", left)
	}
	if left := closedWith(t, b, CloseDeleted); !slices.Equal(left, []string{"op 1"}) {
		t.Fatalf("b drained %q", left)
	}
	if s := h.Stats(); s.Rooms != 0 || s.Conns != 0 {
		t.Fatalf("stats %+v", s)
	}
	publish(h, 2) // no room: dropped
	c := live(t, h, user(1), 5)
	publish(h, 6)
	expect(t, c, "op 6")
}

func TestHubShutdown(t *testing.T) {
	h := NewHub(HubOptions{})
	a := live(t, h, user(1), 0)
	b, err := h.Join(deckA+1, user(2), Viewer)
	if err != nil {
		t.Fatal(err)
	}
	publish(h, 1, 2)
	h.Shutdown()
	if left := closedWith(t, a, CloseGoingAway); !slices.Equal(left, []string{"op 1", "op 2"}) {
		t.Fatalf("a drained %q", left)
	}
	closedWith(t, b, CloseGoingAway)
	if _, err := h.Join(deckA, user(1), Editor); !errors.Is(err, ErrHubClosed) {
		t.Fatalf("Join after Shutdown: %v", err)
	}
	if err := h.Start(b, 0, hello); !errors.Is(err, ErrConnClosed) {
		t.Fatalf("Start after Shutdown: %v", err)
	}
	h.Leave(a)
	publish(h, 3)
	if s := h.Stats(); s.Rooms != 0 || s.Conns != 0 {
		t.Fatalf("stats %+v", s)
	}
}

func TestHubSetRole(t *testing.T) {
	h := NewHub(HubOptions{})
	if _, err := h.Join(deckA, user(9), None); !errors.Is(err, ErrForbidden) {
		t.Fatalf("Join without a role: %v", err)
	}
	viewer := join(t, h, user(1), Viewer)
	other := join(t, h, user(2), Viewer)
	if viewer.Role().Can(EditCards) {
		t.Fatal("a viewer can edit")
	}
	h.SetRole(deckA, 1, Editor)
	if !viewer.Role().Can(EditCards) || other.Role() != Viewer {
		t.Fatalf("after promotion: %q, other %q", viewer.Role(), other.Role())
	}
	h.SetRole(deckA, 1, Viewer)
	if viewer.Role().Can(EditCards) {
		t.Fatal("a demoted editor can still edit")
	}
	viewer.SetRole(Editor) // an endpoint's snapshot older than the change
	if viewer.Role() != Viewer {
		t.Fatalf("a stale snapshot's role overrode the hub's: %q", viewer.Role())
	}
	other.SetRole(Editor) // the snapshot read after Join knows better
	if other.Role() != Editor {
		t.Fatalf("the endpoint's correction was ignored: %q", other.Role())
	}
	h.SetRole(deckA, 1, None)
	closedWith(t, viewer, CloseRemoved)
	if other.Role() != Editor {
		t.Fatalf("other's role %q", other.Role())
	}
}

func TestHubAckFollowsOp(t *testing.T) {
	h := NewHub(HubOptions{})
	sender := live(t, h, user(1), 0)
	// Version 2 is stored and published before version 1's publisher got
	// to Publish: the ack of 2 must wait for op 2.
	publish(h, 2)
	h.SendAfter(sender, 2, ack(2))
	expectNothingQueued(t, h, sender)
	publish(h, 1)
	expect(t, sender, "op 1", "op 2", "ack 2")
	h.SendAfter(sender, 1, ack(1)) // already delivered: at once
	expect(t, sender, "ack 1")
}

func TestHubGapFilled(t *testing.T) {
	var asked atomic.Value
	h := NewHub(HubOptions{
		GapTimeout: 10 * time.Millisecond,
		Fill: func(_ context.Context, deckID, from, to int64) ([][]byte, error) {
			asked.Store([3]int64{deckID, from, to})
			var out [][]byte
			for v := from; v <= to; v++ {
				out = append(out, opFrame(v))
			}
			return out, nil
		},
	})
	c := live(t, h, user(1), 0)
	publish(h, 1, 3, 5, 4) // 2's publisher died after its commit
	expect(t, c, "op 1", "op 2", "op 3", "op 4", "op 5")
	if got := asked.Load(); got != [3]int64{deckA, 2, 2} {
		t.Fatalf("Fill asked for %v", got)
	}
	publish(h, 2) // a late Publish after the repair is a duplicate
	expectNothingQueued(t, h, c)
	if s := h.Stats(); s.GapFills != 1 || s.GapSkips != 0 {
		t.Fatalf("stats %+v", s)
	}
}

func TestHubGapSkipped(t *testing.T) {
	h := NewHub(HubOptions{
		GapTimeout: 10 * time.Millisecond,
		Fill: func(context.Context, int64, int64, int64) ([][]byte, error) {
			return nil, errors.New("disk on fire")
		},
	})
	c := live(t, h, user(1), 0)
	publish(h, 1)
	h.SendAfter(c, 2, ack(2)) // before 3, so that the repair cannot come first
	publish(h, 3)
	expect(t, c, "op 1", "ack 2", "op 3")
	if s := h.Stats(); s.GapSkips != 1 {
		t.Fatalf("stats %+v", s)
	}
	// The client sees 3 after 1 and asks for what follows 1: the room
	// cannot answer, so the endpoint sends a new snapshot.
	if h.Replay(c, 1) {
		t.Fatal("Replay across a skipped gap")
	}
	if err := h.Start(c, 3, hello); err != nil {
		t.Fatal(err)
	}
	publish(h, 4)
	expect(t, c, "hello", "op 4")
}

// Under a steady out-of-order stream some version is always missing, but
// never the same one for long: that is no gap to repair. Without Fill, a
// repair would skip versions, which the reader would see.
func TestHubRollingGapsAreNotRepaired(t *testing.T) {
	const timeout = 300 * time.Millisecond
	h := NewHub(HubOptions{GapTimeout: timeout})
	c := live(t, h, user(1), 0)
	errs := make(chan error, 1)
	const last = 202
	go func() { errs <- readOps(c, last) }()
	// 2, 4, 1, 6, 3, 8, 5, ...: each step delivers two versions and leaves
	// the one after them waiting; the run lasts several timeouts.
	publish(h, 2)
	start := time.Now()
	for k := int64(1); k+3 <= last; k += 2 {
		publish(h, k+3, k)
		time.Sleep(timeout / 30)
	}
	publish(h, last-1)
	if err := <-errs; err != nil {
		t.Fatal(err)
	}
	if s := h.Stats(); s.GapSkips != 0 {
		t.Fatalf("a rolling gap was skipped: %+v", s)
	}
	if time.Since(start) < 2*timeout {
		t.Fatalf("the stream ran %v, not long enough to prove anything", time.Since(start))
	}
}

// Joins, starts and leaves race publishes and each other; at the end no
// room or connection is left behind.
func TestHubChurn(t *testing.T) {
	h := NewHub(HubOptions{QueueSize: 16, Logger: slog.New(slog.DiscardHandler)})
	var wg sync.WaitGroup
	for g := range 6 {
		wg.Go(func() {
			for i := range 200 {
				c, err := h.Join(deckA+int64(i%3), user(int64(g)), Editor)
				if err != nil {
					t.Error(err)
					return
				}
				if err := h.Start(c, int64(i), hello); err != nil && !errors.Is(err, ErrSnapshotStale) && !errors.Is(err, ErrConnClosed) {
					t.Error(err)
				}
				h.Relay(c, cursor)
				h.SendAfter(c, int64(i+1), ack(int64(i+1)))
				h.Leave(c)
			}
		})
	}
	wg.Go(func() {
		for v := int64(1); v <= 600; v++ {
			h.Publish(deckA+v%3, v, opFrame(v))
		}
	})
	wg.Wait()
	if s := h.Stats(); s.Rooms != 0 || s.Conns != 0 {
		t.Fatalf("left behind: %+v", s)
	}
}

func TestHubReplay(t *testing.T) {
	h := NewHub(HubOptions{Retain: 4})
	c := live(t, h, user(1), 0)
	publish(h, 1, 2, 3, 4, 5)
	expect(t, c, "op 1", "op 2", "op 3", "op 4", "op 5")
	if !h.Replay(c, 3) {
		t.Fatal("Replay(3) with 2..5 retained")
	}
	publish(h, 6)
	expect(t, c, "op 4", "op 5", "op 6")
	if !h.Replay(c, 6) {
		t.Fatal("Replay of nothing")
	}
	expectNothingQueued(t, h, c)
	if h.Replay(c, 1) {
		t.Fatal("Replay(1) with 3..6 retained")
	}
}

func TestHubRelay(t *testing.T) {
	h := NewHub(HubOptions{QueueSize: 4})
	a := live(t, h, user(1), 0)
	b := live(t, h, user(2), 0)
	pending := join(t, h, user(3), Viewer) // not started: no cursors yet
	expect(t, a, "presence 1,2", "presence 1,2,3")
	expect(t, b, "presence 1,2,3")
	h.Relay(a, cursor)
	expect(t, b, "cursor")
	expectNothingQueued(t, h, a)

	publish(h, 1, 2) // b's queue is now half full
	h.Relay(a, cursor)
	expect(t, b, "op 1", "op 2")
	if s := h.Stats(); s.CursorDrops != 1 || s.Conns != 3 {
		t.Fatalf("stats %+v", s)
	}
	if err := h.Start(pending, 2, hello); err != nil {
		t.Fatal(err)
	}
	expect(t, pending, "hello")
	expectNothingQueued(t, h, pending)
}

// BenchmarkFanout50 is one op frame reaching 50 connections whose writers
// drain their queues in their own goroutines: each iteration publishes one
// version and waits until the last of the 50 readers has taken it, so
// ns/op is the publish-to-seen-by-everyone latency of the hub.
func BenchmarkFanout50(b *testing.B) {
	const conns = 50
	h := NewHub(HubOptions{})
	var wg sync.WaitGroup
	var received atomic.Int64
	opPrefix := []byte(`{"type":"op"`)
	seen := make(chan struct{}, 1)
	for i := range conns {
		c, err := h.Join(deckA, user(int64(i+1)), Editor)
		if err != nil {
			b.Fatal(err)
		}
		if err := h.Start(c, 0, nil); err != nil {
			b.Fatal(err)
		}
		wg.Go(func() {
			for f := range c.Out() {
				if !bytes.HasPrefix(f, opPrefix) { // presence of the joins
					continue
				}
				if received.Add(1)%conns == 0 {
					seen <- struct{}{}
				}
			}
		})
	}
	frame := opFrame(1)
	b.ResetTimer()
	for i := range b.N {
		h.Publish(deckA, int64(i+1), frame)
		<-seen
	}
	b.StopTimer()
	h.Shutdown()
	wg.Wait()
	if s := h.Stats(); s.SlowCloses != 0 {
		b.Fatalf("%d readers fell behind", s.SlowCloses)
	}
}
