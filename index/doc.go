package index

import (
	"slices"
	"strconv"
	"strings"

	"github.com/shotdeck/shotdeck/taxonomy"
)

// Doc is what the index knows about one still: the text that search matches
// and the taxonomy values it can be narrowed by. Nothing of it is stored in
// the index; hits carry only the id.
type Doc struct {
	ID                 uint32 // SQLite image id; the Bleve doc id is its zero-padded decimal string
	Title, Description string
	MovieTitle         string
	Year               int
	Director           string
	Cinematographer    string
	ProductionDesigner string
	CostumeDesigner    string
	Editor             string
	Actors, Tags       []string
	// Values maps a taxonomy field to its value slugs ("frame_size" ->
	// ["close_up"]). Each value is indexed as a keyword term of its field and
	// its label as text, so the words "close up" find it too. Fields the
	// taxonomy does not know are ignored.
	Values map[string][]string
}

// docID is the Bleve document id of an image id: its decimal string,
// zero-padded to the ten digits of the largest uint32, so that Bleve's _id
// order (bytewise) is numeric order and _id can break score ties cheaply.
func docID(id uint32) string {
	s := strconv.FormatUint(uint64(id), 10)
	return "0000000000"[len(s):] + s
}

// fields maps d to the Bleve document the mapping describes.
func (d *Doc) fields() map[string]any {
	m := make(map[string]any, 16)
	text := make([]string, 0, 16)
	add := func(field string, vs ...string) {
		vs = nonEmpty(vs)
		if len(vs) == 0 {
			return
		}
		text = append(text, vs...)
		if field != "" {
			m[field] = vs
		}
	}
	add(fieldTitle, d.Title)
	add(fieldMovie, d.MovieTitle)
	add(fieldPeople, append([]string{d.Director, d.Cinematographer, d.ProductionDesigner,
		d.CostumeDesigner, d.Editor}, d.Actors...)...)
	add(fieldTags, d.Tags...)
	add("", d.Description)

	var labels []string
	for name, values := range d.Values {
		f, known := taxonomy.Lookup(name)
		if !known || len(values) == 0 {
			continue
		}
		m[valuePrefix+name] = values
		for _, v := range values {
			labels = append(labels, f.LabelOf(v))
		}
	}
	slices.Sort(labels) // map order is random; keep the document stable
	add("", labels...)
	if len(text) > 0 {
		m[fieldText] = text
	}
	if d.Year > 0 {
		m[fieldYear] = float64(d.Year)
	}
	return m
}

func nonEmpty(xs []string) []string {
	var out []string
	for _, x := range xs {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}
