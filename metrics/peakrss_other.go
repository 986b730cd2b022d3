//go:build !linux && !darwin

package metrics

// peakRSS is not reported here (Windows has no getrusage); the process
// collector's current resident memory still is.
func peakRSS() (float64, bool) { return 0, false }
