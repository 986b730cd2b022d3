package export

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/shotdeck/shotdeck/store"
)

// unzip reads every entry of an archive.
func unzip(t *testing.T, b []byte) (map[string][]byte, []*zip.File) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("read zip: %v", err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatalf("open %s: %v", f.Name, err)
		}
		data, err := io.ReadAll(rc) // also checks the CRC
		rc.Close()
		if err != nil {
			t.Fatalf("read %s: %v", f.Name, err)
		}
		if _, dup := files[f.Name]; dup {
			t.Errorf("entry %s twice", f.Name)
		}
		files[f.Name] = data
	}
	return files, zr.File
}

func TestZIP(t *testing.T) {
	t.Parallel()
	d, src, cards := buildDeck(t, t.TempDir(), 50, 160, 90, smallOriginal(t))
	deckJSON := []byte(`{"id":"7","title":"Heat — night exteriors","cards":[]}` + "\n")
	var buf bytes.Buffer
	var progress []int
	err := ZIP(context.Background(), &buf, d, deckJSON, src, Options{Date: exportDate, Progress: func(done, total int) {
		progress = append(progress, done)
	}})
	if err != nil {
		t.Fatalf("ZIP: %v", err)
	}
	if len(progress) != 50 || progress[49] != 50 {
		t.Errorf("progress %v, want 1..50", progress)
	}
	if src.maxOpen != 1 {
		t.Errorf("%d originals open at once, want 1 (streamed one by one)", src.maxOpen)
	}
	files, entries := unzip(t, buf.Bytes())

	if !bytes.Equal(files["deck.json"], deckJSON) {
		t.Errorf("deck.json = %q, want the bytes given", files["deck.json"])
	}
	for _, e := range entries {
		want := zip.Store
		if e.Name == "deck.json" || e.Name == "credits.csv" {
			want = zip.Deflate
		}
		if e.Method != want {
			t.Errorf("%s: method %d, want %d", e.Name, e.Method, want)
		}
		if !e.Modified.Equal(exportDate) {
			t.Errorf("%s: modified %v, want %v", e.Name, e.Modified, exportDate)
		}
	}

	rows := readCredits(t, files["credits.csv"])
	wantFiles := 2 // deck.json, credits.csv
	var stillCards int
	for i, tc := range cards {
		if tc.kind == kindText {
			continue
		}
		stillCards++
		row, ok := rows[i+1]
		if !ok {
			t.Errorf("credits.csv has no row for card %d", i+1)
			continue
		}
		if tc.kind == kindCatalog {
			if row["file"] != "" {
				t.Errorf("card %d is catalog-only but credits name a file %q", i+1, row["file"])
			}
			continue
		}
		wantFiles++
		cr := src.credits[tc.stillID]
		want := fmt.Sprintf("%03d-%s-%d-%s.%s", i+1, slug(cr.Film), cr.Year, slug(d.Cards[i].Image.Title), tc.ext)
		if row["file"] != want {
			t.Errorf("card %d: file %q, want %q", i+1, row["file"], want)
		}
		if got, ok := files[want]; !ok || !bytes.Equal(got, tc.original) {
			t.Errorf("card %d: %s missing or not the original bytes", i+1, want)
		}
		if row["film"] != cr.Film || row["year"] != strconv.Itoa(cr.Year) || row["director"] != cr.Director ||
			row["cinematographer"] != cr.Cinematographer || row["still_title"] != d.Cards[i].Image.Title || row["note"] != tc.note {
			t.Errorf("card %d: credits row %v does not match %+v / %q", i+1, row, cr, tc.note)
		}
	}
	if len(rows) != stillCards {
		t.Errorf("credits.csv has %d rows, want %d (one per card with a still)", len(rows), stillCards)
	}
	if len(files) != wantFiles {
		t.Errorf("archive has %d entries, want %d", len(files), wantFiles)
	}
}

// readCredits parses credits.csv into rows by position.
func readCredits(t *testing.T, b []byte) map[int]map[string]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("credits.csv: %v", err)
	}
	if len(recs) == 0 || strings.Join(recs[0], ",") != "position,file,film,year,director,cinematographer,still_title,note" {
		t.Fatalf("credits.csv header: %v", recs)
	}
	rows := map[int]map[string]string{}
	for _, rec := range recs[1:] {
		row := map[string]string{}
		for j, h := range recs[0] {
			row[h] = rec[j]
		}
		pos, err := strconv.Atoi(row["position"])
		if err != nil {
			t.Fatalf("credits.csv: position %q", row["position"])
		}
		rows[pos] = row
	}
	return rows
}

// Titles and films that are not ASCII, or try to be paths, still give safe,
// distinct names; spreadsheet formulas in notes are defused.
func TestZIPHostileNames(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src := newFileSource()
	d := &store.DeckWithCards{Deck: store.Deck{Title: "x"}}
	titles := []string{"../../etc/passwd", "東京", "Amélie", "", "C:\\Windows\\evil"}
	for i, title := range titles {
		id := int64(i + 1)
		img := testStill(id, i)
		img.Title = title
		img.Movie = nil // no film to fall back on
		tc := testCard{kind: kindStill, stillID: id}
		addMedia(t, src, dir, &tc, 1, 32, 24, smallOriginal(t)) // as card 1: a .jpg original
		src.credits[id] = Credits{Film: []string{"../..", "東京物語", "Amélie", "", "CON"}[i], Year: 2001}
		d.Cards = append(d.Cards, store.Card{ID: id, Image: img, Note: "=HYPERLINK(\"http://x\")"})
	}
	var buf bytes.Buffer
	if err := ZIP(context.Background(), &buf, d, []byte("{}"), src, Options{}); err != nil {
		t.Fatal(err)
	}
	files, _ := unzip(t, buf.Bytes())
	want := []string{"001-2001-etc-passwd.jpg", "002-2001.jpg", "003-amelie-2001-amelie.jpg", "004-2001.jpg", "005-con-2001-c-windows-evil.jpg"}
	for _, w := range want {
		if _, ok := files[w]; !ok {
			t.Errorf("no entry %q", w)
		}
	}
	for name := range files {
		if strings.ContainsAny(name, "/\\:") || strings.Contains(name, "..") {
			t.Errorf("unsafe entry name %q", name)
		}
	}
	rows := readCredits(t, files["credits.csv"])
	if got := rows[1]["note"]; got != `'=HYPERLINK("http://x")` {
		t.Errorf("formula note written as %q", got)
	}
}

func TestZIPCancel(t *testing.T) {
	t.Parallel()
	d, src, _ := buildDeck(t, t.TempDir(), 20, 64, 36, smallOriginal(t))
	ctx, cancel := context.WithCancel(context.Background())
	err := ZIP(ctx, io.Discard, d, nil, src, Options{Progress: func(n, _ int) {
		if n == 3 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("ZIP after cancel: %v, want context.Canceled", err)
	}
	if src.originalsOpen != 0 {
		t.Errorf("%d originals left open", src.originalsOpen)
	}
}

func TestZIPSourceError(t *testing.T) {
	t.Parallel()
	boom := errors.New("original unreadable")
	d := &store.DeckWithCards{Cards: []store.Card{{ID: 1}, {ID: 2, Image: testStill(5, 0)}}}
	err := ZIP(context.Background(), io.Discard, d, nil, failingSource{boom}, Options{})
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "card 2") {
		t.Errorf("ZIP with a failing source: %v, want it wrapped with the card", err)
	}
}
