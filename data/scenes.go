package data

import "strconv"

// shot is one planned demo still: its manifest record, frame shape and the
// closure that draws it. Planning is cheap; drawing happens on first open.
type shot struct {
	rec    record
	ratio  float64 // width / height
	draw   func(c *canvas, r *rng)
	finish finish
	seed   uint64 // seeds the drawing, so it repeats exactly
}

// mono reports whether the still is rendered without colour, so that its
// words must not promise any.
func (s *shot) mono() bool { return s.finish.tone == toneBW || s.finish.tone == toneSepia }

// tag adds tags, skipping repeats.
func (s *shot) tag(tags ...string) {
	for _, t := range tags {
		s.rec.tags = appendUnique(s.rec.tags, t)
	}
}

// colour returns word, or alt when the still is monochrome.
func (s *shot) colour(word, alt string) string {
	if s.mono() {
		return alt
	}
	return word
}

// scene is one kind of demo picture.
type scene struct {
	name     string
	genres   []string // film genres it suits, preferred when picking a film
	oldFilms bool     // prefer films from before 1970
	plan     func(r *rng, s *shot)
}

// scenes are dealt out in turn to the demo stills.
var scenes = []scene{
	{"day_landscape", []string{"adventure", "drama", "family"}, false, planDayLandscape},
	{"sunset", []string{"romance", "drama", "western"}, false, planSunset},
	{"night_moon", []string{"horror", "thriller", "drama"}, false, planNightMoon},
	{"silhouette", []string{"drama", "western", "adventure"}, false, planSilhouette},
	{"desert", []string{"adventure", "western", "action"}, false, planDesert},
	{"water", []string{"adventure", "drama", "romance"}, false, planWater},
	{"forest", []string{"horror", "adventure", "thriller"}, false, planForest},
	{"snow", []string{"adventure", "thriller", "drama"}, false, planSnow},
	{"neon_street", []string{"thriller", "action", "drama"}, false, planNeonStreet},
	{"city_dusk", []string{"drama", "romance", "comedy"}, false, planCityDusk},
	{"noir_street", []string{"thriller", "drama", "horror"}, false, planNoirStreet},
	{"warm_interior", []string{"drama", "romance", "comedy"}, false, planWarmInterior},
	{"office", []string{"comedy", "drama", "thriller"}, false, planOffice},
	{"frontier_town", []string{"western"}, false, planFrontierTown},
	{"black_and_white", []string{"drama", "thriller", "western"}, true, planBlackAndWhite},
	{"sepia", []string{"western", "drama", "adventure"}, true, planSepia},
}

func planBlackAndWhite(r *rng, s *shot) {
	s.finish.tone = toneBW
	pick(r, []func(*rng, *shot){planNoirStreet, planNoirStreet, planSilhouette, planWarmInterior, planWater, planDayLandscape, planFrontierTown})(r, s)
	s.rec.add(fLighting, "high_contrast")
	s.tag("black and white", "monochrome")
}

func planSepia(r *rng, s *shot) {
	s.finish.tone = toneSepia
	pick(r, []func(*rng, *shot){planFrontierTown, planFrontierTown, planDesert, planDayLandscape, planSilhouette, planWarmInterior})(r, s)
	s.tag("sepia", "vintage")
}

// people sets number_of_people, and shot_type for the figures when asked.
func (s *shot) people(n int, shotType bool) {
	switch {
	case n <= 0:
		s.rec.set(fNumberOfPeople, "none")
	case n >= 6:
		s.rec.set(fNumberOfPeople, "6_plus")
	default:
		s.rec.set(fNumberOfPeople, strconv.Itoa(n))
	}
	if !shotType || n <= 0 {
		return
	}
	s.rec.add(fShotType, [...]string{"clean_single", "two_shot", "three_shot", "group_shot"}[min(n, 4)-1])
}

// balance sets composition from the horizontal centre of interest, as a
// share of the width.
func (s *shot) balance(x float64) {
	switch {
	case x < 0.4:
		s.rec.set(fComposition, "left_heavy")
	case x > 0.6:
		s.rec.set(fComposition, "right_heavy")
	default:
		s.rec.set(fComposition, "center")
	}
}

// spread places n figures across a frame of width 1, at least minGap apart,
// returning their x positions and their centre.
func spread(r *rng, n int, minGap float64) (xs []float64, centre float64) {
	start := r.between(0.2, 0.6)
	gap := max(r.between(0.06, 0.12), minGap)
	if start+gap*float64(n-1) > 0.85 {
		start = max(0.85-gap*float64(n-1), 0.12)
	}
	for i := 0; i < n; i++ {
		x := start + gap*float64(i) + r.between(-0.015, 0.015)
		xs = append(xs, x)
		centre += x
	}
	return xs, centre / float64(n)
}

// countPeople draws a number of people with the weights of a demo frame.
func countPeople(r *rng, weights ...int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	k := r.intn(total)
	for n, w := range weights {
		if k < w {
			return n
		}
		k -= w
	}
	return 0
}
