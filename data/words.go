package data

// Word lists of the synthetic generator: free tags, and the pieces its
// titles and descriptions are built from.

// tagWords is the vocabulary of free tags, about 200 cinematic words.
var tagWords = []string{
	"rain", "fog", "mist", "smoke", "haze", "dust", "snowfall", "storm", "lightning", "wind",
	"sunset", "sunrise", "golden hour", "blue hour", "magic hour", "twilight", "midnight", "noon", "dawn", "dusk",
	"neon", "streetlight", "candlelight", "firelight", "lamplight", "moonlight", "headlights", "flashlight", "torch", "spotlight",
	"silhouette", "backlit", "rim light", "lens flare", "god rays", "shadows", "chiaroscuro", "low key", "high key", "flare",
	"reflection", "mirror", "window", "doorway", "corridor", "staircase", "rooftop", "balcony", "alley", "bridge",
	"tunnel", "subway", "train", "car", "motorcycle", "bus", "taxi", "truck", "boat", "airplane",
	"highway", "road trip", "gas station", "motel", "diner", "bar", "nightclub", "casino", "hotel", "hospital",
	"police", "detective", "interrogation", "courtroom", "prison", "church", "cemetery", "funeral", "wedding", "party",
	"dinner", "kitchen", "bedroom", "bathroom", "living room", "classroom", "library", "museum", "theatre", "stage",
	"concert", "dance", "crowd", "protest", "riot", "battle", "war", "soldier", "gun", "knife",
	"chase", "fight", "explosion", "fire", "blood", "escape", "heist", "ambush", "standoff", "showdown",
	"kiss", "embrace", "argument", "conversation", "phone call", "letter", "photograph", "tears", "laughter", "scream",
	"loneliness", "isolation", "longing", "grief", "memory", "dream", "nightmare", "paranoia", "tension", "suspense",
	"desert", "dunes", "canyon", "mountain", "valley", "forest", "jungle", "swamp", "river", "lake",
	"ocean", "beach", "waves", "cliff", "island", "field", "farm", "barn", "ranch", "prairie",
	"snow", "ice", "winter", "summer", "autumn", "spring", "leaves", "flowers", "garden", "park",
	"city", "skyline", "skyscraper", "street", "crosswalk", "traffic", "market", "factory", "warehouse", "harbor",
	"spaceship", "space", "planet", "robot", "laboratory", "computer", "screens", "control room", "cockpit", "hologram",
	"western", "noir", "period", "costume", "vintage", "retro", "futuristic", "dystopia", "utopia", "fantasy",
	"symmetry", "one-point perspective", "wide angle", "long lens", "handheld", "tracking shot", "crane shot", "close-up", "portrait", "profile",
	"eyes", "hands", "face", "feet", "back", "horse", "dog", "cat", "bird", "cigarette",
}

var titleAdjectives = []string{
	"Last", "First", "Silent", "Empty", "Broken", "Quiet", "Long", "Cold", "Burning", "Hidden",
	"Lost", "Late", "Early", "Distant", "Narrow", "Open", "Dark", "Bright", "Still", "Final",
}

var titleNouns = []string{
	"light", "road", "room", "window", "crossing", "goodbye", "watch", "hour", "shore", "street",
	"call", "look", "night", "morning", "stand", "walk", "drive", "meeting", "silence", "escape",
}

// lightPhrases describe the light, by lighting type; they suit interiors
// and exteriors alike.
var lightPhrases = map[string][]string{
	"daylight":    {"in flat daylight", "in clean daylight", "in soft daylight"},
	"sunny":       {"in bright sunshine", "in hard sunlight", "with sunlight cutting across"},
	"overcast":    {"in soft overcast light", "in grey, even light", "in dull light"},
	"moonlight":   {"by moonlight", "in cold moonlight", "in pale moonlight"},
	"artificial":  {"under harsh artificial light", "in the glare of lamps", "under hard white light"},
	"practical":   {"lit by a single lamp", "in the glow of practical lights", "by the light of a bare bulb"},
	"fluorescent": {"under flickering fluorescent tubes", "in greenish fluorescent light", "under a grid of ceiling tubes"},
	"firelight":   {"by firelight", "in the flicker of flames", "lit by candles"},
	"mixed":       {"in mixed light", "where daylight meets lamplight", "under competing light sources"},
}

// singleNouns name one person by age, for female, male and anyone else.
var singleNouns = map[string][3]string{
	"child":       {"A girl", "A boy", "A child"},
	"teenager":    {"A teenage girl", "A teenage boy", "A teenager"},
	"young_adult": {"A young woman", "A young man", "A young person"},
	"mid_adult":   {"A woman", "A man", "A figure"},
	"middle_age":  {"A middle-aged woman", "A middle-aged man", "A middle-aged figure"},
	"senior":      {"An old woman", "An old man", "An elderly figure"},
}

var singleVerbs = []string{"waits in", "stands in", "walks through", "sits alone in", "looks around", "hurries through", "is framed in"}

// groupNouns name two to five people, by gender: mixed, women, men.
var groupNouns = [6][3]string{
	{}, {},
	{"Two people", "Two women", "Two men"},
	{"Three people", "Three women", "Three men"},
	{"Four people", "Four women", "Four men"},
	{"Five people", "Five women", "Five men"},
}

var groupVerbs = []string{"talk in", "stand together in", "walk through", "wait in", "face each other in", "gather in"}

var emptyOpenings = []string{"An empty view of", "Nobody in sight in", "No one in", "Stillness in"}

var crowdOpenings = []string{"A crowd fills", "Dozens of people pour through", "A large group gathers in"}
