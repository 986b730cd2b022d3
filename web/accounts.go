package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/shotdeck/shotdeck/account"
	"github.com/shotdeck/shotdeck/store"
)

// decodeJSON reads the request body into v, refusing malformed JSON,
// unknown fields and trailing data with a 400.
func decodeJSON(c *fiber.Ctx, v any) error {
	dec := json.NewDecoder(bytes.NewReader(c.Body()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var typ *json.UnmarshalTypeError
		switch {
		case errors.Is(err, io.EOF):
			return errBadRequest("", "the request body must be a JSON object")
		case errors.As(err, &typ):
			return errBadRequest(typ.Field, "%s must be a %s", typ.Field, typ.Type.String())
		}
		return errBadRequest("", "the request body is not valid JSON: %v", err)
	}
	if dec.More() {
		return errBadRequest("", "the request body must hold one JSON object")
	}
	return nil
}

type credentials struct {
	Username string `json:"username"`
	Password string `json:"password"`
	Role     string `json:"role"`
}

func (cr *credentials) validate(withRole bool) error {
	if err := account.CheckUsername(cr.Username); err != nil {
		return errBadRequest("username", "%v", err)
	}
	if err := account.CheckPassword(cr.Password); err != nil {
		return errBadRequest("password", "%v", err)
	}
	if withRole {
		if cr.Role == "" {
			cr.Role = store.RoleMember
		}
		if err := account.CheckRole(cr.Role); err != nil {
			return errBadRequest("role", "%v", err)
		}
	}
	return nil
}

// setupStatus tells a first-run UI whether the admin account must be created.
func (s *Server) setupStatus(c *fiber.Ctx) error {
	n, err := s.db.CountUsers(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"needed": n == 0})
}

// setup creates the first admin; it answers 409 once any account exists.
func (s *Server) setup(c *fiber.Ctx) error {
	var cr credentials
	if err := decodeJSON(c, &cr); err != nil {
		return err
	}
	if cr.Role != "" && cr.Role != store.RoleAdmin {
		return errBadRequest("role", "the first account is always an admin")
	}
	if err := cr.validate(false); err != nil {
		return err
	}
	hash, err := account.HashPassword(cr.Password)
	if err != nil {
		return err
	}
	u, err := s.db.CreateUser(c.UserContext(), cr.Username, hash, store.RoleAdmin, true)
	if errors.Is(err, store.ErrConflict) {
		return &apiError{Status: 409, Code: "conflict", Message: "setup is done: an account already exists; sign in instead"}
	}
	if err != nil {
		return err
	}
	return s.startSession(c, u, fiber.StatusCreated)
}

func (s *Server) login(c *fiber.Ctx) error {
	var cr credentials
	if err := decodeJSON(c, &cr); err != nil {
		return err
	}
	key := cr.Username + "\x00" + c.IP()
	if ok, wait := s.logins.Allow(key, time.Now()); !ok {
		return &apiError{Status: 429, Code: "rate_limited", RetryAfter: int(wait.Seconds()) + 1,
			Message: fmt.Sprintf("too many failed sign-ins; try again in %d seconds", int(wait.Seconds())+1)}
	}
	u, err := s.db.UserByName(c.UserContext(), cr.Username)
	if err == nil {
		err = account.VerifyPassword(u.PasswordHash, cr.Password)
	} else if errors.Is(err, store.ErrNotFound) {
		// Spend the same time as a real check so response times do not
		// reveal which usernames exist.
		_ = account.VerifyPassword(dummyHash(), cr.Password)
		err = account.ErrBadCredentials
	}
	if errors.Is(err, account.ErrBadCredentials) {
		s.logins.Fail(key, time.Now())
		return &apiError{Status: 401, Code: "invalid_credentials", Message: "wrong username or password"}
	}
	if err != nil {
		return err
	}
	s.logins.Reset(key)
	return s.startSession(c, u, fiber.StatusOK)
}

// dummyHash is verified against when a username does not exist.
var dummyHash = sync.OnceValue(func() string {
	h, _ := account.HashPassword("not a real password")
	return h
})

func (s *Server) logout(c *fiber.Ctx) error {
	token, _ := c.Locals(tokenKey).(string)
	if err := s.db.DeleteSession(c.UserContext(), account.HashToken(token)); err != nil {
		return err
	}
	s.sessions.forget(account.HashToken(token))
	c.ClearCookie(sessionCookie)
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *Server) me(c *fiber.Ctx) error {
	return c.JSON(currentUser(c))
}

func (s *Server) listUsers(c *fiber.Ctx) error {
	users, err := s.db.ListUsers(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"items": users, "next_cursor": nil})
}

func (s *Server) createUser(c *fiber.Ctx) error {
	var cr credentials
	if err := decodeJSON(c, &cr); err != nil {
		return err
	}
	if err := cr.validate(true); err != nil {
		return err
	}
	hash, err := account.HashPassword(cr.Password)
	if err != nil {
		return err
	}
	u, err := s.db.CreateUser(c.UserContext(), cr.Username, hash, cr.Role, false)
	if errors.Is(err, store.ErrConflict) {
		return &apiError{Status: 409, Code: "conflict", Message: fmt.Sprintf("the username %q is taken", cr.Username), Field: "username"}
	}
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(u)
}

// patchUser changes an account's role or password (admin).
func (s *Server) patchUser(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var body struct {
		Role     *string `json:"role"`
		Password *string `json:"password"`
	}
	if err := decodeJSON(c, &body); err != nil {
		return err
	}
	if body.Role != nil {
		if err := account.CheckRole(*body.Role); err != nil {
			return errBadRequest("role", "%v", err)
		}
		if *body.Role != store.RoleAdmin && id == currentUser(c).ID {
			return errBadRequest("role", "you cannot take the admin role from your own account")
		}
		if _, err := s.db.SetUserRole(c.UserContext(), id, *body.Role); err != nil {
			return err
		}
		s.sessions.forgetUser(id) // after the write, so no request re-caches the old role

	}
	if body.Password != nil {
		if err := account.CheckPassword(*body.Password); err != nil {
			return errBadRequest("password", "%v", err)
		}
		hash, err := account.HashPassword(*body.Password)
		if err != nil {
			return err
		}
		if err := s.db.SetUserPassword(c.UserContext(), id, hash); err != nil {
			return err
		}
		s.sessions.forgetUser(id)
	}
	u, err := s.db.UserByID(c.UserContext(), id)
	if err != nil {
		return err
	}
	return c.JSON(u)
}
