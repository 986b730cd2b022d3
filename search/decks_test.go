package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shotdeck/shotdeck/deck"
	"github.com/shotdeck/shotdeck/store"
)

// deckWorld is a store with three users and the real deck service that
// writes their decks (and the outbox entries deck search follows).
type deckWorld struct {
	*fixture
	decks         *deck.Service
	ann, bob, cat store.UserRef
	ctx           context.Context
}

func newDeckWorld(t *testing.T) *deckWorld {
	t.Helper()
	f := newFixture(t)
	w := &deckWorld{fixture: f, decks: &deck.Service{DB: f.db, Log: quiet}, ctx: context.Background()}
	w.ann, w.bob, w.cat = w.user(t, "ann"), w.user(t, "bob"), w.user(t, "cat")
	return w
}

func (w *deckWorld) user(t *testing.T, name string) store.UserRef {
	t.Helper()
	u, err := w.db.CreateUser(w.ctx, name, "x", store.RoleMember, false)
	if err != nil {
		t.Fatal(err)
	}
	return store.UserRef{ID: u.ID, Username: u.Username}
}

// create makes a deck with one card per note.
func (w *deckWorld) create(t *testing.T, owner store.UserRef, title, desc string, notes ...string) int64 {
	t.Helper()
	in := &deck.CreateInput{Title: title, Description: &desc}
	for _, n := range notes {
		in.Cards = append(in.Cards, deck.CardInput{Note: &n})
	}
	d, err := w.decks.Create(w.ctx, owner, in)
	if err != nil {
		t.Fatal(err)
	}
	return d.ID
}

func (w *deckWorld) rename(t *testing.T, who store.UserRef, id int64, title string) {
	t.Helper()
	op := &deck.Op{Kind: deck.KindUpdateDeck, Title: &title}
	if _, err := w.decks.Apply(w.ctx, who, id, []*deck.Op{op}, deck.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
}

// waitDecks waits until deck search reflects every committed change.
func waitDecks(t *testing.T, s *Service) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.WaitDecksApplied(ctx); err != nil {
		t.Fatal(err)
	}
}

// found runs a deck search and returns the ids found, best first, checking
// that total agrees with them.
func found(t *testing.T, s *Service, who store.UserRef, q string) []int64 {
	t.Helper()
	hits, total, err := s.SearchDecks(context.Background(), who.ID, q, 50)
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	ids := make([]int64, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
		if h.Score <= 0 {
			t.Errorf("search %q: hit %d has score %v", q, h.ID, h.Score)
		}
	}
	if total != len(hits) {
		t.Errorf("search %q: total %d for %d hits", q, total, len(hits))
	}
	return ids
}

func sameSet(a, b []int64) bool {
	return slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
}

