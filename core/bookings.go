package core

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/config"
)

// lockedSession is a session row locked for a booking, with its active
// bookings counted and whether the customer holds one of them.
type lockedSession struct {
	ClassSession
	HeldByCustomer int64
}

// lockForBooking locks the customer's row, then the session's (the lock
// order everywhere), and reads both, with the session's active bookings
// counted and whether the customer holds one of them. A nil customer or
// session means that row does not exist.
//
// Two round trips on PostgreSQL: one statement takes both locks (a select
// list's scalar subqueries run left to right, so the customer is always
// locked first); the read needs a statement of its own, because one that
// began before a lock was granted would not see the bookings committed
// while it waited. One on SQLite, where BEGIN IMMEDIATE already serialises
// writers.
func (s *Service) lockForBooking(tx *gorm.DB, customerID, sessionID int64) (*Customer, *lockedSession, error) {
	if s.kind == config.Postgres {
		if err := tx.Exec(`SELECT (SELECT id FROM customers WHERE id = ? FOR UPDATE),
			(SELECT id FROM class_sessions WHERE id = ? FOR UPDATE)`, customerID, sessionID).Error; err != nil {
			return nil, nil, fmt.Errorf("lock customer and session: %w", err)
		}
	}
	var rows []struct {
		ClassSession                                       // gorm fills exported embedded structs only
		HeldByCustomer                                     int64
		CustomerFirstName, CustomerLastName, CustomerEmail string
		CustomerCreatedAt                                  time.Time
	}
	q := "SELECT " + sessionColumns + `,
		(SELECT COUNT(*) FROM bookings b WHERE b.class_session_id = s.id AND b.customer_id = c.id
			AND b.status IN ('booked', 'attended', 'no_show')) AS held_by_customer,
		c.first_name AS customer_first_name, c.last_name AS customer_last_name,
		c.email AS customer_email, c.created_at AS customer_created_at
		FROM customers c CROSS JOIN class_sessions s WHERE c.id = ? AND s.id = ?`
	if err := tx.Raw(q, customerID, sessionID).Scan(&rows).Error; err != nil {
		return nil, nil, fmt.Errorf("read customer and session: %w", err)
	}
	if len(rows) == 0 { // which one is missing: the error path only
		found, err := s.lockRow(tx, "customers", customerID)
		if err != nil || !found {
			return nil, nil, err
		}
		return &Customer{ID: customerID}, nil, nil
	}
	r := rows[0]
	c := &Customer{ID: customerID, FirstName: r.CustomerFirstName, LastName: r.CustomerLastName,
		Email: r.CustomerEmail, CreatedAt: r.CustomerCreatedAt}
	return c, &lockedSession{ClassSession: r.ClassSession, HeldByCustomer: r.HeldByCustomer}, nil
}

// Book creates a booked booking for a customer in a session.
//
// In one transaction: lock the customer, lock the session (in that order,
// always), check the session has not started, the customer holds no active
// booking for it and it has a free place, run the BeforeBook hooks, insert,
// run the AfterBook hooks, commit. Any refusal rolls everything back.
func (s *Service) Book(ctx context.Context, customerID, sessionID int64) (*Booking, error) {
	var out *Booking
	err := s.tx(ctx, func(tx *gorm.DB) error {
		now := s.Now()
		cust, sess, err := s.lockForBooking(tx, customerID, sessionID)
		if err != nil {
			return err
		}
		if cust == nil {
			return Invalid("customer", "customer %d does not exist", customerID)
		}
		if sess == nil {
			return Invalid("class_session", "class session %d does not exist", sessionID)
		}
		if !now.Before(sess.StartsAt) {
			return Refuse("session_started", "class session %d started at %s; it can no longer be booked",
				sessionID, sess.StartsAt.In(s.loc).Format(time.RFC3339))
		}
		if sess.HeldByCustomer > 0 {
			return Refuse("already_booked", "customer %d already holds a booking for class session %d", customerID, sessionID)
		}
		if sess.Capacity != nil && sess.BookedCount >= int64(*sess.Capacity) {
			return Refuse("session_full", "class session %d is full (%d of %d places taken)", sessionID, sess.BookedCount, *sess.Capacity)
		}
		b := &Booking{CustomerID: customerID, ClassSessionID: sessionID, Status: StatusBooked, CreatedAt: now, UpdatedAt: now}
		bc := &BookContext{Kind: s.kind, Customer: cust, Session: &sess.ClassSession, Booking: b, Now: now, Location: s.loc}
		for _, h := range s.hooks.BeforeBook {
			if err := h.BeforeBook(ctx, tx, bc); err != nil {
				return err
			}
		}
		if err := tx.Create(b).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return Refuse("already_booked", "customer %d already holds a booking for class session %d", customerID, sessionID)
			}
			return fmt.Errorf("insert booking: %w", err)
		}
		for _, h := range s.hooks.AfterBook {
			if err := h.AfterBook(ctx, tx, bc); err != nil {
				return err
			}
		}
		out = b
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// GetBooking returns one booking.
func (s *Service) GetBooking(ctx context.Context, id int64) (*Booking, error) {
	return s.getBooking(s.db.WithContext(ctx), id, "")
}

func (s *Service) getBooking(db *gorm.DB, id int64, lock string) (*Booking, error) {
	var rows []Booking
	if err := db.Raw("SELECT * FROM bookings WHERE id = ?"+lock, id).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("get booking: %w", err)
	}
	if len(rows) == 0 {
		return nil, NotFound("booking", id)
	}
	return &rows[0], nil
}

