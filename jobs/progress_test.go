package jobs

import (
	"errors"
	"math"
	"testing"
	"time"
)

func TestThrottle(t *testing.T) {
	t0 := time.Unix(1000, 0)
	ms := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Millisecond) }
	th := throttle{every: 200 * time.Millisecond, step: 0.05, lastAt: t0}
	steps := []struct {
		p    float64
		at   time.Time
		want bool
		why  string
	}{
		{0, ms(500), false, "no change from the claim's 0"},
		{0.01, ms(10), false, "small and soon"},
		{0.06, ms(20), true, "a 5% step"},
		{0.07, ms(100), false, "small, 80 ms after the last write"},
		{0.08, ms(220), true, "small, but 200 ms have passed"},
		{0.08, ms(900), false, "unchanged"},
		{1, ms(901), true, "complete"},
	}
	for _, s := range steps {
		got := th.due(s.p, s.at)
		if got != s.want {
			t.Fatalf("due(%v, +%v) = %v, want %v: %s", s.p, s.at.Sub(t0), got, s.want, s.why)
		}
		if got {
			th.mark(s.p, s.at)
		}
	}
}

func TestClampProgress(t *testing.T) {
	for in, want := range map[float64]float64{-1: 0, 0.25: 0.25, 7: 1, math.Inf(1): 1} {
		if got, ok := clampProgress(in); !ok || got != want {
			t.Errorf("clamp(%v) = %v %v", in, got, ok)
		}
	}
	if _, ok := clampProgress(math.NaN()); ok {
		t.Error("NaN reported")
	}
}

func TestBackoffDoublesAndCaps(t *testing.T) {
	p := New(nil, Options{Backoff: time.Second, MaxBackoff: 5 * time.Second})
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 5 * time.Second, 5 * time.Second}
	for i, w := range want {
		if got := p.backoff(i + 1); got != w {
			t.Errorf("backoff(%d) = %v, want %v", i+1, got, w)
		}
	}
	if got := p.backoff(1000); got != 5*time.Second {
		t.Errorf("backoff(1000) = %v", got)
	}
}

func TestPermanent(t *testing.T) {
	base := errors.New("no such deck")
	err := Permanent(base)
	if !IsPermanent(err) || !errors.Is(err, base) || err.Error() != "no such deck" {
		t.Fatalf("Permanent: %v", err)
	}
	if IsPermanent(base) || Permanent(nil) != nil {
		t.Fatal("plain errors and nil are not permanent")
	}
}
