package access

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/gymtastic/gymtastic/core"
)

// APIKey is a staff or admin key, without its secret.
type APIKey struct {
	ID         int64
	Name       string
	Role       core.Role
	Prefix     string
	SecretHash string
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

// TableName is api_keys.
func (APIKey) TableName() string { return "api_keys" }

// CreateKey makes a key for role (admin or staff) and returns it with its
// secret, which is never shown again.
func (s *Store) CreateKey(ctx context.Context, name string, role core.Role) (*APIKey, string, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 256 {
		return nil, "", core.Invalid("name", "must be 1 to 256 characters")
	}
	if err := core.CheckText("name", name); err != nil {
		return nil, "", err
	}
	if role != core.RoleAdmin && role != core.RoleStaff {
		return nil, "", core.Invalid("role", "must be admin or staff, not %q", role)
	}
	secret, hash, err := newSecret(KeyPrefix)
	if err != nil {
		return nil, "", fmt.Errorf("create api key: %w", err)
	}
	k := &APIKey{Name: name, Role: role, Prefix: secret[:shownPrefix], SecretHash: hash, CreatedAt: s.clock()}
	if err := s.db.WithContext(ctx).Create(k).Error; err != nil {
		return nil, "", fmt.Errorf("create api key: %w", err)
	}
	return k, secret, nil
}

// ListKeys lists every key by id, revoked ones included.
func (s *Store) ListKeys(ctx context.Context, p core.Page) ([]APIKey, bool, error) {
	var rows []APIKey
	if err := s.db.WithContext(ctx).Order("id").Limit(p.Limit + 1).Offset(p.Offset).Find(&rows).Error; err != nil {
		return nil, false, fmt.Errorf("list api keys: %w", err)
	}
	if len(rows) > p.Limit {
		return rows[:p.Limit], true, nil
	}
	return rows, false, nil
}

// GetKey returns one key.
func (s *Store) GetKey(ctx context.Context, id int64) (*APIKey, error) {
	var rows []APIKey
	if err := s.db.WithContext(ctx).Where("id = ?", id).Limit(1).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("get api key: %w", err)
	}
	if len(rows) == 0 {
		return nil, core.NotFound("api key", id)
	}
	return &rows[0], nil
}

// RevokeKey revokes a key (once: revoking it again changes nothing) and
// forgets it in this process at once.
func (s *Store) RevokeKey(ctx context.Context, id int64) (*APIKey, error) {
	if err := s.db.WithContext(ctx).Model(&APIKey{}).Where("id = ? AND revoked_at IS NULL", id).
		Update("revoked_at", s.clock()).Error; err != nil {
		return nil, fmt.Errorf("revoke api key: %w", err)
	}
	k, err := s.GetKey(ctx, id)
	if err != nil {
		return nil, err
	}
	s.cache.forget(k.SecretHash)
	return k, nil
}
