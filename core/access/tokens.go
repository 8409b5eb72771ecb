package access

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/core"
)

// Token is a customer's token, without its secret.
type Token struct {
	ID         int64
	CustomerID int64
	Prefix     string
	SecretHash string
	CreatedAt  time.Time
	ExpiresAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

// TableName is customer_tokens.
func (Token) TableName() string { return "customer_tokens" }

// IssueToken gives a customer a token valid for auth.customer_token_ttl and
// returns it with its secret, which is never shown again. It runs in tx
// when one is given (signing in), else on its own (staff issuing one).
func (s *Store) IssueToken(ctx context.Context, tx *gorm.DB, customerID int64) (*Token, string, error) {
	if tx == nil {
		tx = s.db
	}
	var n int64
	if err := tx.WithContext(ctx).Table("customers").Where("id = ?", customerID).Count(&n).Error; err != nil {
		return nil, "", fmt.Errorf("issue token: %w", err)
	}
	if n == 0 {
		return nil, "", core.NotFound("customer", customerID)
	}
	secret, hash, err := newSecret(TokenPrefix)
	if err != nil {
		return nil, "", fmt.Errorf("issue token: %w", err)
	}
	now := s.clock()
	t := &Token{CustomerID: customerID, Prefix: secret[:shownPrefix], SecretHash: hash, CreatedAt: now,
		ExpiresAt: now.Add(s.tokenTTL)}
	if err := tx.WithContext(ctx).Create(t).Error; err != nil {
		return nil, "", fmt.Errorf("issue token: %w", err)
	}
	return t, secret, nil
}

// RevokeToken revokes a customer token (signing out) and forgets it in
// this process at once.
func (s *Store) RevokeToken(ctx context.Context, id int64) error {
	var rows []Token
	if err := s.db.WithContext(ctx).Where("id = ?", id).Limit(1).Find(&rows).Error; err != nil {
		return fmt.Errorf("revoke token: %w", err)
	}
	if len(rows) == 0 {
		return core.NotFound("token", id)
	}
	if err := s.db.WithContext(ctx).Model(&Token{}).Where("id = ? AND revoked_at IS NULL", id).
		Update("revoked_at", s.clock()).Error; err != nil {
		return fmt.Errorf("revoke token: %w", err)
	}
	s.cache.forget(rows[0].SecretHash)
	return nil
}
