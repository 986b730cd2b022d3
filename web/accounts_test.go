package web

import (
	"strings"
	"testing"
)

func TestSetupLoginLogout(t *testing.T) {
	e := newEnv(t)
	var st struct{ Needed bool }
	e.expect(req{method: "GET", path: "/api/v1/setup"}, 200, "").decode(t, &st)
	if !st.Needed {
		t.Fatal("a new server must ask for setup")
	}
	e.expect(req{method: "POST", path: "/api/v1/setup", json: map[string]string{"username": "ab", "password": "director-cut"}}, 400, "invalid_argument")
	e.expect(req{method: "POST", path: "/api/v1/setup", json: map[string]string{"username": "admin", "password": "short"}}, 400, "invalid_argument")
	e.expect(req{method: "POST", path: "/api/v1/setup", body: []byte("{not json"), ctype: "application/json"}, 400, "invalid_argument")
	admin := e.setupAdmin()
	e.expect(req{method: "POST", path: "/api/v1/setup", json: map[string]string{"username": "other", "password": "director-cut"}}, 409, "conflict")
	e.expect(req{method: "GET", path: "/api/v1/setup"}, 200, "").decode(t, &st)
	if st.Needed {
		t.Fatal("setup still needed after it was done")
	}

	var me struct{ ID, Username, Role string }
	e.expect(req{method: "GET", path: "/api/v1/auth/me", token: admin}, 200, "").decode(t, &me)
	if me.Username != "admin" || me.Role != "admin" || me.ID == "" {
		t.Fatalf("me = %+v", me)
	}

	// Login sets an HttpOnly, SameSite cookie that authenticates on its own.
	res := e.expect(req{method: "POST", path: "/api/v1/auth/login", json: map[string]string{"username": "admin", "password": "director-cut"}}, 200, "")
	cookie := res.header.Get("Set-Cookie")
	if !strings.Contains(cookie, "shotdeck_session=") || !strings.Contains(cookie, "HttpOnly") || !strings.Contains(strings.ToLower(cookie), "samesite=lax") {
		t.Fatalf("cookie = %q", cookie)
	}
	session := strings.SplitN(cookie, ";", 2)[0]
	e.expect(req{method: "GET", path: "/api/v1/auth/me", header: map[string]string{"Cookie": session}}, 200, "")

	// Logout ends that session only.
	e.expect(req{method: "POST", path: "/api/v1/auth/logout", header: map[string]string{"Cookie": session}}, 204, "")
	e.expect(req{method: "GET", path: "/api/v1/auth/me", header: map[string]string{"Cookie": session}}, 401, "unauthenticated")
	e.expect(req{method: "GET", path: "/api/v1/auth/me", token: admin}, 200, "")
	e.expect(req{method: "POST", path: "/api/v1/auth/logout", token: admin}, 204, "")
	e.expect(req{method: "GET", path: "/api/v1/auth/me", token: admin}, 401, "unauthenticated")
	e.expect(req{method: "GET", path: "/api/v1/auth/me"}, 401, "unauthenticated")
	e.expect(req{method: "GET", path: "/api/v1/auth/me", header: map[string]string{"Authorization": "Basic Zm9vOmJhcg=="}}, 401, "unauthenticated")
}

func TestLoginRateLimit(t *testing.T) {
	e := newEnv(t)
	e.setupAdmin()
	bad := req{method: "POST", path: "/api/v1/auth/login", json: map[string]string{"username": "admin", "password": "wrong password"}}
	for range 5 {
		e.expect(bad, 401, "invalid_credentials")
	}
	res := e.expect(bad, 429, "rate_limited")
	if res.header.Get("Retry-After") == "" {
		t.Fatal("429 without Retry-After")
	}
	// Even the right password waits: the limit is on the attempt, not the outcome.
	e.expect(req{method: "POST", path: "/api/v1/auth/login", json: map[string]string{"username": "admin", "password": "director-cut"}}, 429, "rate_limited")
	// Unknown users fail the same way as wrong passwords.
	e.expect(req{method: "POST", path: "/api/v1/auth/login", json: map[string]string{"username": "nobody", "password": "whatever1"}}, 401, "invalid_credentials")
}

