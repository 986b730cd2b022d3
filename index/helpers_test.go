package index

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/shotdeck/shotdeck/data"
	"github.com/shotdeck/shotdeck/taxonomy"
)

// openTemp opens a fresh index in a temporary directory, closed when the
// test ends.
func openTemp(t testing.TB) (*Index, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "index")
	x, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	return x, dir
}

// manifestLine is the part of a generated manifest line the index uses.
type manifestLine struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	Movie       struct {
		Title              string `json:"title"`
		Year               int    `json:"year"`
		Director           string `json:"director"`
		Cinematographer    string `json:"cinematographer"`
		ProductionDesigner string `json:"production_designer"`
		CostumeDesigner    string `json:"costume_designer"`
		Editor             string `json:"editor"`
	} `json:"movie"`
	Actors []string `json:"actors"`
	Tags   []string `json:"tags"`
}

// generatedDocs returns n realistic docs from the synthetic library
// generator, with ids 1..n.
func generatedDocs(t testing.TB, n int, seed int64) []Doc {
	t.Helper()
	docs := make([]Doc, 0, n)
	err := data.GenerateLines(n, seed, func(line []byte) error {
		var m manifestLine
		if err := json.Unmarshal(line, &m); err != nil {
			return err
		}
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(line, &raw); err != nil {
			return err
		}
		d := Doc{
			ID:    uint32(len(docs) + 1),
			Title: m.Title, Description: m.Description,
			MovieTitle: m.Movie.Title, Year: m.Movie.Year,
			Director: m.Movie.Director, Cinematographer: m.Movie.Cinematographer,
			ProductionDesigner: m.Movie.ProductionDesigner, CostumeDesigner: m.Movie.CostumeDesigner,
			Editor: m.Movie.Editor, Actors: m.Actors, Tags: m.Tags,
			Values: map[string][]string{},
		}
		for _, f := range taxonomy.Fields() {
			v, ok := raw[f.Name]
			if !ok {
				continue
			}
			if f.Multi {
				var vs []string
				if err := json.Unmarshal(v, &vs); err != nil {
					return err
				}
				d.Values[f.Name] = vs
			} else {
				var s string
				if err := json.Unmarshal(v, &s); err != nil {
					return err
				}
				d.Values[f.Name] = []string{s}
			}
		}
		docs = append(docs, d)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return docs
}
