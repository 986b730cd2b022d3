package index

const (
	suggestSep       = "\x1f"
	maxSuggestStarts = 8
	minFuzzyWord     = 3
)
