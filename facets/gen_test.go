package facets

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/shotdeck/shotdeck/taxonomy"
)

// library describes a synthetic library: pool sizes for the credit fields,
// shaped like a real one (stills grouped into films, a film's crew shared by
// its stills, a cast per film).
type library struct {
	movies, directors, cinematographers, actors, tags int
	tagsPerDoc                                        int
	swatches                                          bool
	caseNoise                                         bool // spell credits in random case, to exercise folding
}

// movie is one film of the synthetic library.
type movie struct {
	year          int
	director, dop string
	cast          []string
}

// gen makes docs for a library.
type gen struct {
	lib    library
	r      *rand.Rand
	movies []movie
}

func newGen(lib library, seed uint64) *gen {
	g := &gen{lib: lib, r: rand.New(rand.NewPCG(seed, 1))}
	for range lib.movies {
		m := movie{
			year:     1920 + g.r.IntN(105),
			director: fmt.Sprintf("Director %d", g.r.IntN(lib.directors)),
			dop:      fmt.Sprintf("Cinematographer %d", g.r.IntN(lib.cinematographers)),
		}
		if g.r.IntN(30) == 0 {
			m.year = 0 // a film of unknown year
		}
		for range 8 + g.r.IntN(8) {
			m.cast = append(m.cast, fmt.Sprintf("Actor %d", g.r.IntN(lib.actors)))
		}
		g.movies = append(g.movies, m)
	}
	return g
}

// spell returns s, or with caseNoise one of its case variants.
func (g *gen) spell(s string) string {
	if !g.lib.caseNoise {
		return s
	}
	switch g.r.IntN(4) {
	case 0:
		return strings.ToLower(s)
	case 1:
		return strings.ToUpper(s)
	case 2:
		return " " + s
	}
	return s
}

// doc returns a random doc with the given id.
func (g *gen) doc(id uint32) Doc {
	r := g.r
	mi := r.IntN(len(g.movies))
	m := g.movies[mi]
	vals := map[string][]string{}
	for _, f := range taxonomy.Fields() {
		if f.Multi {
			n := r.IntN(4)
			for range n {
				vals[f.Name] = append(vals[f.Name], f.Values[r.IntN(len(f.Values))].Value)
			}
		} else if r.IntN(10) != 0 { // a tenth of stills leave a field unset
			vals[f.Name] = []string{f.Values[r.IntN(len(f.Values))].Value}
		}
	}
	vals[FieldMovie] = []string{strconv.Itoa(mi + 1)}
	vals[FieldDirector] = []string{g.spell(m.director)}
	vals[FieldCinematographer] = []string{g.spell(m.dop)}
	for range r.IntN(4) {
		vals[FieldActor] = append(vals[FieldActor], g.spell(m.cast[r.IntN(len(m.cast))]))
	}
	nt := g.lib.tagsPerDoc - 2 + r.IntN(5)
	for range max(nt, 0) {
		vals[FieldTag] = append(vals[FieldTag], g.spell(fmt.Sprintf("tag%d", r.IntN(g.lib.tags))))
	}
	d := Doc{ID: id, Year: m.year, Values: vals}
	if g.lib.swatches {
		d.Swatches = g.palette()
	}
	return d
}

// palette returns up to six swatches with shares summing to one; a few
// coordinates fall outside the usual Lab range, as clamping must handle.
func (g *gen) palette() []Swatch {
	r := g.r
	n := r.IntN(7)
	var out []Swatch
	total := 0.0
	shares := make([]float64, n)
	for i := range shares {
		shares[i] = r.Float64() + 0.01
		total += shares[i]
	}
	for i := range n {
		out = append(out, Swatch{
			L:     float32(r.Float64()*110 - 5),
			A:     float32(r.NormFloat64() * 35),
			B:     float32(r.NormFloat64() * 35),
			Share: float32(shares[i] / total),
		})
	}
	return out
}

// testLibrary is small enough for brute force and dense enough that random
// filters hit docs.
var testLibrary = library{movies: 60, directors: 25, cinematographers: 20, actors: 120, tags: 30, tagsPerDoc: 4, swatches: true, caseNoise: true}

// benchLibrary is the 1M-still shape of the benchmarks.
var benchLibrary = library{movies: 3000, directors: 2000, cinematographers: 1500, actors: 20000, tags: 200, tagsPerDoc: 5, swatches: true}

// randomValue returns a value to filter field name by: usually one the
// library holds, sometimes one it does not.
func (g *gen) randomValue(name string) string {
	r := g.r
	if r.IntN(20) == 0 {
		return "no-such-value"
	}
	switch name {
	case FieldMovie:
		return strconv.Itoa(1 + r.IntN(len(g.movies)))
	case FieldDirector:
		return g.spell(g.movies[r.IntN(len(g.movies))].director)
	case FieldCinematographer:
		return g.spell(g.movies[r.IntN(len(g.movies))].dop)
	case FieldActor:
		m := g.movies[r.IntN(len(g.movies))]
		return g.spell(m.cast[r.IntN(len(m.cast))])
	case FieldTag:
		return g.spell(fmt.Sprintf("tag%d", r.IntN(g.lib.tags)))
	case FieldYear:
		return strconv.Itoa(1920 + r.IntN(105))
	case FieldDecade:
		return taxonomy.Decade(1920 + r.IntN(105))
	}
	f, _ := taxonomy.Lookup(name)
	return f.Values[r.IntN(len(f.Values))].Value
}

// allFields lists every field the index counts.
func allFields() []string {
	var out []string
	for _, f := range taxonomy.Fields() {
		out = append(out, f.Name)
	}
	return append(out, FieldDirector, FieldCinematographer, FieldActor, FieldTag, FieldMovie, FieldDecade, FieldYear)
}
