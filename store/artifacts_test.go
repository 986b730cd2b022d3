package store

import (
	"bytes"
	"errors"
	"path/filepath"
	"testing"
)

func TestArtifactsReplaceOlderVersionsAndRespectTheCap(t *testing.T) {
	b, err := OpenBlobs(filepath.Join(t.TempDir(), "blobs.bolt"))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	kb := func(n int) []byte { return bytes.Repeat([]byte{'x'}, n<<10) }
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	v1 := ArtifactKey{DeckID: 7, Version: 1, Format: "pdf"}
	must(b.PutArtifact(v1, kb(10), 0))
	must(b.PutArtifact(ArtifactKey{7, 1, "zip"}, kb(10), 0))
	v2 := ArtifactKey{DeckID: 7, Version: 2, Format: "pdf"}
	must(b.PutArtifact(v2, kb(10), 0))
	if _, err := b.Artifact(v1); !errors.Is(err, ErrNotFound) {
		t.Fatalf("version 1 kept after version 2: %v", err)
	}
	if k, ok := b.LatestArtifact(7, "pdf"); !ok || k != v2 {
		t.Fatalf("latest pdf: %+v %v", k, ok)
	}
	if _, ok := b.LatestArtifact(7, "zip"); ok {
		t.Fatal("the zip of version 1 outlived version 2")
	}
	// The cap evicts the oldest, of any deck.
	for d := int64(1); d <= 5; d++ {
		must(b.PutArtifact(ArtifactKey{d, 1, "zip"}, kb(10), 35<<10))
	}
	kept := 0
	for d := int64(1); d <= 7; d++ {
		if _, ok := b.LatestArtifact(d, "zip"); ok {
			kept++
		}
	}
	if _, ok := b.LatestArtifact(1, "zip"); ok || kept != 3 {
		t.Fatalf("after the cap: %d zips kept (the oldest must go first)", kept)
	}
	must(b.DeleteDeckArtifacts(5))
	if _, ok := b.LatestArtifact(5, "zip"); ok {
		t.Fatal("a deleted deck's export remains")
	}
}
