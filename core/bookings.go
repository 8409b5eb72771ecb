package core

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/config"
)

// pinned is what lockRows returns: which rows exist (nil for those that do
// not) and when the session starts.
type pinned struct {
	CustomerID *int64
	StartsAt   *time.Time
}

// lockRows locks the customer's row, then the session's: the lock order
// everywhere (lockBooking then takes the booking's). One statement on
// PostgreSQL, as a select list's scalar subqueries run left to right. The
// session's start comes back with its lock, so features can phrase their
// reads for the day it falls on before core reads the rows (readLocked); a
// row locked cannot change under the transaction. On SQLite, where BEGIN
// IMMEDIATE already serialises writers, the same statement without locks.
// The statement fills the pinned it returns.
func (s *Service) lockRows(customerID, sessionID int64) (*pinned, *stmt) {
	q := `SELECT (SELECT id FROM customers WHERE id = ? FOR UPDATE) AS customer_id,
			(SELECT starts_at FROM class_sessions WHERE id = ? FOR UPDATE) AS starts_at`
	if s.kind != config.Postgres {
		// A column, not a scalar subquery: SQLite types a DATETIME column's
		// value as a time, an expression's as text.
		q = `SELECT (SELECT id FROM customers WHERE id = ?) AS customer_id, s.starts_at
			FROM (SELECT 1) AS one LEFT JOIN class_sessions s ON s.id = ?`
	}
	p := &pinned{}
	return p, &stmt{sql: q, args: []any{customerID, sessionID}, dest: []any{&p.CustomerID, &p.StartsAt}}
}

// pinnedBooking is what lockBooking returns: the booking's customer and
// session (OwnerID, SessionID, read before the locks; a booking never
// changes them) and, as in pinned, which rows the locks found.
type pinnedBooking struct {
	OwnerID    int64
	SessionID  int64
	CustomerID *int64
	StartsAt   *time.Time
	BookingID  *int64
}

// lockBooking is lockRows for a booking known only by its id: it finds the
// booking's customer and session and locks the customer, the session, then
// the booking (lockRows' order, then the booking), in one statement. The
// statement finds no row when no booking has that id.
//
// owner, when not 0, is the only customer whose booking it finds
// (core.OwnerOf): another's is not found.
func (s *Service) lockBooking(id, owner int64) (*pinnedBooking, *stmt) {
	q := `SELECT b.customer_id AS owner_id, b.class_session_id AS session_id,
			(SELECT id FROM customers WHERE id = b.customer_id FOR UPDATE) AS customer_id,
			(SELECT starts_at FROM class_sessions WHERE id = b.class_session_id FOR UPDATE) AS starts_at,
			(SELECT id FROM bookings WHERE id = b.id FOR UPDATE) AS booking_id
		FROM bookings b WHERE b.id = ?`
	if s.kind != config.Postgres {
		// As in lockRows: no locks, and starts_at as a column.
		q = `SELECT b.customer_id AS owner_id, b.class_session_id AS session_id,
			(SELECT id FROM customers WHERE id = b.customer_id) AS customer_id, s.starts_at, b.id AS booking_id
		FROM bookings b LEFT JOIN class_sessions s ON s.id = b.class_session_id WHERE b.id = ?`
	}
	args := []any{id}
	if owner != 0 {
		q += " AND b.customer_id = ?"
		args = append(args, owner)
	}
	p := &pinnedBooking{}
	return p, &stmt{sql: q, args: args, dest: []any{&p.OwnerID, &p.SessionID, &p.CustomerID, &p.StartsAt, &p.BookingID}}
}

// byName indexes the values of reads (as readLocked reads them) by their
// names, which must be unique. NULL reads as 0.
func byName(reads []BookRead, values []sql.NullInt64) (map[string]int64, error) {
	m := make(map[string]int64, len(reads))
	for i, r := range reads {
		if _, dup := m[r.Name]; dup {
			return nil, fmt.Errorf("two BookReads are named %q", r.Name)
		}
		m[r.Name] = values[i].Int64
	}
	return m, nil
}

// locked is the read of locked rows: the customer, the session with its
// count of active bookings, the booking when one was asked for, and the
// features' BookReads' values.
type locked struct {
	Customer Customer
	Session  ClassSession
	Booking  *Booking
	Values   []sql.NullInt64

	read *stmt    // the statement that fills the above
	ids  [3]int64 // the customer, session and booking it reads
}

