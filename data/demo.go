package data

import (
	"bytes"
	"fmt"
	"image/jpeg"
	"io/fs"
	"math"
	"strconv"
	"sync"

	"github.com/shotdeck/shotdeck/taxonomy"
)

const (
	demoCount   = 240    // stills in the demo library
	demoWidth   = 1280   // pixels; the height follows the aspect ratio
	demoQuality = 85     // JPEG quality
	demoSeed    = 0x5d3c // fixes every choice and pixel of the demo
)

var demo struct {
	once     sync.Once
	shots    []shot
	manifest []byte
}

// Demo returns the demo library: a JSON Lines import manifest of 240 stills
// of real films, and a file system holding the JPEG files the manifest names
// ("stills/demo-0001.jpg", ...). Each JPEG is rendered the first time it is
// opened, always to the same bytes, and kept for the life of that fs.FS.
// Colour, size and palette are left out of the manifest: the importer
// computes them from the pixels. Demo panics if the embedded film list is
// unreadable, which the package's tests rule out.
func Demo() (manifest []byte, files fs.FS) {
	demo.once.Do(buildDemo)
	return bytes.Clone(demo.manifest), newStillFS(demo.shots)
}

func buildDemo() {
	films := mustMovies()
	var credited []int // films with a director: the source's only credit
	for i := range films {
		if films[i].Director != "" {
			credited = append(credited, i)
		}
	}
	cands := make([][]int, len(scenes))
	for k := range scenes {
		cands[k] = candidates(films, credited, &scenes[k])
	}
	used := make(map[int]int)
	shots := make([]shot, demoCount)
	movieJSON := encodedMovies()
	var manifest []byte
	for i := range shots {
		s, k := &shots[i], i%len(scenes)
		r := newRNG(seedOf(demoSeed, uint64(i)))
		s.rec.movie = pickFilm(r, cands[k], used)
		m := &films[s.rec.movie]
		s.rec.id = fmt.Sprintf("demo-%04d", i+1)
		s.rec.file = "stills/" + s.rec.id + ".jpg"
		s.rec.timecode = timecode(r)
		s.rec.set(fMediaType, "movie")
		bucket := aspectFor(r, m.Year)
		s.ratio, _ = strconv.ParseFloat(bucket, 64)
		s.rec.set(fAspectRatio, bucket)
		format, optical := formatFor(r, bucket, m.Year)
		s.rec.set(fFormat, format)
		s.rec.set(fOpticalFormat, optical)
		if p := periodOf(m); p != "" {
			s.rec.set(fTimePeriod, p)
		}
		s.rec.add(fGenre, m.Genres...)
		scenes[k].plan(r, s)
		s.seed = r.next()
		manifest = s.rec.appendJSON(manifest, movieJSON)
	}
	demo.shots, demo.manifest = shots, manifest
}

// candidates lists the credited films that suit a scene, falling back to
// all credited films.
func candidates(films []Movie, credited []int, sc *scene) []int {
	var out []int
	for _, i := range credited {
		m := &films[i]
		if sc.oldFilms && m.Year >= 1970 {
			continue
		}
		if hasAny(m.Genres, sc.genres) || sc.oldFilms {
			out = append(out, i)
		}
	}
	if len(out) == 0 {
		return credited
	}
	return out
}

func hasAny(have, want []string) bool {
	for _, h := range have {
		for _, w := range want {
			if h == w {
				return true
			}
		}
	}
	return false
}

// pickFilm draws a few candidates and keeps the least used, so the demo
// spreads over many films while staying deterministic.
func pickFilm(r *rng, cands []int, used map[int]int) int {
	best := -1
	for try := 0; try < 6; try++ {
		i := pick(r, cands)
		if best < 0 || used[i] < used[best] {
			best = i
		}
	}
	used[best]++
	return best
}

// aspectFor picks an aspect ratio bucket in use when a film was made.
func aspectFor(r *rng, year int) string {
	switch {
	case year < 1953:
		return pick(r, []string{"1.37", "1.37", "1.33"})
	case year < 1970:
		return pick(r, []string{"1.66", "1.85", "2.35", "2.20", "2.76"})
	case year < 2000:
		return pick(r, []string{"1.85", "1.85", "2.39", "2.35", "1.66"})
	case year < 2008:
		return pick(r, []string{"1.85", "2.39", "2.39", "1.78", "2.00"})
	default:
		return pick(r, []string{"1.85", "2.39", "2.39", "1.78", "2.00", "1.90"})
	}
}

// formatFor picks a capture format and optical format that give the bucket.
func formatFor(r *rng, bucket string, year int) (format, optical string) {
	switch bucket {
	case "1.33", "1.37":
		if year < 1953 {
			return "film_35mm", "spherical"
		}
		return "film_16mm", "spherical"
	case "1.85":
		if year >= 1990 && r.chance(0.3) {
			return "film_35mm", "three_perf"
		}
		return "film_35mm", "spherical"
	case "2.35":
		return "film_35mm", "anamorphic"
	case "2.39":
		switch {
		case year >= 2002 && r.chance(0.25):
			return "digital", "anamorphic"
		case year >= 1985 && r.chance(0.3):
			return "film_35mm", "super_35"
		}
		return "film_35mm", "anamorphic"
	case "2.20":
		return "film_65mm", "spherical"
	case "2.76":
		return "film_65mm", "anamorphic"
	case "1.78":
		if year >= 2000 {
			return "digital", "spherical"
		}
		return "tape", "spherical"
	case "2.00":
		if r.chance(0.5) {
			return "digital", "spherical"
		}
		return "film_35mm", "super_35"
	case "1.90":
		return "digital_large_format", "spherical"
	}
	return "film_35mm", "spherical"
}

// periodOf is the period a film is set in, as far as its data tells:
// westerns in the 1800s, anything else in the decade it was made.
func periodOf(m *Movie) string {
	for _, g := range m.Genres {
		if g == "western" {
			return "1800s"
		}
	}
	d := taxonomy.Decade(m.Year)
	if f, ok := taxonomy.Lookup("time_period"); ok && f.Has(d) {
		return d
	}
	return ""
}

// timecode returns a plausible position in a feature, in seconds.
func timecode(r *rng) int { return 60 + r.intn(2*3600+5*60) }

// render draws shot s and encodes it as a JPEG.
func render(s *shot) ([]byte, error) {
	w := demoWidth
	h := int(math.Round(float64(w) / s.ratio))
	c := newCanvas(w, h)
	s.draw(c, newRNG(s.seed))
	s.finish.apply(c, mix64(s.seed))
	var buf bytes.Buffer
	buf.Grow(w * h / 6)
	if err := jpeg.Encode(&buf, c.img, &jpeg.Options{Quality: demoQuality}); err != nil {
		return nil, fmt.Errorf("data: render %s: %w", s.rec.id, err)
	}
	return buf.Bytes(), nil
}
