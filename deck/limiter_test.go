package deck

import (
	"testing"
	"time"
)

// allowed counts how many of n ops at now the limiter lets through.
func allowed(l *OpLimiter, now time.Time, n int) int {
	got := 0
	for range n {
		if l.Allow(now) {
			got++
		}
	}
	return got
}

func TestOpLimiterBurstAndRate(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	l := NewOpLimiter(20, 40)
	if got := allowed(l, t0, 100); got != 40 {
		t.Fatalf("burst: %d allowed, want 40", got)
	}
	// 20 per second is one token every 50 ms.
	if got := allowed(l, t0.Add(49*time.Millisecond), 5); got != 0 {
		t.Fatalf("after 49ms: %d allowed, want 0", got)
	}
	if got := allowed(l, t0.Add(50*time.Millisecond), 5); got != 1 {
		t.Fatalf("after 50ms: %d allowed, want 1", got)
	}
	// A sustained flood gets the rate: 10 s at 20/s.
	got := 0
	for ms := 51; ms <= 10050; ms++ {
		got += allowed(l, t0.Add(time.Duration(ms)*time.Millisecond), 1)
	}
	if got != 200 {
		t.Fatalf("10s of flooding: %d allowed, want 200", got)
	}
	// A long quiet spell refills only up to the burst.
	if got := allowed(l, t0.Add(time.Hour), 100); got != 40 {
		t.Fatalf("after an hour: %d allowed, want 40", got)
	}
}

func TestOpLimiterClockStepsBack(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	l := NewOpLimiter(10, 2)
	allowed(l, t0, 2)
	if got := allowed(l, t0.Add(-time.Minute), 3); got != 0 {
		t.Fatalf("clock stepped back: %d allowed, want 0", got)
	}
	// Time is measured from the latest instant seen, not the earlier one.
	if got := allowed(l, t0.Add(100*time.Millisecond), 3); got != 1 {
		t.Fatalf("100ms after the latest: %d allowed, want 1", got)
	}
}

func TestOpLimiterDefaults(t *testing.T) {
	l := NewOpLimiter(0, 0)
	if got := allowed(l, time.Now(), 100); got != DefaultOpBurst {
		t.Fatalf("default burst: %d allowed, want %d", got, DefaultOpBurst)
	}
	if l.rate != DefaultOpRate {
		t.Fatalf("default rate %v", l.rate)
	}
}