// TestSearchDecksMatching: words of a title, a description and a card
// note; typos; the word being typed as a prefix; phrases; and only decks
// the user owns or is a member of.
func TestSearchDecksMatching(t *testing.T) {
	w := newDeckWorld(t)
	noir := w.create(t, w.ann, "Neon Noir Lookbook", "Rain soaked streets at night",
		"Sodium vapour practicals", "", "Handheld chase through the market")
	pastel := w.create(t, w.ann, "Pastel Summer", "Soft daylight picnic", "Wide meadow with a long lens")
	western := w.create(t, w.bob, "Neon Western", "Saloon at dusk", "Dust in the backlight")
	desert := w.create(t, w.bob, "Desert Shootout", "Neon motel signs", "Heat haze")
	if _, err := w.decks.AddMember(w.ctx, w.bob, desert, "ann", "viewer"); err != nil {
		t.Fatal(err)
	}
	s, stop := w.start(t)
	defer stop()
	waitDecks(t, s)

	cases := []struct {
		who  store.UserRef
		q    string
		want []int64
	}{
		{w.ann, "lookbook", []int64{noir}},                           // title
		{w.ann, "streets", []int64{noir}},                            // description, stemmed
		{w.ann, "vapour", []int64{noir}},                             // a card note
		{w.ann, "market chase", []int64{noir}},                       // every word, any order
		{w.ann, "market picnic", nil},                                // every word must match
		{w.ann, "lookbok", []int64{noir}},                            // one typo in a short word
		{w.ann, "hendhelt", []int64{noir}},                           // two edits from eight letters
		{w.ann, "noor", []int64{noir}},                               // one edit from four letters
		{w.ann, "nior", []int64{noir}},                               // a swap of two letters is one edit
		{w.ann, "nuar", nil},                                         // two edits are too many under eight letters
		{w.ann, "loft", nil},                                         // one edit, but of the first letter ("soft")
		{w.ann, "sodi", []int64{noir}},                               // the word being typed
		{w.ann, "pas", []int64{pastel}},                              // a short prefix
		{w.ann, "sodi ", nil},                                        // a finished word is not a prefix
		{w.ann, `"chase through the market"`, []int64{noir}},         // a phrase
		{w.ann, `"market chase"`, nil},                               // a phrase keeps its order
		{w.ann, `"practicals handheld"`, nil},                        // a phrase stays within one note
		{w.ann, strings.Repeat("noir ", 40) + "zzzz", []int64{noir}}, // clauses past the sixteenth are ignored
		{w.ann, "the of", nil},                                       // only stop words
		{w.ann, "neon", []int64{noir, desert}},                       // own and shared, not bob's other deck
		{w.bob, "neon", []int64{western, desert}},                    // bob's own
		{w.cat, "neon", nil},                                         // a stranger sees nothing
		{w.cat, "lookbook", nil},                                     // nor by title
		{w.ann, "saloon", nil},                                       // bob's unshared deck, by its description
	}
	for _, c := range cases {
		if got := found(t, s, c.who, c.q); !sameSet(got, c.want) {
			t.Errorf("%s searching %q: got %v, want %v", c.who.Username, c.q, got, c.want)
		}
	}
}

// TestSearchDecksOrder: a title match outranks a note match; equally
// relevant decks come newest change first.
func TestSearchDecksOrder(t *testing.T) {
	w := newDeckWorld(t)
	inNote := w.create(t, w.ann, "Spring campaign", "", "Fog machine on the pier")
	inTitle := w.create(t, w.ann, "Fog and smoke", "")
	twinA := w.create(t, w.ann, "Twin peaks", "")
	twinB := w.create(t, w.ann, "Twin peaks", "")
	w.rename(t, w.ann, twinA, "Twin peaks") // same text, newer change
	s, stop := w.start(t)
	defer stop()
	waitDecks(t, s)
	if got := found(t, s, w.ann, "fog"); !slices.Equal(got, []int64{inTitle, inNote}) {
		t.Errorf("fog: got %v, want the title match %d before the note match %d", got, inTitle, inNote)
	}
	if got := found(t, s, w.ann, "twin peaks"); !slices.Equal(got, []int64{twinA, twinB}) {
		t.Errorf("twin peaks: got %v, want the newer change %d first", got, twinA)
	}
	hits, total, err := s.SearchDecks(w.ctx, w.ann.ID, "twin", 1)
	if err != nil || len(hits) != 1 || total != 2 || hits[0].ID != twinA {
		t.Errorf("limit 1: %v, total %d, %v", hits, total, err)
	}
}

