package waitlist

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/core"
)

// The rules. Joining: only a full session, and only what a booking's rules
// would let the customer book (core's Service.Try judges that, in the
// join's transaction). Promotion: when a transaction frees places in a
// session before the cutoff, its waiting entries are booked in order, in
// that transaction, through core's booking path; an entry a rule refuses
// is skipped with the rule's code. The session's row is locked by core in
// both, so joins, leaves and promotions of one session run one at a time.

// EmailPromoted and EmailSkipped are the outbox kinds of the emails.
const (
	EmailPromoted = "waitlist_promoted"
	EmailSkipped  = "waitlist_skipped"
)

// firstQuery and queueQuery read a session's first waiting entry, and the
// first after an id (ix_waitlist_queue).
const firstQuery = `SELECT id FROM waitlist_entries WHERE class_session_id = ? AND status = 'waiting' ORDER BY id LIMIT 1`

const queueQuery = `SELECT id, customer_id FROM waitlist_entries
	WHERE class_session_id = ? AND status = 'waiting' AND id > ? ORDER BY id LIMIT 1`

// waiting is an entry in the queue.
type waiting struct{ ID, CustomerID int64 }

// The refusals of joining a waitlist, for errors.Is and the route's
// declaration; the errors returned name the session.
var (
	ErrPlacesAvailable   = core.Refuse("places_available", "the session has free places: book it instead")
	ErrAlreadyWaitlisted = core.Refuse("already_waitlisted", "the customer is already waiting for this session")
	ErrWaitlistFull      = core.Refuse("waitlist_full", "the session's waitlist is full")
)

// join puts a customer on a session's waitlist.
func (f *Feature) join(ctx context.Context, customerID, sessionID int64) (*Entry, error) {
	var e *Entry
	err := f.env.Service.Try(ctx, customerID, sessionID, func(tx *gorm.DB, s *core.ClassSession) error {
		if s.Capacity == nil || s.BookedCount < int64(*s.Capacity) {
			return core.Refuse("places_available", "class session %d has free places: book it instead", sessionID)
		}
		var queue struct{ Waiting, Mine int64 }
		if err := tx.Raw(`SELECT COUNT(*) AS waiting, COALESCE(SUM(CASE WHEN customer_id = ? THEN 1 ELSE 0 END), 0) AS mine
			FROM waitlist_entries WHERE class_session_id = ? AND status = 'waiting'`, customerID, sessionID).Scan(&queue).Error; err != nil {
			return fmt.Errorf("waitlist: read queue: %w", err)
		}
		if queue.Mine > 0 {
			return core.Refuse("already_waitlisted", "customer %d is already waiting for class session %d", customerID, sessionID)
		}
		if f.cfg.MaxSize > 0 && queue.Waiting >= int64(f.cfg.MaxSize) {
			return core.Refuse("waitlist_full", "class session %d's waitlist is full (%d waiting)", sessionID, queue.Waiting)
		}
		now := f.env.Timestamp()
		e = &Entry{CustomerID: customerID, ClassSessionID: sessionID, Status: StatusWaiting, CreatedAt: now, UpdatedAt: now}
		if err := tx.Create(e).Error; err != nil {
			return fmt.Errorf("waitlist: join: %w", err)
		}
		return nil
	})
	return e, err
}

// PlacesFreed reads whether anyone waits for the session with core's read
// of the change that frees places (a cancel pays nothing more) and, up to
// the cutoff, books waiting entries in order while places are free.
func (f *Feature) PlacesFreed(fc *core.FreedContext) core.Check {
	var first sql.NullInt64 // the first waiting entry's id; NULL for none
	read := core.ReadValue(firstQuery, []any{fc.Session.ID}, &first)
	return core.Check{Reads: []*core.Read{read}, Decide: func(ctx context.Context, tx *gorm.DB) error {
		if !first.Valid || !f.promotes(fc.Session.StartsAt, fc.Now) {
			return nil
		}
		for after := first.Int64 - 1; fc.Places() != 0; {
			var rows []waiting
			if err := tx.Raw(queueQuery, fc.Session.ID, after).Scan(&rows).Error; err != nil {
				return fmt.Errorf("waitlist: read queue: %w", err)
			}
			if len(rows) == 0 {
				return nil
			}
			if err := f.promote(ctx, tx, fc, rows[0]); err != nil {
				return err
			}
			after = rows[0].ID
		}
		return nil
	}}
}

