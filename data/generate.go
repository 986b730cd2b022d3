package data

import (
	"bufio"
	"io"
	"math"
	"strconv"
)

// Generate writes n catalog-only manifest lines (no `file`) for benchmarks:
// stills of real films, with plausible values for every taxonomy field,
// colour facets, size and palette. The output depends only on n and seed,
// and line i is the same for any n > i.
func Generate(w io.Writer, n int, seed int64) error {
	bw := bufio.NewWriterSize(w, 256<<10)
	err := GenerateLines(n, seed, func(line []byte) error {
		_, err := bw.Write(line)
		return err
	})
	if err != nil {
		return err
	}
	return bw.Flush()
}

// GenerateLines calls fn with each of the n lines Generate would write,
// newline included, stopping at the first error fn returns. The slice is
// reused: fn must copy what it keeps.
func GenerateLines(n int, seed int64, fn func(line []byte) error) error {
	g, err := newGenerator(seed)
	if err != nil {
		return err
	}
	buf := make([]byte, 0, 2048)
	for i := 0; i < n; i++ {
		buf = g.line(buf[:0], i)
		if err := fn(buf); err != nil {
			return err
		}
	}
	return nil
}

// generator holds what is shared by all lines of one seed.
type generator struct {
	seed      int64
	idPrefix  string
	films     []Movie
	movieJSON [][]byte
	byFame    []int    // film indices, most stills first
	periods   []string // periodOf each film
	rec       record
}

func newGenerator(seed int64) (*generator, error) {
	films, err := Movies()
	if err != nil {
		return nil, err
	}
	g := &generator{
		seed:      seed,
		idPrefix:  "gen-" + strconv.FormatInt(seed, 10) + "-",
		films:     films,
		movieJSON: encodedMovies(),
	}
	g.periods = make([]string, len(g.films))
	for i := range g.films {
		g.periods[i] = periodOf(&g.films[i])
	}
	// Which films are popular depends on the seed: a shuffle of all films,
	// drawn from with a skew (see film).
	g.byFame = make([]int, len(g.films))
	for i := range g.byFame {
		g.byFame[i] = i
	}
	r := newRNG(seedOf(uint64(seed), 0xfa4e))
	for i := len(g.byFame) - 1; i > 0; i-- {
		j := r.intn(i + 1)
		g.byFame[i], g.byFame[j] = g.byFame[j], g.byFame[i]
	}
	return g, nil
}

// film picks a film so that a few have many stills: rank ~ N·u³ gives the
// most popular film about 7% of all stills and the median one about 1/6,000.
func (g *generator) film(r *rng) int {
	u := r.float()
	return g.byFame[int(float64(len(g.byFame))*u*u*u)]
}

var (
	lensSizes    = []string{"ultra_wide", "wide", "wide", "medium", "medium", "long", "telephoto"}
	compositions = []string{"center", "left_heavy", "right_heavy", "balanced", "symmetrical", "short_side"}
	labProcesses = []string{"bleach_bypass", "cross_process", "flashing"}
	otherPeriods = []string{"future", "1800s", "1940s", "1960s", "medieval", "ancient", "1920s", "1700s", "renaissance", "stone_age"}
	frameWidths  = []int{1280, 1920, 1920, 2048, 3840, 4096}
)

// line appends line i of the manifest to b.
func (g *generator) line(b []byte, i int) []byte {
	r := rng{s: seedOf(uint64(g.seed), uint64(i))}
	rec := &g.rec
	rec.reset()
	rec.id, rec.idSeq = g.idPrefix, i+1
	rec.movie = g.film(&r)
	m := &g.films[rec.movie]
	st := &settings[r.intn(len(settings))]

	rec.set(fMediaType, "movie")
	if r.chance(0.05) {
		rec.set(fMediaType, "trailer")
	}
	rec.set(fLensSize, pick(&r, lensSizes))
	rec.set(fComposition, pick(&r, compositions))
	rec.set(fIntExt, st.intExt)
	rec.set(fLocationType, st.location)
	lightPhrase := g.light(&r, st)
	if p := g.periods[rec.movie]; p != "" && r.chance(0.85) {
		rec.set(fTimePeriod, p)
	} else {
		rec.set(fTimePeriod, pick(&r, otherPeriods))
	}
	subject := g.people(&r)
	if r.chance(0.06) {
		rec.add(fLabProcess, pick(&r, labProcesses))
	}
	rec.add(fGenre, m.Genres...)

	bucket := aspectFor(&r, m.Year)
	ratio, _ := strconv.ParseFloat(bucket, 64)
	rec.set(fAspectRatio, bucket)
	format, optical := formatFor(&r, bucket, m.Year)
	rec.set(fFormat, format)
	rec.set(fOpticalFormat, optical)
	rec.width = pick(&r, frameWidths)
	rec.height = int(math.Round(float64(rec.width) / ratio))

	g.colour(&r, st)
	for k := 1 + r.intn(3); k > 0; k-- {
		rec.tags = appendUnique(rec.tags, pick(&r, st.tags))
	}
	for k := r.intn(3); k > 0; k-- {
		rec.tags = appendUnique(rec.tags, pick(&r, tagWords))
	}
	rec.title = pick(&r, titleAdjectives) + " " + pick(&r, titleNouns)
	rec.desc = subject + " " + pick(&r, st.place) + " " + lightPhrase + "."
	rec.timecode = timecode(&r)
	return rec.appendJSON(b, g.movieJSON)
}

func appendUnique(xs []string, v string) []string {
	for _, x := range xs {
		if x == v {
			return xs
		}
	}
	return append(xs, v)
}
