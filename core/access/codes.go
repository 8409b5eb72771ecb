package access

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/core"
)

// Sign-in codes: 6 digits, valid for CodeTTL, used once, and dead after
// maxTries wrong tries.
const (
	CodeTTL    = 15 * time.Minute
	codeDigits = 6
	maxTries   = 5
)

// loginCode is a one-time sign-in code, stored as a hash.
type loginCode struct {
	ID         int64
	CustomerID int64
	CodeHash   string
	CreatedAt  time.Time
	ExpiresAt  time.Time
	Attempts   int
	UsedAt     *time.Time
}

func (loginCode) TableName() string { return "login_codes" }

// codeHash binds a code to its customer, so that one hash cannot stand for
// another customer's code.
func codeHash(customerID int64, code string) string {
	return Hash(strconv.FormatInt(customerID, 10) + ":" + code)
}

// normalEmail is the form throttles count an email under.
func normalEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// RequestCode sends a sign-in code to the customer with email, if there is
// one, through the outbox. Whether there is one is not told: the caller
// answers alike either way. Over a limit (per email, whether a customer's
// or not, and per client address) → 429 too_many_requests.
func (s *Store) RequestCode(ctx context.Context, email, clientAddr string) error {
	if err := s.hit(ctx, codesPerAddress, clientAddr); err != nil {
		return err
	}
	if err := s.hit(ctx, codesPerEmail, normalEmail(email)); err != nil {
		return err
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var customers []core.Customer
		if err := tx.Where("lower(email) = lower(?)", strings.TrimSpace(email)).Limit(1).Find(&customers).Error; err != nil {
			return fmt.Errorf("sign-in code: %w", err)
		}
		if len(customers) == 0 {
			return nil
		}
		c := customers[0]
		code, err := newCode()
		if err != nil {
			return fmt.Errorf("sign-in code: %w", err)
		}
		now := s.clock()
		if err := tx.Create(&loginCode{CustomerID: c.ID, CodeHash: codeHash(c.ID, code), CreatedAt: now,
			ExpiresAt: now.Add(CodeTTL)}).Error; err != nil {
			return fmt.Errorf("sign-in code: %w", err)
		}
		_, err = s.outbox.Enqueue(ctx, tx, core.Message{
			To: c.Email, Kind: "login_code", Subject: "Your " + s.gymName + " sign-in code",
			Text: fmt.Sprintf("Hello %s,\n\nyour sign-in code is %s. It works once, within %d minutes.\n\n"+
				"If you did not ask for it, ignore this email: nobody can sign in without the code.\n\n%s\n",
				c.FirstName, code, int(CodeTTL.Minutes()), s.gymName),
		})
		return err
	})
}

// newCode draws a code uniformly from 000000-999999.
func newCode() (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%0*d", codeDigits, n.Int64()), nil
}

// Redeem exchanges a code for a customer token: 401 invalid_code when the
// code is wrong, used, expired or tried too often (every wrong try counts
// against each live code of the customer), 429 over the per-email or
// per-address limit of tries.
func (s *Store) Redeem(ctx context.Context, email, code, clientAddr string) (*Token, string, error) {
	if err := s.hit(ctx, triesPerAddress, clientAddr); err != nil {
		return nil, "", err
	}
	if err := s.hit(ctx, triesPerEmail, normalEmail(email)); err != nil {
		return nil, "", err
	}
	var token *Token
	var secret string
	wrong := false
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var customers []core.Customer
		if err := tx.Where("lower(email) = lower(?)", strings.TrimSpace(email)).Limit(1).Find(&customers).Error; err != nil {
			return fmt.Errorf("redeem code: %w", err)
		}
		if len(customers) == 0 {
			return ErrInvalidCode
		}
		customerID := customers[0].ID
		now := s.clock()
		var live []loginCode
		if err := tx.Where("customer_id = ? AND used_at IS NULL AND expires_at > ? AND attempts < ?",
			customerID, now, maxTries).Order("id").Find(&live).Error; err != nil {
			return fmt.Errorf("redeem code: %w", err)
		}
		want := codeHash(customerID, strings.TrimSpace(code))
		for _, lc := range live {
			if subtle.ConstantTimeCompare([]byte(lc.CodeHash), []byte(want)) != 1 {
				continue
			}
			res := tx.Model(&loginCode{}).Where("id = ? AND used_at IS NULL", lc.ID).Update("used_at", now)
			if res.Error != nil {
				return fmt.Errorf("redeem code: %w", res.Error)
			}
			if res.RowsAffected != 1 {
				return ErrInvalidCode // used by a concurrent sign-in
			}
			var err error
			token, secret, err = s.IssueToken(ctx, tx, customerID)
			return err
		}
		if len(live) > 0 {
			if err := tx.Model(&loginCode{}).Where("customer_id = ? AND used_at IS NULL AND expires_at > ?", customerID, now).
				Update("attempts", gorm.Expr("attempts + 1")).Error; err != nil {
				return fmt.Errorf("redeem code: %w", err)
			}
		}
		wrong = true // commit the counted try, then refuse
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	if wrong {
		return nil, "", ErrInvalidCode
	}
	return token, secret, nil
}
