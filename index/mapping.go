package index

import (
	"fmt"
	"hash/fnv"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/shotdeck/shotdeck/taxonomy"
)

// mappingVersion changes whenever the mapping or what Doc puts in each field
// changes; Open rebuilds an index written with another version. (1 was a
// work-in-progress layout with one text field per source.)
const mappingVersion = 3

// Field names of the Bleve documents.
const (
	// fieldText holds every text of a still (title, description, film,
	// credits, actors, tags, labels of its taxonomy values), one array
	// element each so that phrases do not run from one into the next. Every
	// query word must match here: one field to search keeps a query to one
	// term dictionary per word, three times faster than asking each field.
	fieldText = "text"

	// Fields that only raise the score of a match, by how much a word
	// found there matters, and hold titles for exact literal matches.
	fieldTitle  = "title"  // still title
	fieldMovie  = "movie"  // film title
	fieldPeople = "people" // crew credits and actors
	fieldTags   = "tags"   // free tags

	fieldYear = "year" // release year, numeric

	valuePrefix = "v_" // + taxonomy field: its value slugs, as keyword terms
)

// Analyzers. The index keeps stop words, so films called "Up" or "It" and
// phrases like "The Man Who" stay findable; queries leave stop words out
// when there are other words (see compile), for which en tells them apart.
const (
	analyzerNames = "shotdeck_names" // en without its stop-word filter
	analyzerText  = en.AnalyzerName
)

// boostField is a field whose matches add to the score, with its weight.
type boostField struct {
	name  string
	boost float64
}

// boostFields weigh titles and credits above the rest (which counts once,
// through fieldText).
var boostFields = []boostField{
	{fieldTitle, 3},
	{fieldMovie, 3},
	{fieldPeople, 2.5},
	{fieldTags, 2},
}

// storedVersion is the version written into the index: mappingVersion plus a
// hash of the taxonomy labels, which are indexed as text, so editing a label
// also rebuilds.
func storedVersion() string {
	h := fnv.New32a()
	for _, f := range taxonomy.Fields() {
		for _, v := range f.Values {
			fmt.Fprintf(h, "%s=%s=%s\n", f.Name, v.Value, v.Label)
		}
	}
	return fmt.Sprintf("%d-%08x", mappingVersion, h.Sum32())
}

// newMapping builds the explicit mapping: one document type, no default or
// dynamic mapping, no _all field, nothing stored (the index answers ids; rows
// come from SQLite), term vectors only on the text fields (phrases need
// positions), doc values only on the fields a facet or sort may read.
func newMapping() (*mapping.IndexMappingImpl, error) {
	im := mapping.NewIndexMapping()
	err := im.AddCustomAnalyzer(analyzerNames, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []any{en.PossessiveName, lowercase.Name, porter.Name},
	})
	if err != nil {
		return nil, fmt.Errorf("index: mapping: %w", err)
	}
	im.DefaultAnalyzer = analyzerText
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	im.DefaultMapping = mapping.NewDocumentDisabledMapping()

	doc := mapping.NewDocumentStaticMapping()
	for _, name := range []string{fieldText, fieldTitle, fieldMovie, fieldPeople, fieldTags} {
		fm := mapping.NewTextFieldMapping()
		fm.Analyzer = analyzerNames
		fm.Store = false
		fm.IncludeInAll = false
		fm.IncludeTermVectors = true
		fm.DocValues = false
		doc.AddFieldMappingsAt(name, fm)
	}
	year := mapping.NewNumericFieldMapping()
	year.Store, year.IncludeInAll, year.DocValues = false, false, false
	doc.AddFieldMappingsAt(fieldYear, year)

	for _, f := range taxonomy.Fields() {
		doc.AddFieldMappingsAt(valuePrefix+f.Name, keywordField(true, false))
	}
	// Without this Bleve still builds an _all composite of every field,
	// even when no field is included in it.
	doc.AddSubDocumentMapping("_all", mapping.NewDocumentDisabledMapping())
	im.AddDocumentMapping(docType, doc)
	im.DefaultType = docType
	if err := im.Validate(); err != nil {
		return nil, fmt.Errorf("index: mapping: %w", err)
	}
	return im, nil
}

// docType is the one document type; every document gets it by default.
const docType = "still"

func keywordField(docValues, unscored bool) *mapping.FieldMapping {
	fm := mapping.NewKeywordFieldMapping()
	fm.Analyzer = keyword.Name
	fm.Store = false
	fm.IncludeInAll = false
	fm.IncludeTermVectors = false
	fm.DocValues = docValues
	fm.SkipFreqNorm = unscored // scoring a term without norms gives NaN
	return fm
}
