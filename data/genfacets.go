package data

// The generator's rules for values that must agree with each other.

var (
	wideFrames   = []string{"extreme_wide", "wide", "wide", "medium_wide"}
	anyFrames    = []string{"extreme_wide", "wide", "wide", "medium_wide", "medium", "medium", "medium_close_up", "close_up", "close_up", "extreme_close_up"}
	groupFrames  = []string{"extreme_wide", "wide", "medium_wide", "medium"}
	pairFrames   = []string{"wide", "medium_wide", "medium", "medium", "medium_close_up"}
	peopleCounts = []string{"none", "none", "1", "1", "1", "2", "2", "3", "4", "5", "6_plus"}
	wideShots    = []string{"aerial", "overhead", "high_angle", "low_angle", "dutch_angle", "establishing"}
	closeShots   = []string{"insert", "overhead", "high_angle", "low_angle", "dutch_angle"}
	angleShots   = []string{"high_angle", "low_angle", "dutch_angle"}
	groupShots   = [7]string{"", "clean_single", "two_shot", "three_shot", "group_shot", "group_shot", "group_shot"}
	genders      = []string{"female", "male", "female", "male", "trans"}
	singleAges   = []string{"child", "teenager", "young_adult", "young_adult", "mid_adult", "mid_adult", "middle_age", "middle_age", "senior"}
	ages         = []string{"baby", "toddler", "child", "teenager", "young_adult", "young_adult", "mid_adult", "mid_adult", "middle_age", "middle_age", "senior"}
	nightLight   = map[string]bool{"moonlight": true, "artificial": true, "practical": true, "fluorescent": true, "firelight": true, "mixed": true}
)

// light sets time of day, lighting and lighting type from the setting and
// returns a phrase describing the light. Lighting types that cannot occur
// at that time (sun at night, moon at noon) are never chosen.
func (g *generator) light(r *rng, st *setting) string {
	rec := &g.rec
	tod := pick(r, st.times)
	rec.set(fTimeOfDay, tod)
	for k := r.intn(4); k > 0; k-- {
		rec.add(fLighting, pick(r, st.lighting))
	}
	var fit [8]string
	n := 0
	for _, lt := range st.lightingType {
		if tod == "night" && !nightLight[lt] || tod != "night" && lt == "moonlight" {
			continue
		}
		if n < len(fit) {
			fit[n], n = lt, n+1
		}
	}
	if n == 0 {
		fit[0], n = "mixed", 1
	}
	lt := fit[r.intn(n)]
	rec.add(fLightingType, lt)
	if r.chance(0.3) {
		rec.add(fLightingType, fit[r.intn(n)])
	}
	return pick(r, lightPhrases[lt])
}

// people sets frame size, shot types, number of people, gender and age so
// that they agree, and returns the subject of the description.
func (g *generator) people(r *rng) string {
	rec := &g.rec
	p := pick(r, peopleCounts)
	rec.set(fNumberOfPeople, p)
	switch p {
	case "none":
		frame := pick(r, anyFrames)
		rec.set(fFrameSize, frame)
		shots := closeShots
		if isWide(frame) {
			shots = wideShots
		}
		for k := r.intn(3); k > 0; k-- {
			rec.add(fShotType, pick(r, shots))
		}
		return pick(r, emptyOpenings)
	case "1":
		rec.set(fFrameSize, pick(r, anyFrames))
		rec.add(fShotType, "clean_single")
		if r.chance(0.3) {
			rec.add(fShotType, pick(r, angleShots))
		}
		gi := r.intn(len(genders))
		rec.add(fGender, genders[gi])
		age := pick(r, singleAges)
		rec.add(fAge, age)
		form := 2
		switch genders[gi] {
		case "female":
			form = 0
		case "male":
			form = 1
		}
		return singleNouns[age][form] + " " + pick(r, singleVerbs)
	}
	n := 6
	if p != "6_plus" {
		n = int(p[0] - '0')
	}
	if n == 2 {
		rec.set(fFrameSize, pick(r, pairFrames))
	} else {
		rec.set(fFrameSize, pick(r, groupFrames))
	}
	rec.add(fShotType, groupShots[n])
	if r.chance(0.3) {
		rec.add(fShotType, "over_the_shoulder")
	}
	if r.chance(0.2) {
		rec.add(fShotType, pick(r, angleShots))
	}
	for k := 1 + r.intn(2); k > 0; k-- {
		rec.add(fGender, pick(r, genders))
	}
	for k := 1 + r.intn(2); k > 0; k-- {
		rec.add(fAge, pick(r, ages))
	}
	if n == 6 {
		return pick(r, crowdOpenings)
	}
	form := 0 // mixed
	if gs := rec.fields[fGender]; len(gs) == 1 && gs[0] == "female" {
		form = 1
	} else if len(gs) == 1 && gs[0] == "male" {
		form = 2
	}
	return groupNouns[n][form] + " " + pick(r, groupVerbs)
}

func isWide(frame string) bool {
	return frame == "extreme_wide" || frame == "wide" || frame == "medium_wide"
}