// TestSearchDecksFollowsOutbox: creating, renaming, editing notes, sharing
// and deleting decks are reflected once the outbox is applied.
func TestSearchDecksFollowsOutbox(t *testing.T) {
	w := newDeckWorld(t)
	s, stop := w.start(t)
	defer stop()
	waitDecks(t, s)
	id := w.create(t, w.ann, "Harbour at dawn", "")
	waitDecks(t, s)
	if got := found(t, s, w.ann, "harbour"); !slices.Equal(got, []int64{id}) {
		t.Fatalf("new deck: got %v", got)
	}
	w.rename(t, w.ann, id, "Lighthouse at dusk")
	waitDecks(t, s)
	if got := found(t, s, w.ann, "harbour"); len(got) != 0 {
		t.Errorf("old title still found: %v", got)
	}
	if got := found(t, s, w.ann, "lighthouse"); !slices.Equal(got, []int64{id}) {
		t.Errorf("new title: got %v", got)
	}

	note := "Anamorphic flares across the bay"
	if _, err := w.decks.Apply(w.ctx, w.ann, id, []*deck.Op{{Kind: deck.KindAddCard, Note: &note}}, deck.ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	waitDecks(t, s)
	if got := found(t, s, w.ann, "anamorphic"); !slices.Equal(got, []int64{id}) {
		t.Errorf("new card note: got %v", got)
	}

	// Access is read from SQLite at query time: sharing needs no reindex.
	if got := found(t, s, w.cat, "lighthouse"); len(got) != 0 {
		t.Fatalf("cat sees %v before being invited", got)
	}
	if _, err := w.decks.AddMember(w.ctx, w.ann, id, "cat", "editor"); err != nil {
		t.Fatal(err)
	}
	if got := found(t, s, w.cat, "lighthouse"); !slices.Equal(got, []int64{id}) {
		t.Errorf("member: got %v", got)
	}
	if err := w.decks.RemoveMember(w.ctx, w.ann, id, w.cat.ID); err != nil {
		t.Fatal(err)
	}
	if got := found(t, s, w.cat, "lighthouse"); len(got) != 0 {
		t.Errorf("removed member still sees %v", got)
	}

	if err := w.decks.Delete(w.ctx, w.ann, id); err != nil {
		t.Fatal(err)
	}
	waitDecks(t, s)
	if got := found(t, s, w.ann, "lighthouse"); len(got) != 0 {
		t.Errorf("deleted deck found: %v", got)
	}
	if n, err := s.decks.idx.DocCount(); err != nil || n != 0 {
		t.Errorf("deck index holds %d docs after the delete (%v)", n, err)
	}
}

// TestSearchDecksRebuiltOnRestart: the deck index is derived, so a new
// service on the same database rebuilds it, including changes made
// while no service ran, on the start that reads the snapshot too.
func TestSearchDecksRebuiltOnRestart(t *testing.T) {
	w := newDeckWorld(t)
	kept := w.create(t, w.ann, "Velvet interiors", "", "Tungsten practicals")
	renamed := w.create(t, w.ann, "Working title", "")
	gone := w.create(t, w.ann, "Velvet exteriors", "")
	s, stop := w.start(t)
	waitDecks(t, s)
	if got := found(t, s, w.ann, "velvet"); !sameSet(got, []int64{kept, gone}) {
		t.Fatalf("first start: got %v", got)
	}
	stop()

	w.rename(t, w.ann, renamed, "Velvet rooftops")
	if err := w.decks.Delete(w.ctx, w.ann, gone); err != nil {
		t.Fatal(err)
	}
	added := w.create(t, w.bob, "Velvet night", "")

	s, stop = w.start(t)
	defer stop()
	waitDecks(t, s)
	if !s.fromSnapshot.Load() {
		t.Error("the second start did not use the snapshot path")
	}
	if got := found(t, s, w.ann, "velvet"); !sameSet(got, []int64{kept, renamed}) {
		t.Errorf("after restart ann finds %v, want %v", got, []int64{kept, renamed})
	}
	if got := found(t, s, w.bob, "velvet"); !slices.Equal(got, []int64{added}) {
		t.Errorf("after restart bob finds %v", got)
	}
	if got := found(t, s, w.ann, "tungsten"); !slices.Equal(got, []int64{kept}) {
		t.Errorf("notes after restart: %v", got)
	}
	if n, _ := s.decks.idx.DocCount(); n != 3 {
		t.Errorf("deck index holds %d docs, SQLite 3 decks", n)
	}
}

// TestDeckLoadRereadsQueuedDecks: a change the indexer hands over while
// the load runs is read again at the end of the load, so a page read before
// the change does not win. Here the page holds a deck deleted since.
func TestDeckLoadRereadsQueuedDecks(t *testing.T) {
	w := newDeckWorld(t)
	kept := w.create(t, w.ann, "Kept", "")
	gone := w.create(t, w.ann, "Gone", "")
	s, err := Open(w.db, filepath.Join(w.dir, "index"), quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	early, err := w.db.DeckTexts(w.ctx, []int64{kept, gone}) // a page read early
	if err != nil {
		t.Fatal(err)
	}
	if err := s.decks.put(early, nil); err != nil {
		t.Fatal(err)
	}
	if err := w.decks.Delete(w.ctx, w.ann, gone); err != nil {
		t.Fatal(err)
	}
	entries, err := w.db.OutboxAfter(w.ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.applyDecks(w.ctx, entries); err != nil { // queued: not loaded yet
		t.Fatal(err)
	}
	if _, _, err := s.SearchDecks(w.ctx, w.ann.ID, "kept", 10); err != ErrNotReady {
		t.Fatalf("search before the load ended: %v, want ErrNotReady", err)
	}
	if err := s.loadDecks(w.ctx); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.decks.idx.DocCount(); n != 1 {
		t.Fatalf("deck index holds %d docs after the load, want 1 (the deleted deck was not removed)", n)
	}
	if got := found(t, s, w.ann, "kept"); !slices.Equal(got, []int64{kept}) {
		t.Fatalf("after the load: %v", got)
	}
}

// TestDeckIndexFolder: the deck index's folder is made at Open and gone
// after Close; a folder of someone else's files in its place is refused
// and left alone.
func TestDeckIndexFolder(t *testing.T) {
	f := newFixture(t)
	dir := filepath.Join(f.dir, "index")
	s, err := Open(f.db, dir, quiet)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir+".decks", "index_meta.json")); err != nil {
		t.Fatalf("no deck index folder after Open: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir + ".decks"); !os.IsNotExist(err) {
		t.Fatalf("deck index folder left after Close: %v", err)
	}
	mine := filepath.Join(dir+".decks", "notes.txt")
	if err := os.MkdirAll(dir+".decks", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(mine, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	if s, err := Open(f.db, dir, quiet); err == nil {
		s.Close()
		t.Fatal("Open took over a folder that is not a deck index")
	}
	if _, err := os.Stat(mine); err != nil {
		t.Fatalf("a file in the way was deleted: %v", err)
	}
}

func TestSplitDeckQuery(t *testing.T) {
	cases := []struct {
		q       string
		phrases []string
		words   []string
		typing  bool
	}{
		{"Neon noir", nil, []string{"neon", "noir"}, true},
		{"neon noir ", nil, []string{"neon", "noir"}, false},
		{`"rain  soaked" streets`, []string{"rain soaked"}, []string{"streets"}, true},
		{`streets "rain soaked"`, []string{"rain soaked"}, []string{"streets"}, false},
		{`“open quote`, []string{"open quote"}, nil, false},
		{"o'brien-style, 35mm!", nil, []string{"o", "brien", "style", "35mm"}, false},
		{`""`, nil, nil, false},
	}
	for _, c := range cases {
		p, wds, typing := splitDeckQuery(c.q)
		if !slices.Equal(p, c.phrases) || !slices.Equal(wds, c.words) || typing != c.typing {
			t.Errorf("%q: got %q %q %v, want %q %q %v", c.q, p, wds, typing, c.phrases, c.words, c.typing)
		}
	}
}

// seedDeckLibrary writes n decks of notes notes each (about ten words of
// film vocabulary a note) for users users, a thousand decks a transaction,
// and returns the users and the decks.
func seedDeckLibrary(tb testing.TB, db *store.DB, users, n, notes int) (owners, decks []int64) {
	tb.Helper()
	ctx := context.Background()
	for i := range users {
		u, err := db.CreateUser(ctx, fmt.Sprintf("user%d", i), "x", store.RoleMember, false)
		if err != nil {
			tb.Fatal(err)
		}
		owners = append(owners, u.ID)
	}
	// Film words first, then made-up ones, drawn with Zipf's law as in
	// prose: a few words are everywhere, most are rare.
	vocab := strings.Fields(`neon noir rain night street sodium practical handheld wide close anamorphic
		flare dusk dawn desert forest harbour lighthouse tungsten daylight silhouette backlight smoke fog
		haze mirror window corridor stairwell rooftop diner motel highway train station crowd portrait
		profile symmetry palette teal orange red green blue warm cool shadow contrast grain lens zoom dolly`)
	rng := rand.New(rand.NewPCG(1, 2))
	syllables := strings.Fields("ka lo mi ren tor sa vel quin dro pha ste mur gal ith bor nes")
	for len(vocab) < 5000 {
		w := ""
		for range 2 + rng.IntN(3) {
			w += syllables[rng.IntN(len(syllables))]
		}
		vocab = append(vocab, w)
	}
	zipf := rand.NewZipf(rand.New(rand.NewPCG(3, 4)), 1.07, 2, uint64(len(vocab)-1))
	sentence := func(k int) string {
		ws := make([]string, k)
		for i := range ws {
			ws[i] = vocab[zipf.Uint64()]
		}
		return strings.Join(ws, " ")
	}
	for start := 0; start < n; start += 1000 {
		err := db.Write(ctx, func(tx *store.Tx) error {
			for i := start; i < min(start+1000, n); i++ {
				id, err := tx.CreateDeck(ctx, owners[i%users], sentence(3), sentence(12))
				if err != nil {
					return err
				}
				decks = append(decks, id)
				for j := range notes {
					c := &store.NewCard{Position: fmt.Sprintf("a%03d", j), Note: sentence(10)}
					if _, err := tx.InsertCard(ctx, id, c); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	return owners, decks
}

// BenchmarkDeckIndexLoad measures the start-up build of the deck index:
// 10,000 decks of 20 notes each, read from SQLite and indexed.
func BenchmarkDeckIndexLoad(b *testing.B) {
	f := newFixture(b)
	seedDeckLibrary(b, f.db, 100, 10_000, 20)
	b.ResetTimer()
	for b.Loop() {
		x, err := newDeckIndex(filepath.Join(b.TempDir(), "decks"))
		if err != nil {
			b.Fatal(err)
		}
		s := &Service{db: f.db, decks: x, log: quiet}
		start := time.Now()
		if err := s.loadDecks(context.Background()); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(time.Since(start).Milliseconds()), "ms/load")
		x.idx.Close()
	}
}

// BenchmarkSearchDecks measures a deck search over 10,000 decks for a user
// who sees 100 of them, and for one who sees all of them.
func BenchmarkSearchDecks(b *testing.B) {
	f := newFixture(b)
	owners, decks := seedDeckLibrary(b, f.db, 100, 10_000, 20)
	x, err := newDeckIndex(filepath.Join(b.TempDir(), "decks"))
	if err != nil {
		b.Fatal(err)
	}
	s := &Service{db: f.db, decks: x, log: quiet}
	if err := s.loadDecks(context.Background()); err != nil {
		b.Fatal(err)
	}
	s.ready.Store(true)
	u, err := f.db.CreateUser(context.Background(), "everyone", "x", store.RoleMember, false)
	if err != nil {
		b.Fatal(err)
	}
	everyone := u.ID // a member of every deck
	err = f.db.Write(context.Background(), func(tx *store.Tx) error {
		for _, id := range decks {
			if _, err := tx.SetMember(context.Background(), id, everyone, "viewer"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		user int64
	}{{"sees100", owners[0]}, {"sees10000", everyone}} {
		for _, q := range []string{"neon", "neon harbour fog", "lighthuose", "anamor", `"rain night"`} {
			b.Run(c.name+"/"+strings.ReplaceAll(q, " ", "_"), func(b *testing.B) {
				for b.Loop() {
					if _, _, err := s.SearchDecks(context.Background(), c.user, q, 20); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
