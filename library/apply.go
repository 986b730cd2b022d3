package library

import (
	"maps"
	"slices"

	"github.com/shotdeck/shotdeck/media"
	"github.com/shotdeck/shotdeck/store"
	"github.com/shotdeck/shotdeck/taxonomy"
)

// inputFromImage turns a stored still back into a complete input, the base
// that a line's present keys are laid over.
func inputFromImage(im *store.Image) *store.ImageInput {
	in := &store.ImageInput{
		ExternalID:  im.ExternalID,
		Title:       im.Title,
		Description: im.Description,
		Timecode:    im.Timecode,
		Single:      maps.Clone(im.Single),
		Multi:       map[string][]string{},
		Tags:        slices.Clone(im.Tags),
		Actors:      slices.Clone(im.Actors),
		Width:       im.Width,
		Height:      im.Height,
		Palette:     relab(im.PaletteDetail),
		Blurhash:    im.Blurhash,
	}
	for k, v := range im.Multi {
		in.Multi[k] = slices.Clone(v)
	}
	if m := im.Movie; m != nil {
		in.Movie = &store.MovieInput{Title: m.Title, ReleaseDate: m.ReleaseDate, Director: m.Director,
			Cinematographer: m.Cinematographer, ProductionDesigner: m.ProductionDesigner,
			CostumeDesigner: m.CostumeDesigner, Editor: m.Editor, Distributor: m.Distributor,
			Rating: m.Rating, Genres: slices.Clone(m.Genres)}
		if m.Year != nil {
			in.Movie.Year = *m.Year
		}
	}
	if im.Hash != "" {
		mime := ""
		if im.Mime != nil {
			mime = *im.Mime
		}
		in.Media = &store.MediaRef{Hash: im.Hash, Mime: mime, Ext: im.Ext, Bytes: im.Bytes}
	}
	return in
}

// apply lays the keys present in l over in. Pixel-derived fields (size,
// palette) from the line count only for catalog-only stills: a still with a
// file takes them from its pixels.
func (l *Line) apply(in *store.ImageInput) {
	if l.ID != "" {
		in.ExternalID = l.ID
	}
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&in.Title, l.Title)
	set(&in.Description, l.Description)
	set(&in.Timecode, l.Timecode)
	if l.HasMovie {
		in.Movie = nil
		if m := l.Movie; m != nil {
			in.Movie = &store.MovieInput{Title: m.Title, Year: m.Year, ReleaseDate: m.ReleaseDate,
				Director: m.Director, Cinematographer: m.Cinematographer,
				ProductionDesigner: m.ProductionDesigner, CostumeDesigner: m.CostumeDesigner,
				Editor: m.Editor, Distributor: m.Distributor, Rating: m.Rating, Genres: m.Genres}
		}
	}
	if in.Single == nil {
		in.Single = map[string]string{}
	}
	if in.Multi == nil {
		in.Multi = map[string][]string{}
	}
	maps.Copy(in.Single, l.Single)
	maps.Copy(in.Multi, l.Multi)
	if l.Tags != nil {
		in.Tags = *l.Tags
	}
	if l.Actors != nil {
		in.Actors = *l.Actors
	}
	if in.Media == nil {
		if l.Width != nil {
			in.Width = *l.Width
		}
		if l.Height != nil {
			in.Height = *l.Height
		}
		if l.Palette != nil {
			in.Palette = catalogPalette(*l.Palette)
			if _, given := l.Multi["color"]; !given {
				in.Multi["color"] = media.ColorFacets(toMedia(in.Palette))
			}
		}
	}
}

// finish derives what follows from the rest: the aspect-ratio bucket from
// the size, and the still's genres from its film when it has none.
func finish(in *store.ImageInput) {
	if b := taxonomy.AspectBucket(in.Width, in.Height); b != "" {
		in.Single["aspect_ratio"] = b
	}
	if len(in.Multi["genre"]) == 0 && in.Movie != nil && len(in.Movie.Genres) > 0 {
		in.Multi["genre"] = slices.Clone(in.Movie.Genres)
	}
}

// catalogPalette turns a manifest palette into swatches. Given shares are
// used as they are; a palette listed without them gets decreasing shares,
// most prominent first, as a manifest's order implies.
func catalogPalette(cs []Colour) []store.Swatch {
	out := make([]store.Swatch, 0, len(cs))
	allGiven := true
	for _, c := range cs {
		allGiven = allGiven && c.Share > 0
	}
	total := 0.0
	for i := range cs {
		total += float64(len(cs) - i)
	}
	for i, c := range cs {
		share := c.Share
		if !allGiven {
			share = float64(len(cs)-i) / total
		}
		out = append(out, swatch(c.Hex, share))
	}
	return out
}

func swatch(hex string, share float64) store.Swatch {
	r, g, b, _ := media.ParseHex(hex)
	l, a, bb := media.Lab(r, g, b)
	return store.Swatch{Hex: hex, Share: share, L: l, A: a, B: bb}
}

// relab restores the CIELAB coordinates that the stored JSON leaves out.
func relab(p []store.Swatch) []store.Swatch {
	out := make([]store.Swatch, len(p))
	for i, s := range p {
		out[i] = swatch(s.Hex, s.Share)
	}
	return out
}

func toMedia(p []store.Swatch) []media.Swatch {
	out := make([]media.Swatch, len(p))
	for i, s := range p {
		out[i] = media.Swatch{Hex: s.Hex, Share: s.Share}
	}
	return out
}

func fromMedia(p []media.Swatch) []store.Swatch {
	out := make([]store.Swatch, len(p))
	for i, s := range p {
		out[i] = store.Swatch{Hex: s.Hex, Share: s.Share}
	}
	return relab(out)
}
