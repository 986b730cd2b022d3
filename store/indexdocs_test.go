package store

import (
	"context"
	"slices"
	"testing"
)

func TestIndexDocs(t *testing.T) {
	db := newTestDB(t)
	ctx := context.Background()
	var ids []int64
	err := db.Write(ctx, func(tx *Tx) error {
		for _, in := range []*ImageInput{
			{ExternalID: "a", Title: "Diner", Movie: &MovieInput{Title: "Heat", Year: 1995, Director: "Michael Mann"},
				Single: map[string]string{"frame_size": "close_up"}, Multi: map[string][]string{"lighting": {"soft", "practical_missing_is_fine"}},
				Tags: []string{"diner"}, Actors: []string{"Al Pacino"}, Palette: []Swatch{{Hex: "#102030", Share: 0.6, L: 12, A: -1, B: -10}}},
			{ExternalID: "b", Title: "Loose", Single: map[string]string{}, Multi: map[string][]string{}},
			{ExternalID: "c", Title: "Third", Single: map[string]string{"int_ext": "exterior"}, Multi: map[string][]string{}},
		} {
			res, err := tx.SaveImage(ctx, in)
			if err != nil {
				return err
			}
			ids = append(ids, res.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	docs, err := db.IndexDocs(ctx, []int64{ids[0], 999999, ids[1]})
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 {
		t.Fatalf("%d docs", len(docs))
	}
	d := docs[0]
	if d.ID != ids[0] || d.MovieTitle != "Heat" || d.Year != 1995 || d.Director != "Michael Mann" ||
		!slices.Equal(d.Values["frame_size"], []string{"close_up"}) || !slices.Equal(d.Values["lighting"], []string{"soft", "practical_missing_is_fine"}) ||
		!slices.Equal(d.Tags, []string{"diner"}) || !slices.Equal(d.Actors, []string{"Al Pacino"}) || len(d.Swatches) != 1 || d.Swatches[0].L != 12 {
		t.Fatalf("doc = %+v", d)
	}
	if docs[1].MovieID != 0 || docs[1].Year != 0 || len(docs[1].Values) != 0 {
		t.Fatalf("loose doc = %+v", docs[1])
	}
	var walked []int64
	for after := int64(0); ; {
		page, err := db.IndexDocsAfter(ctx, after, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		for _, d := range page {
			walked = append(walked, d.ID)
		}
		after = page[len(page)-1].ID
	}
	if !slices.Equal(walked, ids) {
		t.Fatalf("walk = %v, want %v", walked, ids)
	}
}
