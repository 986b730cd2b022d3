// Package search is the search service: it keeps the full-text index
// (package index, Bleve) and the in-memory facet engine (package facets)
// in step with SQLite through the outbox, and answers searches, facet
// counts, colour searches, streams and autocomplete by combining them.
package search

import (
	"strconv"

	"github.com/shotdeck/shotdeck/facets"
	"github.com/shotdeck/shotdeck/index"
	"github.com/shotdeck/shotdeck/store"
)

// Facet fields beyond the taxonomy: credits, free lists and the film.
const (
	FieldDirector        = "director"
	FieldCinematographer = "cinematographer"
	FieldActor           = "actor"
	FieldTag             = "tag"
	FieldMovie           = "movie"
	FieldYear            = "year"
	FieldDecade          = "decade"
)

// textDoc is what the full-text index holds of a still.
func textDoc(d *store.IndexDoc) index.Doc {
	return index.Doc{
		ID:                 uint32(d.ID),
		Title:              d.Title,
		Description:        d.Description,
		MovieTitle:         d.MovieTitle,
		Year:               d.Year,
		Director:           d.Director,
		Cinematographer:    d.Cinematographer,
		ProductionDesigner: d.ProductionDesigner,
		CostumeDesigner:    d.CostumeDesigner,
		Editor:             d.Editor,
		Actors:             d.Actors,
		Tags:               d.Tags,
		Values:             d.Values,
	}
}

// facetDoc is what the facet engine holds of a still.
func facetDoc(d *store.IndexDoc) facets.Doc {
	vals := make(map[string][]string, len(d.Values)+5)
	for k, v := range d.Values {
		vals[k] = v
	}
	if d.Director != "" {
		vals[FieldDirector] = []string{d.Director}
	}
	if d.Cinematographer != "" {
		vals[FieldCinematographer] = []string{d.Cinematographer}
	}
	if len(d.Actors) > 0 {
		vals[FieldActor] = d.Actors
	}
	if len(d.Tags) > 0 {
		vals[FieldTag] = d.Tags
	}
	if d.MovieID != 0 {
		vals[FieldMovie] = []string{strconv.FormatInt(d.MovieID, 10)}
	}
	sw := make([]facets.Swatch, len(d.Swatches))
	for i, s := range d.Swatches {
		sw[i] = facets.Swatch{L: float32(s.L), A: float32(s.A), B: float32(s.B), Share: float32(s.Share)}
	}
	return facets.Doc{ID: uint32(d.ID), Year: d.Year, Values: vals, Swatches: sw}
}
