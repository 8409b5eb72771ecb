package milestones

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/core"
)

// The rule: when a booking brings the customer's active bookings created
// within a milestone's interval up to now, the new one included, to its
// session_count, and she has not achieved it within that interval, she
// achieves it: an achievement and an email, in the booking's transaction.
// Core has locked the customer's row, so each crossing is recorded once.

// EmailKind is the outbox kind of the congratulatory email.
const EmailKind = "milestone_achieved"

// activeQuery lists the active milestones by id, each with the customer's
// latest achievement of it (ix_milestone_achievements_rule) and the
// creation of her (session_count - 1)th latest active booking, before this
// one (ix_milestones_bookings_active_created): the booking reaches the
// milestone when that one falls in the interval. Both are NULL for none.
// They are joined, not selected in subqueries, so that SQLite types them as
// times.
const activeQuery = `WITH recent AS (
		SELECT created_at, ROW_NUMBER() OVER (ORDER BY created_at DESC) AS n FROM bookings
		WHERE customer_id = ? AND status IN ` + core.ActiveSQL + ` AND created_at <= ?
		ORDER BY created_at DESC
		LIMIT (SELECT COALESCE(MAX(session_count), 0) FROM milestones WHERE active = ?))
	SELECT m.id, m.name, m.period, m.session_count, m.created_at, a.achieved_at, r.created_at
	FROM milestones m
	LEFT JOIN milestone_achievements a ON a.id = (SELECT a2.id FROM milestone_achievements a2
		WHERE a2.milestone_id = m.id AND a2.customer_id = ? ORDER BY a2.achieved_at DESC LIMIT 1)
	LEFT JOIN recent r ON r.n = m.session_count - 1
	WHERE m.active = ? ORDER BY m.id`

// countQuery counts the customer's active bookings created in [from, to],
// for the achievement's record and its email.
const countQuery = `SELECT COUNT(*) FROM bookings
	WHERE customer_id = ? AND status IN ` + core.ActiveSQL + ` AND created_at >= ? AND created_at <= ?`

// active is an active milestone with the customer's latest achievement of
// it and the creation of her (session_count - 1)th latest booking.
type active struct {
	Milestone
	achieved, nth *time.Time
}

// AfterBook reads the active milestones with what the customer did of
// each, and records each milestone the booking crosses, in id order.
func (f *Feature) AfterBook(b *core.BookContext) core.Check {
	var list []active
	now := core.SQLTime(b.Now)
	read := core.ReadRows(activeQuery, []any{b.Customer.ID, now, true, b.Customer.ID, true}, func() []any {
		list = append(list, active{Milestone: Milestone{Active: true}})
		m := &list[len(list)-1]
		return []any{&m.ID, &m.Name, &m.Interval, &m.SessionCount, &m.CreatedAt, &m.achieved, &m.nth}
	})
	return core.Check{Reads: []*core.Read{read}, Decide: func(ctx context.Context, tx *gorm.DB) error {
		for i := range list {
			m := &list[i]
			iv, err := ParseInterval(m.Interval)
			if err != nil {
				return fmt.Errorf("milestones: milestone %d: %w", m.ID, err)
			}
			start := iv.Before(b.Now, b.Location)
			achieved := m.achieved != nil && !m.achieved.Before(start)
			reached := m.SessionCount <= 1 || (m.nth != nil && !m.nth.Before(start))
			if achieved || !reached {
				continue
			}
			if err := f.achieve(ctx, tx, b, &m.Milestone, iv, start); err != nil {
				return err
			}
		}
		return nil
	}}
}

// achieve counts the customer's bookings in the interval since start, puts
// the congratulatory email in the outbox and records the achievement, all
// in tx.
func (f *Feature) achieve(ctx context.Context, tx *gorm.DB, b *core.BookContext, m *Milestone, iv Interval, start time.Time) error {
	var count int
	if err := tx.WithContext(ctx).Raw(countQuery, b.Customer.ID, core.SQLTime(start), core.SQLTime(b.Now)).Scan(&count).Error; err != nil {
		return fmt.Errorf("milestones: count bookings: %w", err)
	}
	subject, text, html, err := f.mail.render(achievedMail{FirstName: b.Customer.FirstName, Milestone: m.Name,
		Count: count, SessionCount: m.SessionCount, Interval: iv.Human(), GymName: f.gymName})
	if err != nil {
		return fmt.Errorf("milestones: %w", err)
	}
	email, err := f.outbox.Enqueue(ctx, tx, core.Message{To: b.Customer.Email, Subject: subject, Kind: EmailKind,
		Text: text, HTML: html})
	if err != nil {
		return fmt.Errorf("milestones: %w", err)
	}
	bookingID := b.Booking.ID
	a := &Achievement{MilestoneID: m.ID, CustomerID: b.Customer.ID, BookingID: &bookingID, EmailID: &email.ID,
		BookingCount: count, AchievedAt: b.Now.UTC()}
	if err := tx.WithContext(ctx).Create(a).Error; err != nil {
		return fmt.Errorf("milestones: record achievement: %w", err)
	}
	return nil
}
