package web

import (
	"sync"
	"time"

	"github.com/shotdeck/shotdeck/store"
)

// Resolved sessions are kept for a few seconds: looking a session up in
// SQLite was over a quarter of the CPU of a cached API answer. Sign-out,
// role and password changes made through this server forget the entries
// they affect at once; a session that expires, or a change made by another
// process, is seen within sessionTTL.
const (
	sessionTTL = 10 * time.Second
	maxCached  = 10_000 // entries; past it the cache starts over
)

type sessionEntry struct {
	user  *store.User
	until time.Time
}

type sessionCache struct {
	mu sync.RWMutex
	m  map[string]sessionEntry // by token hash
}

func (c *sessionCache) get(hash []byte, now time.Time) *store.User {
	c.mu.RLock()
	e, ok := c.m[string(hash)]
	c.mu.RUnlock()
	if !ok || now.After(e.until) {
		return nil
	}
	return e.user
}

func (c *sessionCache) put(hash []byte, u *store.User, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxCached {
		c.m = make(map[string]sessionEntry)
	}
	c.m[string(hash)] = sessionEntry{user: u, until: now.Add(sessionTTL)}
}

func (c *sessionCache) forget(hash []byte) {
	c.mu.Lock()
	delete(c.m, string(hash))
	c.mu.Unlock()
}

// forgetUser drops every session of a user whose role or password changed.
func (c *sessionCache) forgetUser(id int64) {
	c.mu.Lock()
	for k, e := range c.m {
		if e.user.ID == id {
			delete(c.m, k)
		}
	}
	c.mu.Unlock()
}
