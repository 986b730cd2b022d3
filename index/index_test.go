package index

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestApplyPersistsAcrossReopen(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	x, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !x.Rebuilt() {
		t.Error("a new index should report Rebuilt")
	}
	if seq, err := x.LastSeq(); err != nil || seq != 0 {
		t.Errorf("LastSeq of a new index = %d, %v", seq, err)
	}
	if err := x.Apply(stills, nil, 41); err != nil {
		t.Fatal(err)
	}
	// Change one still and delete two; an id in both lists is deleted.
	changed := stills[0]
	changed.Title = "Coffee shop"
	if err := x.Apply([]Doc{changed, stills[1]}, []uint32{2, 3}, 42); err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}

	x, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if x.Rebuilt() {
		t.Error("reopening an index of this version should not rebuild")
	}
	if seq, err := x.LastSeq(); err != nil || seq != 42 {
		t.Errorf("LastSeq = %d, %v; want 42", seq, err)
	}
	if n, err := x.DocCount(); err != nil || n != uint64(len(stills)-2) {
		t.Errorf("DocCount = %d, %v; want %d", n, err, len(stills)-2)
	}
	ctx := context.Background()
	for q, want := range map[string][]uint32{
		"coffee shop": {1},
		"diner":       {1}, // still a tag
		"shootout":    nil, // deleted
		"collateral":  nil, // deleted
		"pacino":      {1},
	} {
		hits, _, err := x.Search(ctx, q+" ", nil, 10)
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(hits); !slices.Equal(got, want) && len(got)+len(want) > 0 {
			t.Errorf("Search(%q) = %v, want %v", q, got, want)
		}
	}
}

func TestOpenRebuildsOnMappingVersionChange(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	x, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Apply(stills, nil, 7); err != nil {
		t.Fatal(err)
	}
	// Pretend an older binary wrote it.
	if err := x.bleve.SetInternal(keyVersion, []byte("0-00000000")); err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}

	x, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if !x.Rebuilt() {
		t.Fatal("an index of another mapping version should be rebuilt")
	}
	if n, _ := x.DocCount(); n != 0 {
		t.Errorf("rebuilt index holds %d docs", n)
	}
	if seq, _ := x.LastSeq(); seq != 0 {
		t.Errorf("rebuilt index has LastSeq %d", seq)
	}
}

func TestOpenRecoversHalfCreatedIndex(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	if err := os.MkdirAll(filepath.Join(dir, "store"), 0o755); err != nil {
		t.Fatal(err)
	}
	x, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	x.Close()
	if !x.Rebuilt() {
		t.Error("want Rebuilt")
	}
}

func TestOpenRefusesForeignDirectory(t *testing.T) {
	dir := t.TempDir()
	precious := filepath.Join(dir, "thesis.txt")
	if err := os.WriteFile(precious, []byte("years of work"), 0o644); err != nil {
		t.Fatal(err)
	}
	if x, err := Open(dir); err == nil {
		x.Close()
		t.Fatal("Open took over a directory that is not an index")
	}
	if _, err := os.Stat(precious); err != nil {
		t.Fatal("Open deleted a file it does not own")
	}
}

func TestApplyInManyBatches(t *testing.T) {
	x, _ := openTemp(t)
	docs := generatedDocs(t, batchSize*2+17, 3)
	if err := x.Apply(docs, []uint32{5, 6}, 99); err != nil {
		t.Fatal(err)
	}
	if n, _ := x.DocCount(); n != uint64(len(docs)-2) {
		t.Errorf("DocCount %d, want %d", n, len(docs)-2)
	}
	if seq, _ := x.LastSeq(); seq != 99 {
		t.Errorf("LastSeq %d", seq)
	}
}
