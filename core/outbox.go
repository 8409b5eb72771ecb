package core

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"
	"gorm.io/gorm"
)

// Outbox writes emails in the caller's transaction; the dispatcher delivers
// them after commit. Nothing is ever sent from inside a request.
type Outbox struct {
	// Domain is the right-hand side of generated Message-IDs.
	Domain string
	Now    func() time.Time
}

// Message is an email to put in the outbox.
type Message struct {
	To      string
	Subject string
	Kind    string
	Text    string
	HTML    string
}

// Enqueue writes m to the outbox inside tx and returns the stored row. Its
// Message-ID is fixed now, so that a retried delivery is the same message.
func (o *Outbox) Enqueue(ctx context.Context, tx *gorm.DB, m Message) (*Email, error) {
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	t := now().UTC().Truncate(time.Microsecond)
	var rnd [12]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		return nil, fmt.Errorf("outbox: message id: %w", err)
	}
	domain := o.Domain
	if domain == "" {
		domain = "gymtastic.local"
	}
	e := &Email{
		ToAddress:     m.To,
		Subject:       m.Subject,
		Kind:          m.Kind,
		BodyText:      m.Text,
		BodyHTML:      m.HTML,
		MessageID:     "<" + hex.EncodeToString(rnd[:]) + "@" + strings.Trim(domain, "<>@") + ">",
		Status:        EmailPending,
		NextAttemptAt: t,
		CreatedAt:     t,
	}
	if err := tx.WithContext(ctx).Create(e).Error; err != nil {
		return nil, fmt.Errorf("outbox: enqueue: %w", err)
	}
	return e, nil
}

// EmailFilter selects emails in ListEmails.
type EmailFilter struct {
	Status string
	Kind   string
	// To matches ignoring case and Unicode normalisation (NFC, as
	// customers' addresses are stored).
	To string
}

// ListEmails lists outbox emails by id.
func (s *Service) ListEmails(ctx context.Context, f EmailFilter, p Page) ([]Email, bool, error) {
	q := s.db.WithContext(ctx).Model(&Email{})
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.Kind != "" {
		q = q.Where("kind = ?", f.Kind)
	}
	if f.To != "" {
		q = q.Where("lower(to_address) = lower(?)", norm.NFC.String(f.To))
	}
	var rows []Email
	if err := p.window(q.Order("id")).Find(&rows).Error; err != nil {
		return nil, false, fmt.Errorf("list emails: %w", err)
	}
	rows, more := trim(rows, p)
	return rows, more, nil
}

// GetEmail returns one outbox email.
func (s *Service) GetEmail(ctx context.Context, id int64) (*Email, error) {
	var e Email
	if err := s.db.WithContext(ctx).First(&e, id).Error; err != nil {
		if isNotFound(err) {
			return nil, NotFound("email", id)
		}
		return nil, fmt.Errorf("get email: %w", err)
	}
	return &e, nil
}
