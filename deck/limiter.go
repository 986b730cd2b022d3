package deck

import "time"

// Default live-op rate per connection: a person dragging cards sends a
// handful of ops a second; a script flooding the deck sends many more.
const (
	DefaultOpRate  = 20 // ops per second, sustained
	DefaultOpBurst = 40 // ops allowed at once after a quiet spell
)

// OpLimiter is a token bucket for one connection's ops. It is used by that
// connection's reader goroutine only, so it has no lock. The caller passes
// the time, which keeps it deterministic in tests.
type OpLimiter struct {
	rate   float64 // tokens per second
	burst  float64
	tokens float64
	last   time.Time
}

// NewOpLimiter returns a full bucket refilling at rate per second up to
// burst; zero or negative values take the defaults.
func NewOpLimiter(rate float64, burst int) *OpLimiter {
	if rate <= 0 {
		rate = DefaultOpRate
	}
	if burst <= 0 {
		burst = DefaultOpBurst
	}
	return &OpLimiter{rate: rate, burst: float64(burst), tokens: float64(burst)}
}

// Allow takes a token if there is one at now. A clock that steps back adds
// nothing rather than draining or overfilling the bucket.
func (l *OpLimiter) Allow(now time.Time) bool {
	if !l.last.IsZero() && now.After(l.last) {
		l.tokens = min(l.burst, l.tokens+now.Sub(l.last).Seconds()*l.rate)
	}
	if l.last.IsZero() || now.After(l.last) {
		l.last = now
	}
	if l.tokens < 1 {
		return false
	}
	l.tokens--
	return true
}
