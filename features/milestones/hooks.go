package milestones

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/core"
)

// EmailKind is the outbox kind of the congratulatory email.
const EmailKind = "milestone_achieved"

// AfterBook applies the rule to every active milestone, in id order, inside
// the booking's transaction (core has locked the customer's row, so the
// customer's concurrent bookings wait their turn): when the customer's
// active bookings created within the interval up to now, the new one
// included, reach the milestone's session_count, and the customer has not
// achieved that milestone within the same interval, record an achievement
// and put the email in the outbox. Several milestones crossed by one
// booking give one achievement and one email each.
func (f *Feature) AfterBook(ctx context.Context, tx *gorm.DB, b *core.BookContext) error {
	list, err := f.activeNow(ctx, tx, b)
	if err != nil {
		return err
	}
	counts := map[time.Time]int{} // by window start: milestones often share an interval
	for i := range list {
		m := &list[i]
		start := m.iv.Before(b.Now, b.Location)
		n, ok := counts[start]
		if !ok {
			if before, read := b.Value(readSince(start)); read {
				n = int(before) + 1 // read before the insert: add the booking just made
			} else if n, err = countActive(ctx, tx, b.Customer.ID, start, b.Now); err != nil {
				return err
			}
			counts[start] = n
		}
		if n < m.SessionCount {
			continue
		}
		done, read := b.Value(readAchieved(m.ID, start))
		if !read {
			if done, err = achievedSince(ctx, tx, m.ID, b.Customer.ID, start); err != nil {
				return err
			}
		}
		if done > 0 {
			continue
		}
		if err := f.achieve(ctx, tx, b, &m.Milestone, m.iv, n); err != nil {
			return err
		}
	}
	return nil
}

// countActive counts the customer's active bookings created in [from, to]
// (countRead), when the read with the locked rows did not.
func countActive(ctx context.Context, tx *gorm.DB, customerID int64, from, to time.Time) (int, error) {
	var n int
	err := tx.WithContext(ctx).Raw("SELECT "+countRead, customerID, core.SQLTime(from), core.SQLTime(to)).Scan(&n).Error
	if err != nil {
		return 0, fmt.Errorf("milestones: count bookings: %w", err)
	}
	return n, nil
}

// achievedSince counts the customer's achievements of the milestone at or
// after since (achievedRead), when the read with the locked rows did not.
func achievedSince(ctx context.Context, tx *gorm.DB, milestoneID, customerID int64, since time.Time) (int64, error) {
	var n int64
	err := tx.WithContext(ctx).Raw("SELECT "+achievedRead, milestoneID, customerID, core.SQLTime(since)).Scan(&n).Error
	if err != nil {
		return 0, fmt.Errorf("milestones: find achievement: %w", err)
	}
	return n, nil
}

// achieve puts the congratulatory email in the outbox and records the
// achievement, both in tx.
func (f *Feature) achieve(ctx context.Context, tx *gorm.DB, b *core.BookContext, m *Milestone, iv Interval, count int) error {
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
