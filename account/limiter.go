package account

import (
	"sync"
	"time"
)

// Limiter slows down password guessing: after Max failures for one key
// (username and client address) within Window, further attempts are refused
// until the window has passed since the first failure.
type Limiter struct {
	Max    int
	Window time.Duration

	mu   sync.Mutex
	hits map[string]*failures
}

type failures struct {
	count int
	first time.Time
}

// NewLimiter returns a limiter allowing max failures per window.
func NewLimiter(max int, window time.Duration) *Limiter {
	return &Limiter{Max: max, Window: window, hits: map[string]*failures{}}
}

// Allow reports whether key may try now, and if not, how long to wait.
func (l *Limiter) Allow(key string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	f, ok := l.hits[key]
	if !ok {
		return true, 0
	}
	if now.Sub(f.first) >= l.Window {
		delete(l.hits, key)
		return true, 0
	}
	if f.count >= l.Max {
		return false, f.first.Add(l.Window).Sub(now)
	}
	return true, 0
}

// Fail records a failed attempt for key.
func (l *Limiter) Fail(key string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.hits) > 100000 { // bound memory under a spray of distinct keys
		for k, f := range l.hits {
			if now.Sub(f.first) >= l.Window {
				delete(l.hits, k)
			}
		}
	}
	f, ok := l.hits[key]
	if !ok || now.Sub(f.first) >= l.Window {
		l.hits[key] = &failures{count: 1, first: now}
		return
	}
	f.count++
}

// Reset forgets key's failures (after a successful login).
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	delete(l.hits, key)
	l.mu.Unlock()
}
