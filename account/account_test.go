package account

import (
	"errors"
	"testing"
	"time"
)

func TestPasswordHashing(t *testing.T) {
	h, err := HashPassword("director-cut")
	if err != nil {
		t.Fatal(err)
	}
	if err := VerifyPassword(h, "director-cut"); err != nil {
		t.Fatalf("right password: %v", err)
	}
	if err := VerifyPassword(h, "director-cuT"); !errors.Is(err, ErrBadCredentials) {
		t.Fatalf("wrong password: %v", err)
	}
	h2, _ := HashPassword("director-cut")
	if h == h2 {
		t.Fatal("two hashes of one password are equal: the salt is not random")
	}
	for _, bad := range []string{"", "plain", "$argon2id$v=19$m=x$a$b", "$bcrypt$1$2$3$4"} {
		if err := VerifyPassword(bad, "x"); err == nil || errors.Is(err, ErrBadCredentials) {
			t.Errorf("malformed hash %q: %v", bad, err)
		}
	}
}

func TestRules(t *testing.T) {
	for _, ok := range []string{"dop", "dana.k", "a_b-c", "abcdefghijklmnopqrstuvwxyz012345"} {
		if err := CheckUsername(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"ab", "Dana", "da na", "abcdefghijklmnopqrstuvwxyz0123456", "dana!"} {
		if CheckUsername(bad) == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if CheckPassword("1234567") == nil || CheckPassword("12345678") != nil || CheckPassword("ééééééé") == nil {
		t.Error("password length rule")
	}
}

func TestTokens(t *testing.T) {
	tok, hash, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if len(tok) < 43 || string(HashToken(tok)) != string(hash) {
		t.Fatalf("token %q", tok)
	}
	other, _, _ := NewToken()
	if other == tok {
		t.Fatal("tokens repeat")
	}
}

func TestLimiter(t *testing.T) {
	l := NewLimiter(3, time.Minute)
	now := time.Now()
	for range 3 {
		if ok, _ := l.Allow("k", now); !ok {
			t.Fatal("refused before the limit")
		}
		l.Fail("k", now)
	}
	ok, wait := l.Allow("k", now.Add(10*time.Second))
	if ok || wait < 49*time.Second || wait > 50*time.Second {
		t.Fatalf("after 3 failures: ok=%v wait=%v", ok, wait)
	}
	if ok, _ := l.Allow("other", now); !ok {
		t.Fatal("another key is limited")
	}
	if ok, _ := l.Allow("k", now.Add(time.Minute)); !ok {
		t.Fatal("still refused after the window")
	}
	l.Fail("k", now)
	l.Reset("k")
	if ok, _ := l.Allow("k", now); !ok {
		t.Fatal("refused after a reset")
	}
}
