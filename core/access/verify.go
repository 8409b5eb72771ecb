package access

import (
	"context"
	"crypto/subtle"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/gymtastic/gymtastic/core"
)

// Verify returns the principal a bearer secret belongs to, or
// ErrUnauthenticated when it is unknown, revoked or expired. A secret
// verified within CacheTTL is answered from memory, without a query.
func (s *Store) Verify(ctx context.Context, secret string) (core.Principal, error) {
	if !strings.HasPrefix(secret, KeyPrefix) && !strings.HasPrefix(secret, TokenPrefix) {
		return core.Principal{}, ErrUnauthenticated
	}
	hash := Hash(secret)
	now := s.clock()
	if p, ok := s.cache.get(hash, now); ok {
		return p, nil
	}
	lookup := s.lookupToken
	if strings.HasPrefix(secret, KeyPrefix) {
		lookup = s.lookupKey
	}
	p, until, err := lookup(ctx, hash, now)
	if err != nil {
		return core.Principal{}, err
	}
	if limit := now.Add(CacheTTL); until.After(limit) {
		until = limit
	}
	s.cache.put(hash, p, until)
	return p, nil
}

// lookupKey reads an API key's row and stamps its last_used_at, at most
// once a minute.
func (s *Store) lookupKey(ctx context.Context, hash string, now time.Time) (core.Principal, time.Time, error) {
	db := s.db.WithContext(ctx)
	var keys []APIKey
	if err := db.Where("secret_hash = ? AND revoked_at IS NULL", hash).Limit(1).Find(&keys).Error; err != nil {
		return core.Principal{}, time.Time{}, fmt.Errorf("verify api key: %w", err)
	}
	if len(keys) == 0 || subtle.ConstantTimeCompare([]byte(keys[0].SecretHash), []byte(hash)) != 1 {
		return core.Principal{}, time.Time{}, ErrUnauthenticated
	}
	k := keys[0]
	if k.LastUsedAt == nil || k.LastUsedAt.Before(now.Add(-lastUsedEvery)) {
		if err := db.Model(&APIKey{}).Where("id = ?", k.ID).Update("last_used_at", now).Error; err != nil {
			return core.Principal{}, time.Time{}, fmt.Errorf("verify api key: %w", err)
		}
	}
	return core.Principal{Role: k.Role, KeyID: k.ID}, now.Add(CacheTTL), nil
}

// lookupToken reads a customer token's row, as lookupKey does.
func (s *Store) lookupToken(ctx context.Context, hash string, now time.Time) (core.Principal, time.Time, error) {
	db := s.db.WithContext(ctx)
	var tokens []Token
	if err := db.Where("secret_hash = ? AND revoked_at IS NULL AND expires_at > ?", hash, now).Limit(1).
		Find(&tokens).Error; err != nil {
		return core.Principal{}, time.Time{}, fmt.Errorf("verify token: %w", err)
	}
	if len(tokens) == 0 || subtle.ConstantTimeCompare([]byte(tokens[0].SecretHash), []byte(hash)) != 1 {
		return core.Principal{}, time.Time{}, ErrUnauthenticated
	}
	t := tokens[0]
	if t.LastUsedAt == nil || t.LastUsedAt.Before(now.Add(-lastUsedEvery)) {
		if err := db.Model(&Token{}).Where("id = ?", t.ID).Update("last_used_at", now).Error; err != nil {
			return core.Principal{}, time.Time{}, fmt.Errorf("verify token: %w", err)
		}
	}
	return core.Principal{Role: core.RoleCustomer, CustomerID: t.CustomerID, TokenID: t.ID}, t.ExpiresAt, nil
}

// maxCached bounds the cache; past it, it starts afresh.
const maxCached = 10000

// cache remembers verified secrets by hash until a deadline.
type cache struct {
	mu      sync.Mutex
	entries map[string]cached
}

type cached struct {
	p     core.Principal
	until time.Time
}

func (c *cache) get(hash string, now time.Time) (core.Principal, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[hash]
	if !ok || !now.Before(e.until) {
		return core.Principal{}, false
	}
	return e.p, true
}

func (c *cache) put(hash string, p core.Principal, until time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= maxCached {
		c.entries = map[string]cached{}
	}
	c.entries[hash] = cached{p: p, until: until}
}

func (c *cache) forget(hash string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.entries, hash)
}
