// Package facets is the in-memory faceted-filter engine over the library's
// stills: one roaring bitmap of image ids per (field, value), so that filtered
// listing, facet counts and colour search at a million stills cost bitmap
// operations instead of SQL joins. It holds ids and values only, derived
// from SQLite, which stays the source of truth: callers fill it from the
// store and apply every later change with Put and Delete.
package facets

import (
	"strconv"
	"strings"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/shotdeck/shotdeck/taxonomy"
)

// Field names beyond the taxonomy's.
const (
	FieldDirector        = "director"
	FieldCinematographer = "cinematographer"
	FieldActor           = "actor"
	FieldTag             = "tag"
	FieldMovie           = "movie"
	FieldDecade          = "decade"
	FieldYear            = "year"
)

// foldFields are compared case-insensitively: people and tags are typed by
// hand, and "Michael Mann" and "michael mann" are one person.
var foldFields = map[string]bool{
	FieldDirector: true, FieldCinematographer: true, FieldActor: true, FieldTag: true,
}

// Doc is what the index knows of one still.
type Doc struct {
	ID   uint32
	Year int // 0 = unknown; outside 1..65535 counts as unknown
	// Values maps a field name to the still's values in it. "year" and
	// "decade" are derived from Year by the index and ignored here.
	Values   map[string][]string
	Swatches []Swatch // the palette; only the first maxSwatches are kept
}

// posting is one (field, value) and the docs holding it.
type posting struct {
	key     string // the value as matched (lowercased for foldFields)
	display string // one spelling of the value as given, for counts; "" while no doc holds it
	bm      *roaring.Bitmap
}

// field is one facet field: its values and their postings.
type field struct {
	name  string
	fold  bool
	seg   int               // narrow for the small vocabularies, wide for credits, tags, movies
	ids   map[string]uint32 // key → posting id
	posts []uint32          // this field's posting ids, in creation order
}

// fieldStats sums up a field's postings for the counting cost model.
type fieldStats struct {
	values  uint64 // values with at least one doc
	entries uint64 // sum of their sizes
}

// Index is the facet index. It is safe for concurrent readers and one writer.
type Index struct {
	mu         sync.RWMutex
	fields     []*field
	byName     map[string]int
	posts      []posting
	postField  []uint16 // posting id → field index
	docs       docTable
	all        *roaring.Bitmap // every indexed doc
	hasYear    *roaring.Bitmap // docs with a known year
	years      []int           // every year ever seen, ascending (a year may have emptied since)
	yearPost   map[int]uint32  // year → posting id of field "year"
	decadePost map[int]uint32  // year/10 → posting id of field "decade"
	grid       colorGrid
	entries    [2]uint64    // sum of the postings' sizes per segment, for the counting cost model
	stats      []fieldStats // per field, for the same
	gen        uint64       // bumped by every write; stamps cached orders

	yearField, decadeField *field
	scratchNew, scratchOld [2][]uint32 // writer-only buffers by segment, used under mu
	scratchEnc             [3][]byte

	strategy int // counting strategy; tests force one, otherwise strategyAuto

	orderMu sync.Mutex
	orders  map[int]cachedOrder // field index → values by descending size
}

// New returns an empty index with the taxonomy fields and the credit, movie
// and year fields registered, and every taxonomy value known (with no docs).
func New() *Index {
	x := &Index{
		byName:     map[string]int{},
		all:        roaring.New(),
		hasYear:    roaring.New(),
		yearPost:   map[int]uint32{},
		decadePost: map[int]uint32{},
		orders:     map[int]cachedOrder{},
	}
	x.registerKnown()
	return x
}

// registerKnown registers what every index knows before its first doc: the
// taxonomy's fields and values, the credit, movie and year fields, and film
// history's years. Load calls it too, so that an index loaded from a
// snapshot taken before a taxonomy change knows the new values.
func (x *Index) registerKnown() {
	for _, f := range taxonomy.Fields() {
		fd := x.field(f.Name)
		for _, v := range f.Values {
			if _, ok := fd.ids[fd.keyOf(v.Value)]; !ok {
				x.intern(fd, v.Value)
			}
		}
	}
	for _, name := range []string{FieldDirector, FieldCinematographer, FieldActor, FieldTag, FieldMovie} {
		x.field(name)
	}
	x.decadeField = x.field(FieldDecade)
	x.yearField = x.field(FieldYear)
	// Years of film history get their ids now, next to the taxonomy's, so
	// that a doc's narrow values stay one byte apart in its encoded list.
	for y := 1870; y < 2050; y++ {
		if _, ok := x.yearPost[y]; !ok {
			x.yearIDs(y)
		}
	}
}

// field returns the named field, registering it on first use so that callers
// can index fields this package does not list.
func (x *Index) field(name string) *field {
	if i, ok := x.byName[name]; ok {
		return x.fields[i]
	}
	f := &field{name: name, fold: foldFields[name], seg: wide, ids: map[string]uint32{}}
	if _, ok := taxonomy.Lookup(name); ok || name == FieldYear || name == FieldDecade {
		f.seg = narrow
	}
	x.byName[name] = len(x.fields)
	x.fields = append(x.fields, f)
	x.stats = append(x.stats, fieldStats{})
	return f
}

// lookup returns the field called name, or nil.
func (x *Index) lookup(name string) (*field, int) {
	i, ok := x.byName[name]
	if !ok {
		return nil, -1
	}
	return x.fields[i], i
}

// keyOf returns the matching key of value v in f, "" for no value.
func (f *field) keyOf(v string) string {
	if f.fold {
		return strings.ToLower(strings.TrimSpace(v))
	}
	return v
}

// intern returns the posting id of value v in f, creating the posting.
func (x *Index) intern(f *field, v string) (uint32, bool) {
	key := f.keyOf(v)
	if key == "" {
		return 0, false
	}
	id, ok := f.ids[key]
	if !ok {
		id = uint32(len(x.posts))
		x.posts = append(x.posts, posting{key: key, bm: roaring.New()})
		x.postField = append(x.postField, uint16(x.byName[f.name]))
		f.ids[key] = id
		f.posts = append(f.posts, id)
		if f == x.yearField {
			y, _ := strconv.Atoi(key)
			x.yearPost[y] = id
			x.insertYear(y)
		}
	}
	if x.posts[id].display == "" {
		// The first spelling seen since the value last had no docs.
		x.posts[id].display = v
		if f.fold {
			x.posts[id].display = strings.TrimSpace(v)
		}
	}
	return id, true
}

func (x *Index) insertYear(y int) {
	i := len(x.years)
	for i > 0 && x.years[i-1] > y {
		i--
	}
	x.years = append(x.years, 0)
	copy(x.years[i+1:], x.years[i:])
	x.years[i] = y
}

// normYear maps a year to what the index stores: 0 for unknown.
func normYear(y int) int {
	if y <= 0 || y > 0xFFFF {
		return 0
	}
	return y
}

// Len returns the number of indexed docs.
func (x *Index) Len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return int(x.all.GetCardinality())
}
