package deck

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/shotdeck/shotdeck/store"
	"github.com/shotdeck/shotdeck/store/storetest"
)

type fixture struct {
	t      *testing.T
	ctx    context.Context
	db     *store.DB
	svc    *Service
	images []string // ids of stills, as clients send them
}

func newFixture(t *testing.T, stills int) *fixture {
	db, _, _ := storetest.Open(t)
	f := &fixture{t: t, ctx: context.Background(), db: db, svc: &Service{DB: db}}
	err := db.Write(f.ctx, func(tx *store.Tx) error {
		for i := range stills {
			r, err := tx.SaveImage(f.ctx, &store.ImageInput{ExternalID: fmt.Sprintf("s%d", i), Title: fmt.Sprintf("Still %d", i),
				Movie: &store.MovieInput{Title: "Heat", Year: 1995}})
			if err != nil {
				return err
			}
			f.images = append(f.images, strconv.FormatInt(r.ID, 10))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) user(name string) store.UserRef {
	u, err := f.db.CreateUser(f.ctx, name, "x", store.RoleMember, false)
	if err != nil {
		f.t.Fatal(err)
	}
	return store.UserRef{ID: u.ID, Username: u.Username}
}

func ptr[T any](v T) *T { return &v }

func (f *fixture) create(owner store.UserRef, cards int) *store.DeckWithCards {
	f.t.Helper()
	in := &CreateInput{Title: "Look book"}
	for i := range cards {
		c := CardInput{Note: ptr(fmt.Sprintf("note %d", i))}
		if len(f.images) > 0 && i%3 != 2 {
			c.ImageID = &f.images[i%len(f.images)]
		}
		in.Cards = append(in.Cards, c)
	}
	d, err := f.svc.Create(f.ctx, owner, in)
	if err != nil {
		f.t.Fatal(err)
	}
	return d
}

func (f *fixture) apply(who store.UserRef, deckID int64, op *Op) (*Result, error) {
	return f.svc.Apply(f.ctx, who, deckID, []*Op{op}, ApplyOptions{})
}

func cardIDs(d *store.DeckWithCards) []string {
	var ids []string
	for _, c := range d.Cards {
		ids = append(ids, c.IDString())
	}
	return ids
}

func TestCreateIsAtomic(t *testing.T) {
	f := newFixture(t, 3)
	owner := f.user("ana")
	d := f.create(owner, 5)
	if d.CardCount != 5 || len(d.Cards) != 5 || d.Version != 1 || d.Role != "owner" || d.Cover == nil {
		t.Fatalf("created deck: %+v", d.Deck)
	}
	for i := 1; i < len(d.Cards); i++ {
		if d.Cards[i-1].Position >= d.Cards[i].Position {
			t.Fatalf("positions out of order: %q, %q", d.Cards[i-1].Position, d.Cards[i].Position)
		}
	}
	if d.Cards[2].Image != nil || d.Cards[0].Image == nil || d.Cards[0].Note != "note 0" {
		t.Fatalf("cards: %+v", d.Cards[:3])
	}

	in := &CreateInput{Title: "Bad", Cards: []CardInput{{ImageID: &f.images[0]}, {ImageID: ptr("999999")}}}
	_, err := f.svc.Create(f.ctx, owner, in)
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Field != "cards[1].image_id" {
		t.Fatalf("unknown image: got %v, want a field error on cards[1].image_id", err)
	}
	in = &CreateInput{Title: "Bad", Cards: []CardInput{{}, {Note: ptr(string([]byte{0xff}))}}}
	if _, err := f.svc.Create(f.ctx, owner, in); !errors.As(err, &fe) || fe.Field != "cards[1].note" {
		t.Fatalf("bad note: got %v", err)
	}
	list, _, err := f.svc.List(f.ctx, owner, nil, 50)
	if err != nil || len(list) != 1 {
		t.Fatalf("after refused creates the user has %d decks (%v), want 1", len(list), err)
	}
}

func TestOpsBumpVersionAndLog(t *testing.T) {
	f := newFixture(t, 2)
	owner := f.user("ana")
	d := f.create(owner, 3)
	ids := cardIDs(d)

	res, err := f.apply(owner, d.ID, &Op{Kind: KindAddCard, ImageID: &f.images[1], After: ptr(""),
		TextElements: &[]TextElement{{Text: "INT. DINER", X: 0.1, Y: 0.1, Width: 0.5, Height: 0.1}}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Version != 2 || res.Card == nil || res.Card.TextElements[0].ID == "" || res.Card.Image == nil {
		t.Fatalf("add_card result: %+v", res)
	}
	first := res.Card.IDString()
	steps := []*Op{
		{Kind: KindMoveCard, CardID: &first, After: &ids[1]},
		{Kind: KindUpdateCard, CardID: &ids[0], Note: ptr("Wide, sodium light")},
		{Kind: KindRemoveCard, CardID: &ids[2]},
		{Kind: KindUpdateDeck, Title: ptr("  Heat look book  ")},
	}
	for _, op := range steps {
		if _, err := f.apply(owner, d.ID, op); err != nil {
			t.Fatalf("%s: %v", op.Kind, err)
		}
	}
	got, err := f.svc.Get(f.ctx, owner, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{ids[0], ids[1], first}; !slices.Equal(cardIDs(got), want) {
		t.Fatalf("order %v, want %v", cardIDs(got), want)
	}
	if got.Version != 6 || got.Title != "Heat look book" || got.Cards[0].Note != "Wide, sodium light" {
		t.Fatalf("deck after ops: version %d title %q note %q", got.Version, got.Title, got.Cards[0].Note)
	}
	ops, ok, err := f.db.DeckOpsSince(f.ctx, d.ID, 1)
	if err != nil || !ok || len(ops) != 5 || ops[0].Version != 2 || ops[4].Version != 6 || ops[0].Actor.ID != owner.ID {
		t.Fatalf("op log: %d ops, ok=%v, err=%v", len(ops), ok, err)
	}
	if _, err := f.apply(owner, d.ID, &Op{Kind: KindRemoveCard, CardID: &ids[2]}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("removing a removed card: %v, want not found", err)
	}
	if _, err := f.apply(owner, d.ID, &Op{Kind: KindMoveCard, CardID: &ids[0], After: &ids[2]}); !errorField(err, "after") {
		t.Fatalf("moving after a removed card: %v, want a field error on after", err)
	}
}

func errorField(err error, field string) bool {
	var fe *FieldError
	return errors.As(err, &fe) && fe.Field == field
}

func TestRolesAndVisibility(t *testing.T) {
	f := newFixture(t, 1)
	owner, editor, viewer, other := f.user("ana"), f.user("ben"), f.user("cy"), f.user("dee")
	d := f.create(owner, 2)
	if _, err := f.svc.AddMember(f.ctx, owner, d.ID, "ben", "editor"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.AddMember(f.ctx, owner, d.ID, "cy", "viewer"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.AddMember(f.ctx, owner, d.ID, "cy", "editor"); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("inviting a member twice: %v", err)
	}
	if _, err := f.svc.AddMember(f.ctx, editor, d.ID, "dee", "viewer"); !errors.Is(err, ErrForbidden) {
		t.Fatalf("editor inviting: %v", err)
	}
	if _, err := f.svc.AddMember(f.ctx, owner, d.ID, "nobody", "viewer"); !errorField(err, "username") {
		t.Fatalf("inviting an unknown user: %v", err)
	}
	edit := &Op{Kind: KindUpdateDeck, Title: ptr("New")}
	if _, err := f.apply(editor, d.ID, edit); err != nil {
		t.Fatalf("editor renaming: %v", err)
	}
	if _, err := f.apply(viewer, d.ID, edit); !errors.Is(err, ErrForbidden) {
		t.Fatalf("viewer renaming: %v", err)
	}
	if _, err := f.apply(other, d.ID, edit); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("stranger renaming: %v", err)
	}
	if _, err := f.svc.Get(f.ctx, other, d.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("stranger reading: %v", err)
	}
	if err := f.svc.Delete(f.ctx, editor, d.ID); !errors.Is(err, ErrForbidden) {
		t.Fatalf("editor deleting: %v", err)
	}
	for _, u := range []store.UserRef{editor, viewer} {
		list, _, err := f.svc.List(f.ctx, u, nil, 10)
		if err != nil || len(list) != 1 || list[0].ID != d.ID || list[0].CardCount != 2 || len(list[0].Members) != 2 {
			t.Fatalf("%s's deck list: %+v (%v)", u.Username, list, err)
		}
	}
	// Demoted, the editor can no longer edit; removed, they no longer see it.
	if _, err := f.svc.SetMemberRole(f.ctx, owner, d.ID, editor.ID, "viewer"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.apply(editor, d.ID, edit); !errors.Is(err, ErrForbidden) {
		t.Fatalf("demoted editor renaming: %v", err)
	}
	if err := f.svc.RemoveMember(f.ctx, owner, d.ID, editor.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Get(f.ctx, editor, d.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("removed member reading: %v", err)
	}
	if err := f.svc.RemoveMember(f.ctx, viewer, d.ID, viewer.ID); err != nil {
		t.Fatalf("a viewer leaving: %v", err)
	}
}

func TestIfMatchLetsOneOfTwoWin(t *testing.T) {
	f := newFixture(t, 0)
	owner, editor := f.user("ana"), f.user("ben")
	d := f.create(owner, 0)
	if _, err := f.svc.AddMember(f.ctx, owner, d.ID, "ben", "editor"); err != nil {
		t.Fatal(err)
	}
	v := d.Version + 1 // after the invite
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, who := range []store.UserRef{owner, editor} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			op := &Op{Kind: KindUpdateDeck, Title: ptr("Title by " + who.Username)}
			_, errs[i] = f.svc.Apply(f.ctx, who, d.ID, []*Op{op}, ApplyOptions{IfVersion: v})
		}()
	}
	wg.Wait()
	var ve *VersionError
	if (errs[0] == nil) == (errs[1] == nil) || !errors.As(errors.Join(errs...), &ve) || ve.Current != v+1 {
		t.Fatalf("two writers with If-Match %d: %v, %v; want exactly one version conflict", v, errs[0], errs[1])
	}
}

func TestRandomMovesKeepATotalOrder(t *testing.T) {
	f := newFixture(t, 0)
	owner := f.user("ana")
	d := f.create(owner, 20)
	model := cardIDs(d)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		i := rng.IntN(len(model))
		moved := model[i]
		rest := slices.Delete(slices.Clone(model), i, i+1)
		j := rng.IntN(len(rest) + 1) // insert before rest[j]
		var after string
		if j > 0 {
			after = rest[j-1]
		}
		if _, err := f.apply(owner, d.ID, &Op{Kind: KindMoveCard, CardID: &moved, After: &after}); err != nil {
			t.Fatal(err)
		}
		model = slices.Insert(rest, j, moved)
	}
	got, err := f.svc.Get(f.ctx, owner, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(cardIDs(got), model) {
		t.Fatalf("order after 1000 random moves differs from the model")
	}
	for _, c := range got.Cards {
		if len(c.Position) > 40 {
			t.Fatalf("position %q grew to %d bytes", c.Position, len(c.Position))
		}
	}
}

func TestDuplicateDeleteAndDeletedStills(t *testing.T) {
	f := newFixture(t, 2)
	owner, viewer := f.user("ana"), f.user("ben")
	d := f.create(owner, 4)
	if _, err := f.apply(owner, d.ID, &Op{Kind: KindUpdateCard, CardID: ptr(d.Cards[0].IDString()),
		TextElements: &[]TextElement{{ID: "a", Text: "Über-café", X: 0, Y: 0, Width: 1, Height: 0.2, Style: map[string]any{"color": "#ffcc00"}}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.AddMember(f.ctx, owner, d.ID, "ben", "viewer"); err != nil {
		t.Fatal(err)
	}
	cp, err := f.svc.Duplicate(f.ctx, viewer, d.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	orig, _ := f.svc.Get(f.ctx, owner, d.ID)
	if cp.Owner.ID != viewer.ID || cp.Title != "Look book (copy)" || len(cp.Cards) != 4 || cp.Version != 1 ||
		cp.Cards[0].TextElements[0].Text != "Über-café" || cp.Cards[0].TextElements[0].Style["color"] != "#ffcc00" ||
		cp.Cards[0].Note != orig.Cards[0].Note || cp.Cards[0].ID == orig.Cards[0].ID {
		t.Fatalf("copy: %+v", cp)
	}

	// Deleting a still leaves its cards with no image.
	stillID, _ := strconv.ParseInt(f.images[0], 10, 64)
	if err := f.db.Write(f.ctx, func(tx *store.Tx) error { _, err := tx.DeleteImage(f.ctx, stillID); return err }); err != nil {
		t.Fatal(err)
	}
	after, _ := f.svc.Get(f.ctx, owner, d.ID)
	if len(after.Cards) != 4 || after.Cards[0].Image != nil {
		t.Fatalf("after deleting the still: %+v", after.Cards[0])
	}

	if err := f.svc.Delete(f.ctx, owner, d.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Get(f.ctx, owner, d.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleted deck: %v", err)
	}
	if _, _, err := f.db.DeckOpsSince(f.ctx, d.ID, 0); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("ops of a deleted deck: %v", err)
	}
	if _, err := f.svc.Get(f.ctx, viewer, cp.ID); err != nil {
		t.Fatalf("the copy must outlive the original: %v", err)
	}
}

func TestShareLinks(t *testing.T) {
	f := newFixture(t, 1)
	owner, editor := f.user("ana"), f.user("ben")
	d := f.create(owner, 2)
	if _, err := f.svc.AddMember(f.ctx, owner, d.ID, "ben", "editor"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Share(f.ctx, editor, d.ID, time.Time{}, false); !errors.Is(err, ErrForbidden) {
		t.Fatalf("editor sharing: %v", err)
	}
	if _, err := f.svc.Share(f.ctx, owner, d.ID, time.Now().Add(-time.Hour), false); !errorField(err, "expires_at") {
		t.Fatalf("expiry in the past: %v", err)
	}
	link, err := f.svc.Share(f.ctx, owner, d.ID, time.Now().Add(time.Hour), true)
	if err != nil {
		t.Fatal(err)
	}
	if len(link.Token) < 40 {
		t.Fatalf("token %q is too short for 256 bits", link.Token)
	}
	sd, sh, err := f.svc.Shared(f.ctx, link.Token)
	if err != nil || sd.ID != d.ID || !sh.AllowDownload || len(sd.Members) != 0 || sd.Role != "viewer" || len(sd.Cards) != 2 {
		t.Fatalf("shared deck: %+v, %+v, %v", sd, sh, err)
	}
	if _, _, err := f.svc.Shared(f.ctx, link.Token+"x"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("wrong token: %v", err)
	}
	// A new link replaces the old one; revoking ends it.
	link2, err := f.svc.Share(f.ctx, owner, d.ID, time.Time{}, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.svc.Shared(f.ctx, link.Token); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("replaced token: %v", err)
	}
	if err := f.svc.Unshare(f.ctx, owner, d.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.svc.Shared(f.ctx, link2.Token); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("revoked token: %v", err)
	}
}