// readLocked prepares the read of the rows lockRows locked, with the
// features' reads (one statement whatever the number of features); its
// send runs it. It must run after the locks, in a statement of its own (it
// may share their round trip): one that began before a lock was granted
// would not see what was committed while it waited. The rows must exist.
func (s *Service) readLocked(customerID, sessionID, bookingID int64, reads []BookRead) *locked {
	var q strings.Builder
	size := len(sessionColumns) + 600 // core's own part, with room to spare
	for _, r := range reads {
		size += len(r.SQL) + 4
	}
	q.Grow(size)
	q.WriteString("SELECT " + sessionColumns + `,
		c.first_name, c.last_name, c.email, c.created_at`)
	args := make([]any, 0, 3*len(reads)+3)
	for _, r := range reads {
		q.WriteString(",\n\t\t") // two writes: a + would allocate the joined string first
		q.WriteString(r.SQL)
		args = append(args, r.Args...)
	}
	if bookingID != 0 {
		q.WriteString(", bk.status, bk.created_at, bk.updated_at, bk.cancelled_at")
	}
	q.WriteString("\n\t\tFROM customers c CROSS JOIN class_sessions s")
	if bookingID != 0 {
		q.WriteString(" CROSS JOIN bookings bk")
	}
	q.WriteString(" WHERE c.id = ? AND s.id = ?")
	args = append(args, customerID, sessionID)
	if bookingID != 0 {
		q.WriteString(" AND bk.id = ?")
		args = append(args, bookingID)
	}

	out := &locked{Customer: Customer{ID: customerID}, Values: make([]sql.NullInt64, len(reads))}
	ss := &out.Session
	dest := []any{&ss.ID, &ss.ClassTypeID, &ss.StartsAt, &ss.DurationMinutes, &ss.Capacity, &ss.CreatedAt,
		&ss.BookedCount,
		&out.Customer.FirstName, &out.Customer.LastName, &out.Customer.Email, &out.Customer.CreatedAt}
	for i := range out.Values {
		dest = append(dest, &out.Values[i])
	}
	if bookingID != 0 {
		out.Booking = &Booking{ID: bookingID, CustomerID: customerID, ClassSessionID: sessionID}
		dest = append(dest, &out.Booking.Status, &out.Booking.CreatedAt, &out.Booking.UpdatedAt, &out.Booking.CancelledAt)
	}
	out.read = &stmt{sql: q.String(), args: args, dest: dest}
	out.ids = [3]int64{customerID, sessionID, bookingID}
	return out
}

// send runs the read, then the more statements in the same round trip, and
// reports the read's failure, or the rows missing; the others' failures
// are left in their err.
func (l *locked) send(p pipe, more ...*stmt) error {
	_ = p.send(append([]*stmt{l.read}, more...)...)
	return l.check()
}

// check reports the read's failure, or the rows missing, once it was sent.
func (l *locked) check() error {
	switch {
	case l.read.err != nil:
		return fmt.Errorf("read locked rows: %w", l.read.err)
	case !l.read.found:
		return fmt.Errorf("read locked rows: customer %d or class session %d or booking %d vanished under its lock",
			l.ids[0], l.ids[1], l.ids[2])
	}
	return nil
}

// errSessionMoved is a booking attempt that guessed the session's start
// wrong (sessionStarts): it is rolled back and made again.
var errSessionMoved = errors.New("the class session's start changed since it was remembered")

// Book creates a booked booking for a customer in a session.
//
// In one transaction: lock the customer, then the session (in that order,
// always), and check the session has not started; read them with the
// features' values (BookReader) and insert the booking; check the customer
// held no active booking for the session (the insert broke no
// ux_bookings_active) and it had a free place (the read ran before the
// insert); run the BeforeBook hooks, then the AfterBook hooks; commit. Any refusal rolls everything back, the booking included.
//
// On PostgreSQL the lock, the read and the insert go in one round trip
// (with BEGIN) when the session's start is remembered from an earlier
// booking (sessionStarts), as the features' reads need the day it falls
// on; otherwise the read and the insert take a second one. The start the
// lock returns is checked against the one remembered: a session moved
// since is booked again, with its new start.
func (s *Service) Book(ctx context.Context, customerID, sessionID int64) (*Booking, error) {
	for attempt := 1; ; attempt++ {
		// The third attempt does not guess: a session moved again and
		// again cannot keep a booking going round.
		b, err := s.book(ctx, customerID, sessionID, attempt < 3)
		if !errors.Is(err, errSessionMoved) {
			return b, err
		}
	}
}

