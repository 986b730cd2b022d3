package store

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// textDecks makes n decks owned by owner, deck i with i%4 cards whose
// notes are "note i.j", except that every card j == 1 has an empty note.
func textDecks(t *testing.T, db *DB, owner int64, n int) []int64 {
	t.Helper()
	ctx := context.Background()
	var ids []int64
	err := db.Write(ctx, func(tx *Tx) error {
		for i := range n {
			id, err := tx.CreateDeck(ctx, owner, fmt.Sprintf("Deck %d", i), fmt.Sprintf("About %d", i))
			if err != nil {
				return err
			}
			for j := range i % 4 {
				note := fmt.Sprintf("note %d.%d", i, j)
				if j == 1 {
					note = ""
				}
				// Positions in reverse insertion order: notes must come
				// back in position order, not id order.
				if _, err := tx.InsertCard(ctx, id, &NewCard{Position: fmt.Sprintf("p%d", 9-j), Note: note}); err != nil {
					return err
				}
			}
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func wantNotes(i int) []string {
	var out []string
	for j := i%4 - 1; j >= 0; j-- {
		if j != 1 {
			out = append(out, fmt.Sprintf("note %d.%d", i, j))
		}
	}
	return out
}

func checkTexts(t *testing.T, got []DeckText, ids []int64, from int) {
	t.Helper()
	for k, d := range got {
		i := from + k
		if d.ID != ids[i] || d.Title != fmt.Sprintf("Deck %d", i) || d.Description != fmt.Sprintf("About %d", i) ||
			!slices.Equal(d.Notes, wantNotes(i)) || d.UpdatedAt == "" {
			t.Fatalf("deck %d: got %+v, want notes %q", i, d, wantNotes(i))
		}
	}
}

// TestDeckTextsQueryCountIsConstant: both readers return titles,
// descriptions and non-empty notes in position order, in two statements
// whatever the number of decks.
func TestDeckTextsQueryCountIsConstant(t *testing.T) {
	db, n := countingStore(t)
	ctx := context.Background()
	u, err := db.CreateUser(ctx, "owner", "x", RoleMember, false)
	if err != nil {
		t.Fatal(err)
	}
	ids := textDecks(t, db, u.ID, 300)

	before := n.Load()
	got, err := db.DeckTexts(ctx, []int64{ids[7], ids[3], 999999})
	if err != nil || len(got) != 2 || got[0].ID != ids[3] || got[1].ID != ids[7] {
		t.Fatalf("DeckTexts: %+v, %v", got, err)
	}
	checkTexts(t, got[:1], ids, 3)
	checkTexts(t, got[1:], ids, 7)
	if c := n.Load() - before; c != 2 {
		t.Fatalf("DeckTexts of 3 ids took %d statements", c)
	}
	before = n.Load()
	if got, err = db.DeckTexts(ctx, ids); err != nil || len(got) != len(ids) {
		t.Fatalf("DeckTexts of all: %d, %v", len(got), err)
	}
	checkTexts(t, got, ids, 0)
	if c := n.Load() - before; c != 2 {
		t.Fatalf("DeckTexts of %d ids took %d statements", len(ids), c)
	}

	var all []DeckText
	before = n.Load()
	pages := 0
	for after := int64(0); ; pages++ {
		page, err := db.DeckTextsAfter(ctx, after, 64)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		all = append(all, page...)
		after = page[len(page)-1].ID
	}
	if len(all) != len(ids) {
		t.Fatalf("DeckTextsAfter walked %d decks, want %d", len(all), len(ids))
	}
	checkTexts(t, all, ids, 0)
	// Two statements a page with decks, one for the empty page at the end.
	if c := n.Load() - before; c != int64(2*pages+1) {
		t.Fatalf("%d pages took %d statements", pages, c)
	}
}

// TestVisibleDeckIDs: owned and shared decks, not others'; answered from
// the two indexes, without scanning a table.
func TestVisibleDeckIDs(t *testing.T) {
	db := newTestDB(t)
	ctx := context.Background()
	var users []int64
	for _, name := range []string{"ann", "bob", "cat"} {
		u, err := db.CreateUser(ctx, name, "x", RoleMember, false)
		if err != nil {
			t.Fatal(err)
		}
		users = append(users, u.ID)
	}
	ann := textDecks(t, db, users[0], 3)
	bob := textDecks(t, db, users[1], 2)
	err := db.Write(ctx, func(tx *Tx) error {
		_, err := tx.SetMember(ctx, bob[1], users[0], "viewer")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range [][]int64{append(slices.Clone(ann), bob[1]), bob, nil} {
		got, err := db.VisibleDeckIDs(ctx, users[i])
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("user %d sees %v, want %v", i, got, want)
		}
	}

	plan := queryPlan(t, db, visibleDecksSQL, users[0])
	for _, step := range plan {
		if strings.HasPrefix(step, "SCAN ") {
			t.Errorf("full scan %q in plan:\n  %s", step, strings.Join(plan, "\n  "))
		}
	}
	joined := strings.Join(plan, "\n")
	for _, idx := range []string{"decks_owner", "deck_members_user"} {
		if !strings.Contains(joined, idx) {
			t.Errorf("plan does not use %s:\n  %s", idx, strings.Join(plan, "\n  "))
		}
	}
}

func queryPlan(t *testing.T, db *DB, stmt string, args ...any) []string {
	t.Helper()
	rows, err := db.r.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+stmt, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	return plan
}

// TestDecksByIDsMatchesListDecks: the summaries are exactly ListDecks'
// items (role, card count, cover, members), in the order asked, without the
// decks the user cannot see or that do not exist.
func TestDecksByIDsMatchesListDecks(t *testing.T) {
	db := newTestDB(t)
	ctx := context.Background()
	shared, _ := seedDeck(t, db, 6) // owner, an editor and a viewer; a cover
	editor, err := db.UserByName(ctx, "ed6")
	if err != nil {
		t.Fatal(err)
	}
	own := textDecks(t, db, editor.ID, 2)
	stranger, err := db.CreateUser(ctx, "stranger", "x", RoleMember, false)
	if err != nil {
		t.Fatal(err)
	}
	other := textDecks(t, db, stranger.ID, 1)

	listed, _, err := db.ListDecks(ctx, editor.ID, nil, 50)
	if err != nil || len(listed) != 3 {
		t.Fatalf("list: %d decks, %v", len(listed), err)
	}
	byID := map[int64]Deck{}
	for _, d := range listed {
		byID[d.ID] = d
	}
	ask := []int64{own[1], other[0], shared, 424242, own[0], shared}
	got, err := db.DecksByIDs(ctx, editor.ID, ask)
	if err != nil {
		t.Fatal(err)
	}
	want := []Deck{byID[own[1]], byID[shared], byID[own[0]]}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("DecksByIDs:\n got %+v\nwant %+v", got, want)
	}
	if s := got[1]; s.Role != "editor" || s.Cover == nil || s.CardCount != 6 || len(s.Members) != 2 {
		t.Fatalf("shared deck summary: %+v", s)
	}
	if got, err := db.DecksByIDs(ctx, stranger.ID, []int64{shared, own[0]}); err != nil || len(got) != 0 {
		t.Fatalf("a stranger got %+v, %v", got, err)
	}
}