// promotes reports whether a place freed at now, in a session starting at
// start, goes to the waitlist: up to the cutoff itself ("no promotion later
// than" it, as a cancel exactly at the late-cancel deadline is on time),
// and never once the session has started (a cutoff of 0).
func (f *Feature) promotes(start, now time.Time) bool {
	cutoff := start.Add(-time.Duration(f.cfg.PromotionCutoffMinutes) * time.Minute)
	return !now.After(cutoff) && now.Before(start)
}

// promote books a waiting entry's customer, or skips the entry when a rule
// refuses, and emails her. It first claims the entry, which locks its row:
// one left meanwhile (a leave committed since the queue was read) is
// passed over.
func (f *Feature) promote(ctx context.Context, tx *gorm.DB, fc *core.FreedContext, w waiting) error {
	claim := tx.Exec("UPDATE waitlist_entries SET status = ?, updated_at = ? WHERE id = ? AND status = 'waiting'",
		StatusPromoted, fc.Now, w.ID)
	if claim.Error != nil {
		return fmt.Errorf("waitlist: claim entry %d: %w", w.ID, claim.Error)
	}
	if claim.RowsAffected == 0 {
		return nil
	}
	b, err := fc.Book(ctx, tx, w.CustomerID)
	refusal, refused := core.AsError(err)
	if err != nil && !refused {
		return err
	}
	update := map[string]any{"status": StatusPromoted, "booking_id": nil, "reason": nil, "updated_at": fc.Now}
	if refused {
		update["status"], update["reason"] = StatusSkipped, refusal.Code
	} else {
		update["booking_id"] = b.ID
	}
	if err := tx.Model(&Entry{}).Where("id = ?", w.ID).Updates(update).Error; err != nil {
		return fmt.Errorf("waitlist: update entry %d: %w", w.ID, err)
	}
	return f.email(ctx, tx, fc, w, refusal)
}

// email tells the customer she was booked, or why she was not.
func (f *Feature) email(ctx context.Context, tx *gorm.DB, fc *core.FreedContext, w waiting, refusal *core.Error) error {
	var to struct {
		Email, FirstName, ClassType string
	}
	if err := tx.Raw(`SELECT c.email, c.first_name, ct.name AS class_type FROM customers c, class_types ct
		WHERE c.id = ? AND ct.id = ?`, w.CustomerID, fc.Session.ClassTypeID).Scan(&to).Error; err != nil {
		return fmt.Errorf("waitlist: read customer: %w", err)
	}
	when := fc.Session.StartsAt.In(fc.Location).Format("Monday 2 January 2006 at 15:04")
	m := core.Message{To: to.Email, Kind: EmailPromoted,
		Subject: fmt.Sprintf("You're in: %s on %s", to.ClassType, when),
		Text: fmt.Sprintf("Hello %s,\n\nA place freed up and you were first on the waitlist: you are now booked into %s on %s.\n"+
			"If you can no longer come, please cancel so that the next person can have it.\n\n%s\n", to.FirstName, to.ClassType, when, f.gymName())}
	if refusal != nil {
		m.Kind, m.Subject = EmailSkipped, fmt.Sprintf("Waitlist: %s on %s", to.ClassType, when)
		m.Text = fmt.Sprintf("Hello %s,\n\nA place freed up in %s on %s, but we could not book you into it: %s\n"+
			"You are no longer on its waitlist.\n\n%s\n", to.FirstName, to.ClassType, when, refusal.Detail, f.gymName())
	}
	if _, err := f.env.Outbox.Enqueue(ctx, tx, m); err != nil {
		return fmt.Errorf("waitlist: %w", err)
	}
	return nil
}
