package web

import (
	"errors"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/shotdeck/shotdeck/account"
	"github.com/shotdeck/shotdeck/store"
)

// sessionCookie names the HttpOnly session cookie set by login.
const sessionCookie = "shotdeck_session"

type ctxKey int

const (
	userKey ctxKey = iota
	tokenKey
)

// authenticate resolves the caller from a bearer token or the session
// cookie. It refuses a state-changing request that rides on a cookie from
// another origin: browsers attach cookies to cross-site requests, tokens
// are only sent on purpose.
func (s *Server) authenticate(c *fiber.Ctx) error {
	token, viaCookie := "", false
	if h := c.Get(fiber.HeaderAuthorization); h != "" {
		scheme, t, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(t) == "" {
			return &apiError{Status: 401, Code: "unauthenticated", Message: "the Authorization header must be 'Bearer <token>'"}
		}
		token = strings.TrimSpace(t)
	} else if t := c.Cookies(sessionCookie); t != "" {
		token, viaCookie = t, true
	}
	if viaCookie && !safeMethod(c.Method()) && !s.sameOrigin(c) {
		return errCrossOrigin
	}
	if token == "" {
		return c.Next()
	}
	hash := account.HashToken(token)
	now := time.Now()
	if u := s.sessions.get(hash, now); u != nil {
		c.Locals(userKey, u)
		c.Locals(tokenKey, token)
		return c.Next()
	}
	u, err := s.db.UserBySession(c.UserContext(), hash)
	if err == nil {
		s.sessions.put(hash, u, now)
	}
	switch {
	case errors.Is(err, store.ErrNotFound):
		if viaCookie {
			c.ClearCookie(sessionCookie)
		}
		if !viaCookie {
			return &apiError{Status: 401, Code: "unauthenticated", Message: "the token is unknown or expired; sign in again"}
		}
	case err != nil:
		return err
	default:
		c.Locals(userKey, u)
		c.Locals(tokenKey, token)
	}
	return c.Next()
}

func safeMethod(m string) bool {
	return m == fiber.MethodGet || m == fiber.MethodHead || m == fiber.MethodOptions
}

// sameOrigin reports whether a request comes from this site (or an allowed
// origin). Browsers send Origin on state-changing requests and
// Sec-Fetch-Site on all; a request with neither is not from a browser page.
func (s *Server) sameOrigin(c *fiber.Ctx) bool {
	if origin := c.Get(fiber.HeaderOrigin); origin != "" {
		if slices.Contains(s.cfg.AllowedOrigins, origin) {
			return true
		}
		u, err := url.Parse(origin)
		return err == nil && u.Host == string(c.Request().Host())
	}
	site := c.Get("Sec-Fetch-Site")
	return site == "" || site == "same-origin" || site == "none"
}

func currentUser(c *fiber.Ctx) *store.User {
	u, _ := c.Locals(userKey).(*store.User)
	return u
}

func (s *Server) requireUser(c *fiber.Ctx) error {
	if currentUser(c) == nil {
		return errUnauthenticated
	}
	return c.Next()
}

func (s *Server) requireAdmin(c *fiber.Ctx) error {
	u := currentUser(c)
	if u == nil {
		return errUnauthenticated
	}
	if u.Role != store.RoleAdmin {
		return &apiError{Status: 403, Code: "forbidden", Message: "only an admin may do this"}
	}
	return c.Next()
}

// startSession creates a session for u, sets the cookie and answers with
// {"token","user"}.
func (s *Server) startSession(c *fiber.Ctx, u *store.User, status int) error {
	token, hash, err := account.NewToken()
	if err != nil {
		return err
	}
	expires := time.Now().Add(s.cfg.SessionTTL)
	if err := s.db.CreateSession(c.UserContext(), hash, u.ID, expires); err != nil {
		return err
	}
	c.Cookie(&fiber.Cookie{
		Name:     sessionCookie,
		Value:    token,
		Path:     "/",
		Expires:  expires,
		HTTPOnly: true,
		Secure:   s.cfg.SecureCookies,
		SameSite: fiber.CookieSameSiteLaxMode,
	})
	return c.Status(status).JSON(fiber.Map{"token": token, "user": u})
}