// Cancel cancels a booked booking before its session starts. BeforeCancel
// hooks may make it late_cancelled; a late cancel is never refused.
func (s *Service) Cancel(ctx context.Context, id int64) (*Booking, error) {
	return s.changeStatus(ctx, id, StatusCancelled, false)
}

// SetStatus moves a booking to status, as PATCH {"status": …} does:
//
//	booked → cancelled          a cancel (as Cancel), before the start
//	late_cancelled → cancelled  forgiving a late cancel
//	booked, attended, no_show → attended | no_show
//	                            attendance, once the session has started
//
// Anything else is 409 invalid_transition.
func (s *Service) SetStatus(ctx context.Context, id int64, status string) (*Booking, error) {
	return s.changeStatus(ctx, id, status, true)
}

func (s *Service) changeStatus(ctx context.Context, id int64, to string, allowForgive bool) (*Booking, error) {
	var out *Booking
	err := s.tx(ctx, func(tx *gorm.DB) error {
		now := s.Now()
		b, err := s.getBooking(tx, id, "")
		if err != nil {
			return err
		}
		// Lock in the same order as Book: customer, session, then booking.
		cust, sess, err := s.lockForBooking(tx, b.CustomerID, b.ClassSessionID)
		if err != nil {
			return err
		}
		if sess == nil {
			return fmt.Errorf("booking %d: its customer or session is missing", id)
		}
		if b, err = s.getBooking(tx, id, s.forUpdate()); err != nil {
			return err
		}
		invalid := func() error {
			return Refuse("invalid_transition", "booking %d is %s; it cannot become %s", id, b.Status, to)
		}
		started := !now.Before(sess.StartsAt)
		switch {
		case to == StatusCancelled && b.Status == StatusBooked:
			if started {
				return Refuse("session_started", "class session %d started at %s; the booking can no longer be cancelled",
					sess.ID, sess.StartsAt.In(s.loc).Format(time.RFC3339))
			}
			cc := &CancelContext{Kind: s.kind, Customer: cust, Session: &sess.ClassSession, Booking: b,
				NewStatus: StatusCancelled, Now: now, Location: s.loc}
			for _, h := range s.hooks.BeforeCancel {
				if err := h.BeforeCancel(ctx, tx, cc); err != nil {
					return err
				}
			}
			if cc.NewStatus != StatusCancelled && cc.NewStatus != StatusLateCancelled {
				return fmt.Errorf("a BeforeCancel hook set status %q", cc.NewStatus)
			}
			b.Status, b.CancelledAt, b.UpdatedAt = cc.NewStatus, &now, now
			if err := s.saveStatus(tx, b); err != nil {
				return err
			}
			for _, h := range s.hooks.AfterCancel {
				if err := h.AfterCancel(ctx, tx, cc); err != nil {
					return err
				}
			}
		case to == StatusCancelled && b.Status == StatusLateCancelled && allowForgive:
			b.Status, b.UpdatedAt = StatusCancelled, now
			if err := s.saveStatus(tx, b); err != nil {
				return err
			}
		case (to == StatusAttended || to == StatusNoShow) && IsActive(b.Status):
			if !started {
				return Refuse("session_not_started", "class session %d starts at %s; attendance is recorded once it has started",
					sess.ID, sess.StartsAt.In(s.loc).Format(time.RFC3339))
			}
			if b.Status == to {
				break
			}
			b.Status, b.UpdatedAt = to, now
			if err := s.saveStatus(tx, b); err != nil {
				return err
			}
		default:
			return invalid()
		}
		out = b
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (s *Service) saveStatus(tx *gorm.DB, b *Booking) error {
	if err := tx.Exec("UPDATE bookings SET status = ?, updated_at = ?, cancelled_at = ? WHERE id = ?",
		b.Status, b.UpdatedAt, b.CancelledAt, b.ID).Error; err != nil {
		return fmt.Errorf("update booking: %w", err)
	}
	return nil
}

// BookingFilter selects bookings in ListBookings. Zero values do not filter.
type BookingFilter struct {
	CustomerID     int64
	ClassSessionID int64
	Statuses       []string
	// From and To bound the session's starts_at (from inclusive, to
	// exclusive).
	From, To time.Time
}

// ListBookings lists bookings by id.
func (s *Service) ListBookings(ctx context.Context, f BookingFilter, p Page) ([]Booking, bool, error) {
	q := s.db.WithContext(ctx).Table("bookings b").Select("b.*")
	if f.CustomerID != 0 {
		q = q.Where("b.customer_id = ?", f.CustomerID)
	}
	if f.ClassSessionID != 0 {
		q = q.Where("b.class_session_id = ?", f.ClassSessionID)
	}
	if len(f.Statuses) > 0 {
		q = q.Where("b.status IN ?", f.Statuses)
	}
	if !f.From.IsZero() || !f.To.IsZero() {
		q = q.Joins("JOIN class_sessions s ON s.id = b.class_session_id")
		if !f.From.IsZero() {
			q = q.Where("s.starts_at >= ?", s.bound(f.From))
		}
		if !f.To.IsZero() {
			q = q.Where("s.starts_at < ?", s.bound(f.To))
		}
	}
	var rows []Booking
	if err := p.window(q.Order("b.id")).Scan(&rows).Error; err != nil {
		return nil, false, fmt.Errorf("list bookings: %w", err)
	}
	rows, more := trim(rows, p)
	return rows, more, nil
}
