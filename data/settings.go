package data

// setting is a kind of place and light the generator draws a still from, so
// that its facet values agree with each other (no moonlit office at noon).
type setting struct {
	intExt       string
	location     string
	place        []string // description phrases: where
	times        []string // time_of_day values, any of which fit
	lighting     []string // lighting values that fit
	lightingType []string // lighting_type values that fit; one or two are used
	colors       []string // colour facet values that fit
	tags         []string
}

var settings = []setting{
	{"exterior", "desert", []string{"a sea of dunes", "a salt flat", "a dry canyon"},
		[]string{"day", "day", "sunset", "sunrise", "dusk"}, []string{"hard", "high_contrast", "top_light", "backlight", "silhouette"},
		[]string{"sunny", "daylight"}, []string{"warm", "orange", "yellow", "saturated"}, []string{"desert", "dunes", "heat", "sand", "canyon"}},
	{"exterior", "forest", []string{"a pine forest", "dense woods", "an old-growth forest"},
		[]string{"day", "dawn", "dusk"}, []string{"soft", "low_contrast", "backlight", "top_light"},
		[]string{"daylight", "overcast", "sunny"}, []string{"green", "cool", "desaturated"}, []string{"forest", "trees", "mist", "god rays"}},
	{"exterior", "snow", []string{"a snowfield", "a frozen valley", "a snowbound pass"},
		[]string{"day", "dawn", "dusk"}, []string{"soft", "low_contrast", "backlight"},
		[]string{"overcast", "daylight"}, []string{"white", "cool", "blue", "desaturated"}, []string{"snow", "winter", "ice", "cold"}},
	{"exterior", "water", []string{"a wide grey sea", "a still lake", "a harbour at low tide"},
		[]string{"day", "sunset", "sunrise", "dusk", "dawn"}, []string{"soft", "backlight", "low_contrast"},
		[]string{"daylight", "sunny", "overcast"}, []string{"blue", "cyan", "cool", "orange"}, []string{"ocean", "waves", "beach", "boat", "horizon"}},
	{"exterior", "mountains", []string{"a high ridge", "a mountain road", "an alpine meadow"},
		[]string{"day", "sunrise", "sunset", "dawn"}, []string{"hard", "side_light", "backlight", "high_contrast"},
		[]string{"sunny", "daylight", "overcast"}, []string{"blue", "green", "cool", "white"}, []string{"mountain", "valley", "cliff", "vista"}},
	{"exterior", "rural", []string{"a wheat field", "a farmyard", "an empty country road"},
		[]string{"day", "sunset", "dusk", "sunrise"}, []string{"soft", "backlight", "side_light", "silhouette"},
		[]string{"sunny", "daylight"}, []string{"warm", "yellow", "green", "orange"}, []string{"farm", "field", "barn", "prairie"}},
	{"exterior", "nature", []string{"a river bend", "a meadow", "a rocky shore"},
		[]string{"day", "dawn", "dusk", "sunset"}, []string{"soft", "low_contrast", "backlight"},
		[]string{"daylight", "sunny", "overcast"}, []string{"green", "blue", "warm"}, []string{"river", "field", "flowers", "birds"}},
	{"exterior", "urban", []string{"a rain-soaked street", "a crowded crosswalk", "a neon-lit alley"},
		[]string{"night", "night", "dusk", "day"}, []string{"high_contrast", "hard", "edge_light", "side_light", "backlight"},
		[]string{"artificial", "practical", "mixed"}, []string{"magenta", "cyan", "blue", "purple", "saturated", "mixed"}, []string{"neon", "street", "city", "rain", "traffic"}},
	{"exterior", "suburban", []string{"a quiet cul-de-sac", "a front lawn", "a driveway at dusk"},
		[]string{"day", "dusk", "night"}, []string{"soft", "low_contrast", "backlight"},
		[]string{"daylight", "practical", "mixed"}, []string{"green", "warm", "desaturated"}, []string{"suburbs", "house", "garden", "street"}},
	{"interior", "home", []string{"a cramped kitchen", "a lamplit living room", "a small bedroom"},
		[]string{"night", "day", "dusk"}, []string{"soft", "side_light", "low_contrast", "top_light"},
		[]string{"practical", "mixed", "daylight", "firelight"}, []string{"warm", "orange", "yellow", "desaturated"}, []string{"kitchen", "bedroom", "living room", "lamp", "window"}},
	{"interior", "office", []string{"an open-plan office", "a glass meeting room", "a cluttered newsroom"},
		[]string{"day", "night"}, []string{"top_light", "soft", "low_contrast"},
		[]string{"fluorescent", "mixed", "daylight"}, []string{"green", "cool", "desaturated", "white"}, []string{"office", "cubicles", "screens", "corporate"}},
	{"interior", "vehicle", []string{"the back seat of a taxi", "a car at a red light", "a night train compartment"},
		[]string{"night", "day", "dusk"}, []string{"edge_light", "side_light", "high_contrast", "soft"},
		[]string{"practical", "artificial", "mixed", "daylight"}, []string{"blue", "red", "mixed", "cool"}, []string{"car", "taxi", "train", "headlights", "road trip"}},
	{"interior", "industrial", []string{"an empty warehouse", "a foundry floor", "a flooded basement"},
		[]string{"night", "day"}, []string{"hard", "top_light", "high_contrast", "backlight"},
		[]string{"artificial", "fluorescent", "practical"}, []string{"cool", "desaturated", "orange", "green"}, []string{"warehouse", "factory", "smoke", "steel"}},
	{"interior", "studio", []string{"a bare soundstage", "a painted cyclorama", "a photo studio"},
		[]string{"day", "night"}, []string{"hard", "soft", "high_contrast", "edge_light", "top_light"},
		[]string{"artificial"}, []string{"white", "saturated", "mixed", "red"}, []string{"stage", "spotlight", "portrait", "backdrop"}},
	{"exterior", "space", []string{"orbit above a blue planet", "the hull of a starship", "an asteroid field"},
		[]string{"night"}, []string{"hard", "high_contrast", "edge_light", "silhouette"},
		[]string{"artificial", "sunny"}, []string{"blue", "cool", "white", "desaturated"}, []string{"space", "planet", "spaceship", "stars"}},
	{"interior", "urban", []string{"a smoky bar", "an all-night diner", "a hotel corridor"},
		[]string{"night", "night", "dusk"}, []string{"low_contrast", "soft", "side_light", "underlight"},
		[]string{"practical", "mixed", "artificial", "firelight"}, []string{"red", "warm", "orange", "pink"}, []string{"bar", "diner", "hotel", "neon"}},
}