func TestUsersAPI(t *testing.T) {
	e := newEnv(t)
	e.expect(req{method: "GET", path: "/api/v1/users"}, 401, "unauthenticated")
	admin := e.setupAdmin()
	dp := e.member("dop")
	e.expect(req{method: "GET", path: "/api/v1/users", token: dp}, 403, "forbidden")
	e.expect(req{method: "POST", path: "/api/v1/users", token: dp, json: map[string]string{"username": "x12", "password": "long enough"}}, 403, "forbidden")

	for _, tc := range []struct {
		body  map[string]string
		field string
	}{
		{map[string]string{"username": "UPPER", "password": "long enough"}, "username"},
		{map[string]string{"username": "ok_name", "password": "2short"}, "password"},
		{map[string]string{"username": "ok_name", "password": "long enough", "role": "king"}, "role"},
	} {
		res := e.expect(req{method: "POST", path: "/api/v1/users", token: admin, json: tc.body}, 400, "invalid_argument")
		if _, field := res.errorCode(t); field != tc.field {
			t.Errorf("%v: field %q, want %q", tc.body, field, tc.field)
		}
	}
	e.expect(req{method: "POST", path: "/api/v1/users", token: admin, json: map[string]string{"username": "dop", "password": "long enough"}}, 409, "conflict")
	e.expect(req{method: "POST", path: "/api/v1/users", token: admin, json: map[string]any{"username": "pd", "password": "long enough", "extra": 1}}, 400, "invalid_argument")

	var list struct {
		Items []struct{ ID, Username, Role string }
	}
	e.expect(req{method: "GET", path: "/api/v1/users", token: admin}, 200, "").decode(t, &list)
	if len(list.Items) != 2 || list.Items[0].Username != "admin" || list.Items[1].Role != "member" {
		t.Fatalf("users = %+v", list.Items)
	}
	// Promote the member; an admin cannot demote itself.
	e.expect(req{method: "PATCH", path: "/api/v1/users/" + list.Items[1].ID, token: admin, json: map[string]string{"role": "admin"}}, 200, "")
	e.expect(req{method: "GET", path: "/api/v1/users", token: dp}, 200, "")
	e.expect(req{method: "PATCH", path: "/api/v1/users/" + list.Items[0].ID, token: admin, json: map[string]string{"role": "member"}}, 400, "invalid_argument")
	e.expect(req{method: "PATCH", path: "/api/v1/users/999", token: admin, json: map[string]string{"role": "member"}}, 404, "not_found")
	// Demoted, the member loses admin rights on their very next request,
	// although their session was just used (and is remembered).
	e.expect(req{method: "PATCH", path: "/api/v1/users/" + list.Items[1].ID, token: admin, json: map[string]string{"role": "member"}}, 200, "")
	e.expect(req{method: "GET", path: "/api/v1/users", token: dp}, 403, "forbidden")
}

func TestCrossOriginCookieWritesRefused(t *testing.T) {
	e := newEnv(t)
	e.setupAdmin()
	res := e.expect(req{method: "POST", path: "/api/v1/auth/login", json: map[string]string{"username": "admin", "password": "director-cut"}}, 200, "")
	session := strings.SplitN(res.header.Get("Set-Cookie"), ";", 2)[0]
	body := map[string]string{"username": "newbie", "password": "long enough"}

	e.expect(req{method: "POST", path: "/api/v1/users", json: body,
		header: map[string]string{"Cookie": session, "Origin": "http://evil.example"}}, 403, "forbidden")
	e.expect(req{method: "POST", path: "/api/v1/users", json: body,
		header: map[string]string{"Cookie": session, "Sec-Fetch-Site": "cross-site"}}, 403, "forbidden")
	// Nothing was created by the refused requests.
	if n, _ := e.db.CountUsers(t.Context()); n != 1 {
		t.Fatalf("users = %d after refused writes", n)
	}
	// Reads with the cookie from anywhere are fine; writes from our own origin too.
	e.expect(req{method: "GET", path: "/api/v1/users", header: map[string]string{"Cookie": session, "Origin": "http://evil.example"}}, 200, "")
	e.expect(req{method: "POST", path: "/api/v1/users", json: body,
		header: map[string]string{"Cookie": session, "Origin": e.url, "Sec-Fetch-Site": "same-origin"}}, 201, "")
}

func TestSystemEndpoints(t *testing.T) {
	e := newEnv(t)
	e.expect(req{method: "GET", path: "/healthz"}, 200, "")
	e.indexed()
	var ready struct {
		Status   string
		IndexLag *int64 `json:"index_lag"`
	}
	e.expect(req{method: "GET", path: "/readyz"}, 200, "").decode(t, &ready)
	if ready.Status != "ready" || ready.IndexLag == nil {
		t.Fatalf("readyz = %+v", ready)
	}
	var v struct{ Version, Commit string }
	e.expect(req{method: "GET", path: "/api/v1/version"}, 200, "").decode(t, &v)
	if v.Version != "test" || v.Commit != "abc" {
		t.Fatalf("version = %+v", v)
	}
	e.expect(req{method: "GET", path: "/api/v1/no-such-thing"}, 404, "not_found")
	res := e.expect(req{method: "GET", path: "/"}, 200, "")
	if !strings.Contains(string(res.body), "<title>Shotdeck</title>") || res.header.Get("Cache-Control") != "no-cache" {
		t.Fatalf("home page: %s %v", res.body[:80], res.header)
	}
	admin := e.setupAdmin()
	var tax struct {
		Fields []struct {
			Name   string
			Multi  bool
			Values []struct{ Value, Label string }
		}
	}
	e.expect(req{method: "GET", path: "/api/v1/taxonomy", token: admin}, 200, "").decode(t, &tax)
	if len(tax.Fields) != 20 || tax.Fields[1].Name != "frame_size" || tax.Fields[1].Values[5].Label != "Close up" {
		t.Fatalf("taxonomy = %+v", tax.Fields[:2])
	}
}