func (s *Service) book(ctx context.Context, customerID, sessionID int64, guess bool) (*Booking, error) {
	var out *Booking
	err := s.pipelined(ctx, func(p pipe) error {
		now := s.Now()
		b := &Booking{CustomerID: customerID, ClassSessionID: sessionID, Status: StatusBooked, CreatedAt: now, UpdatedAt: now}
		var (
			bc     *BookContext
			reads  []BookRead
			l      *locked
			insert *stmt
		)
		// prepare phrases the read and the insert for a session starting at start.
		prepare := func(start time.Time) {
			bc = &BookContext{Kind: s.kind, Customer: &Customer{ID: customerID},
				Session: &ClassSession{ID: sessionID, StartsAt: start}, Now: now, Location: s.loc}
			for _, r := range s.hooks.Readers {
				reads = append(reads, r.ReadForBook(bc)...)
			}
			l = s.readLocked(customerID, sessionID, 0, reads)
			insert = &stmt{sql: `INSERT INTO bookings (customer_id, class_session_id, status, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, args: []any{customerID, sessionID, b.Status, now, now}, dest: []any{&b.ID}}
		}

		pin, lock := s.lockRows(customerID, sessionID)
		guessed, guessedOK := time.Time{}, false
		if guess {
			guessed, guessedOK = s.starts.get(sessionID)
		}
		var err error
		if guessedOK {
			prepare(guessed)
			err = p.send(lock, l.read, insert)
		} else {
			err = p.send(lock)
		}
		if lock.err != nil {
			return fmt.Errorf("lock customer and session: %w", err)
		}
		if pin.CustomerID == nil {
			return Invalid("customer", "customer %d does not exist", customerID)
		}
		if pin.StartsAt == nil {
			return Invalid("class_session", "class session %d does not exist", sessionID)
		}
		if !now.Before(*pin.StartsAt) {
			return Refuse("session_started", "class session %d started at %s; it can no longer be booked",
				sessionID, pin.StartsAt.In(s.loc).Format(time.RFC3339))
		}
		switch {
		case !guessedOK:
			s.starts.put(sessionID, *pin.StartsAt)
			prepare(*pin.StartsAt)
			err = l.send(p, insert)
		case !guessed.Equal(*pin.StartsAt):
			s.starts.put(sessionID, *pin.StartsAt)
			return errSessionMoved
		default:
			err = l.check()
		}
		if err != nil {
			return err
		}
		bc.Customer, bc.Session = &l.Customer, &l.Session
		if bc.values, err = byName(reads, l.Values); err != nil {
			return err
		}
		sess := &l.Session
		// The partial unique index on active bookings is the check: the
		// customer's row is locked, so no other booking of theirs races it.
		if errors.Is(insert.err, gorm.ErrDuplicatedKey) {
			return Refuse("already_booked", "customer %d already holds a booking for class session %d", customerID, sessionID)
		}
		if sess.Capacity != nil && sess.BookedCount >= int64(*sess.Capacity) {
			return Refuse("session_full", "class session %d is full (%d of %d places taken)", sessionID, sess.BookedCount, *sess.Capacity)
		}
		if insert.err != nil {
			return fmt.Errorf("insert booking: %w", insert.err)
		}
		bc.Booking = b
		tx := p.db()
		for _, h := range s.hooks.BeforeBook {
			if err := h.BeforeBook(ctx, tx, bc); err != nil {
				return err
			}
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

// GetBooking returns one booking (for a customer, one of her own).
func (s *Service) GetBooking(ctx context.Context, id int64) (*Booking, error) {
	return s.getBooking(s.db.WithContext(ctx), id, OwnerOf(ctx))
}

func (s *Service) getBooking(db *gorm.DB, id, owner int64) (*Booking, error) {
	q, args := "SELECT * FROM bookings WHERE id = ?", []any{id}
	if owner != 0 {
		q += " AND customer_id = ?"
		args = append(args, owner)
	}
	var rows []Booking
	if err := db.Raw(q, args...).Scan(&rows).Error; err != nil {
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
// The booking's current status changes nothing (a client sending back the
// booking it got). Anything else is 409 invalid_transition.
func (s *Service) SetStatus(ctx context.Context, id int64, status string) (*Booking, error) {
	return s.changeStatus(ctx, id, status, true)
}

// changeStatus moves booking id to status to: for Cancel, or for SetStatus
// when set (which may forgive, and for which the current status is no
// change).
func (s *Service) changeStatus(ctx context.Context, id int64, to string, set bool) (*Booking, error) {
	var out *Booking
	err := s.pipelined(ctx, func(p pipe) error {
		now := s.Now()
		pin, lock := s.lockBooking(id, OwnerOf(ctx))
		if err := p.send(lock); err != nil {
			return fmt.Errorf("lock booking %d: %w", id, err)
		}
		if !lock.found || pin.BookingID == nil { // or deleted with its session meanwhile
			return NotFound("booking", id)
		}
		if pin.CustomerID == nil || pin.StartsAt == nil {
			return fmt.Errorf("booking %d: its customer or session is missing", id)
		}
		cc := &CancelContext{Kind: s.kind, Customer: &Customer{ID: pin.OwnerID},
			Session:   &ClassSession{ID: pin.SessionID, StartsAt: *pin.StartsAt},
			Booking:   &Booking{ID: id, CustomerID: pin.OwnerID, ClassSessionID: pin.SessionID},
			NewStatus: StatusCancelled, Now: now, Location: s.loc}
		var reads []BookRead
		if to == StatusCancelled {
			for _, r := range s.hooks.CancelReaders {
				reads = append(reads, r.ReadForCancel(cc)...)
			}
		}
		l := s.readLocked(pin.OwnerID, pin.SessionID, id, reads)
		if err := l.send(p); err != nil {
			return err
		}
		var err error
		if cc.values, err = byName(reads, l.Values); err != nil {
			return err
		}
		cust, sess, b := &l.Customer, &l.Session, l.Booking
		cc.Customer, cc.Session, cc.Booking = cust, sess, b
		invalid := func() error {
			return Refuse("invalid_transition", "booking %d is %s; it cannot become %s", id, b.Status, to)
		}
		started := !now.Before(sess.StartsAt)
		staffOnly := to == StatusAttended || to == StatusNoShow || (to == StatusCancelled && b.Status == StatusLateCancelled)
		if staffOnly && to != b.Status && !PrincipalOf(ctx).Staff() {
			return Forbidden("recording attendance and forgiving a late cancel are for staff; a customer may cancel her booking")
		}
		switch {
		case set && to == b.Status:
			// No change, and nothing written.
		case to == StatusCancelled && b.Status == StatusBooked:
			if started {
				return Refuse("session_started", "class session %d started at %s; the booking can no longer be cancelled",
					sess.ID, sess.StartsAt.In(s.loc).Format(time.RFC3339))
			}
			tx := p.db() // the hooks' handle: only a cancel runs hooks
			for _, h := range s.hooks.BeforeCancel {
				if err := h.BeforeCancel(ctx, tx, cc); err != nil {
					return err
				}
			}
			if cc.NewStatus != StatusCancelled && cc.NewStatus != StatusLateCancelled {
				return fmt.Errorf("a BeforeCancel hook set status %q", cc.NewStatus)
			}
			b.Status, b.CancelledAt, b.UpdatedAt = cc.NewStatus, &now, now
			if len(s.hooks.AfterCancel) == 0 {
				// Nothing reads after the update: it goes with the COMMIT.
				err = p.last(statusUpdate(b))
			} else {
				err = p.send(statusUpdate(b))
			}
			if err != nil {
				return fmt.Errorf("update booking: %w", err)
			}
			for _, h := range s.hooks.AfterCancel {
				if err := h.AfterCancel(ctx, tx, cc); err != nil {
					return err
				}
			}
		case to == StatusCancelled && b.Status == StatusLateCancelled && set:
			b.Status, b.UpdatedAt = StatusCancelled, now
			if err := p.last(statusUpdate(b)); err != nil {
				return err
			}
		case (to == StatusAttended || to == StatusNoShow) && IsActive(b.Status):
			if !started {
				return Refuse("session_not_started", "class session %d starts at %s; attendance is recorded once it has started",
					sess.ID, sess.StartsAt.In(s.loc).Format(time.RFC3339))
			}
			b.Status, b.UpdatedAt = to, now
			if err := p.last(statusUpdate(b)); err != nil {
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

// statusUpdate writes b's status, updated_at and cancelled_at.
func statusUpdate(b *Booking) *stmt {
	var cancelledAt any // NULL, or the time: a value, not a pointer
	if b.CancelledAt != nil {
		cancelledAt = *b.CancelledAt
	}
	return &stmt{sql: "UPDATE bookings SET status = ?, updated_at = ?, cancelled_at = ? WHERE id = ?",
		args: []any{b.Status, b.UpdatedAt, cancelledAt, b.ID}}
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
	if owner := OwnerOf(ctx); owner != 0 {
		q = q.Where("b.customer_id = ?", owner)
	}
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
			q = q.Where("s.starts_at >= ?", SQLTime(f.From))
		}
		if !f.To.IsZero() {
			q = q.Where("s.starts_at < ?", SQLTime(f.To))
		}
	}
	var rows []Booking
	if err := p.window(q.Order("b.id")).Scan(&rows).Error; err != nil {
		return nil, false, fmt.Errorf("list bookings: %w", err)
	}
	rows, more := trim(rows, p)
	return rows, more, nil
}
