package core

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"
)

// errSessionMoved is a booking attempt that guessed the session's start
// wrong (sessionStarts): it is rolled back and made again.
var errSessionMoved = errors.New("the class session's start changed since it was remembered")

// Book creates a booked booking for a customer in a session: the steps are
// in the package doc ("Hooks"). Any refusal rolls everything back.
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

// book makes one attempt at a booking. With guess, and the session's start
// remembered, the lock, the reads and the insert share one round trip
// (starts.go).
func (s *Service) book(ctx context.Context, customerID, sessionID int64, guess bool) (*Booking, error) {
	var out *Booking
	err := s.pipelined(ctx, func(p pipe) error {
		now := s.Now()
		pin, lock := s.lockRows(customerID, sessionID)
		start, guessed := time.Time{}, false
		if guess {
			start, guessed = s.starts.get(sessionID)
		}
		var bt *bookingTx
		var sent error
		if guessed {
			bt = s.newBookingTx(ctx, customerID, sessionID, start, now)
			sent = p.send(append([]*stmt{lock}, bt.stmts()...)...)
		} else {
			sent = p.send(lock)
		}
		if err := s.checkPinned(sent, lock, pin, customerID, sessionID, now); err != nil {
			return err
		}
		switch {
		case !guessed:
			s.starts.put(sessionID, *pin.StartsAt)
			bt = s.newBookingTx(ctx, customerID, sessionID, *pin.StartsAt, now)
			_ = p.send(bt.stmts()...)
		case !start.Equal(*pin.StartsAt):
			s.starts.put(sessionID, *pin.StartsAt)
			return errSessionMoved
		}
		if err := bt.verdict(); err != nil {
			return err
		}
		if err := bt.decide(ctx, p.db()); err != nil {
			return err
		}
		out = bt.bc.Booking
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// checkPinned judges what lockRows found, once sent (sent is the send's
// first failure, which may precede the lock: BEGIN's, a stale
// connection's): both rows, and a session not started.
func (s *Service) checkPinned(sent error, lock *stmt, pin *pinned, customerID, sessionID int64, now time.Time) error {
	switch {
	case lock.err != nil:
		return fmt.Errorf("lock customer and session: %w", sent)
	case pin.CustomerID == nil:
		return Invalid("customer", "customer %d does not exist", customerID)
	case pin.StartsAt == nil:
		return Invalid("class_session", "class session %d does not exist", sessionID)
	case !now.Before(*pin.StartsAt):
		return Refuse("session_started", "class session %d started at %s; it can no longer be booked",
			sessionID, pin.StartsAt.In(s.loc).Format(time.RFC3339))
	}
	return nil
}

// bookingTx is a booking's statements once its session's start is known:
// core's read of the locked rows, the hooks' reads, then the insert.
type bookingTx struct {
	bc            *BookContext
	before, after checks // the BeforeBook and AfterBook hooks' Checks
	read          *locked
	insert        *stmt
}

func (s *Service) newBookingTx(ctx context.Context, customerID, sessionID int64, start, now time.Time) *bookingTx {
	b := &Booking{CustomerID: customerID, ClassSessionID: sessionID, Status: StatusBooked, CreatedAt: now, UpdatedAt: now}
	t := &bookingTx{
		bc: &BookContext{Kind: s.kind, Principal: PrincipalOf(ctx), Customer: &Customer{ID: customerID},
			Session: &ClassSession{ID: sessionID, StartsAt: start}, Booking: b, Now: now, Location: s.loc},
		insert: &stmt{sql: `INSERT INTO bookings (customer_id, class_session_id, status, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, args: []any{customerID, sessionID, b.Status, now, now}, dest: []any{&b.ID}},
	}
	for _, h := range s.hooks.BeforeBook {
		t.before = append(t.before, h.BeforeBook(t.bc))
	}
	for _, h := range s.hooks.AfterBook {
		t.after = append(t.after, h.AfterBook(t.bc))
	}
	t.read = s.readLocked(customerID, sessionID, 0, append(t.before.values(), t.after.values()...))
	return t
}

func (t *bookingTx) stmts() []*stmt {
	return append(append(append([]*stmt{t.read.read}, t.before.reads()...), t.after.reads()...), t.insert)
}

// decide runs the BeforeBook Checks' Decide, then the AfterBook ones'.
func (t *bookingTx) decide(ctx context.Context, tx *gorm.DB) error {
	if err := t.before.decide(ctx, tx); err != nil {
		return err
	}
	return t.after.decide(ctx, tx)
}

// verdict applies core's rules to what the statements read, once sent:
// already_booked (the partial unique index on active bookings is the
// check: the customer's row is locked, so no other booking of theirs races
// it), then session_full (the read ran before the insert).
func (t *bookingTx) verdict() error {
	if err := t.read.check(); err != nil {
		return err
	}
	if err := errors.Join(t.before.readErr(), t.after.readErr()); err != nil {
		return err
	}
	t.bc.Customer, t.bc.Session = &t.read.Customer, &t.read.Session
	sess := t.bc.Session
	switch {
	case errors.Is(t.insert.err, gorm.ErrDuplicatedKey):
		return Refuse("already_booked", "customer %d already holds a booking for class session %d", t.bc.Customer.ID, sess.ID)
	case sess.Capacity != nil && sess.BookedCount >= int64(*sess.Capacity):
		return Refuse("session_full", "class session %d is full (%d of %d places taken)", sess.ID, sess.BookedCount, *sess.Capacity)
	case t.insert.err != nil:
		return fmt.Errorf("insert booking: %w", t.insert.err)
	}
	return nil
}

// Try judges a booking of customerID into sessionID without making it,
// then runs then in its transaction. It locks the customer and the session
// as Book does and refuses what Book would refuse before a place matters:
// session_started, already_booked, every BeforeBook rule (whose Checks
// decide with Booking.ID 0: nothing is inserted). then gets the locked
// session with its count of active bookings, and writes what the caller
// needs, such as a waitlist entry.
func (s *Service) Try(ctx context.Context, customerID, sessionID int64, then func(tx *gorm.DB, sess *ClassSession) error) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		p := &seqPipe{s: s, tx: tx}
		now := s.Now()
		pin, lock := s.lockRows(customerID, sessionID)
		if err := s.checkPinned(p.send(lock), lock, pin, customerID, sessionID, now); err != nil {
			return err
		}
		bt := s.newBookingTx(ctx, customerID, sessionID, *pin.StartsAt, now)
		var held int64
		active := &stmt{sql: "SELECT COUNT(*) FROM bookings WHERE customer_id = ? AND class_session_id = ? AND status IN " + ActiveSQL,
			args: []any{customerID, sessionID}, dest: []any{&held}}
		_ = p.send(append([]*stmt{bt.read.read, active}, bt.before.reads()...)...)
		if err := errors.Join(bt.read.check(), active.err, bt.before.readErr()); err != nil {
			return err
		}
		bt.bc.Customer, bt.bc.Session = &bt.read.Customer, &bt.read.Session
		if held > 0 {
			return Refuse("already_booked", "customer %d already holds a booking for class session %d", customerID, sessionID)
		}
		if err := bt.before.decide(ctx, tx); err != nil {
			return err
		}
		return then(tx, bt.bc.Session)
	})
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

// Cancel cancels a booked booking before its session starts. A BeforeCancel
// Check may make it late_cancelled; a late cancel is never refused.
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

// statusChange is one change of a booking's status, its rows locked and
// read.
type statusChange struct {
	cc            *CancelContext
	to            string
	set           bool   // SetStatus: the current status is no change, and forgiving is allowed
	before, after checks // the cancel hooks' Checks, for a change to cancelled
	freed         checks // the PlacesFreed hooks' Checks, likewise
	fc            *FreedContext
}

// changeStatus moves booking id to status to: for Cancel, or for SetStatus
// when set.
func (s *Service) changeStatus(ctx context.Context, id int64, to string, set bool) (*Booking, error) {
	var out *Booking
	err := s.pipelined(ctx, func(p pipe) error {
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
		c := &statusChange{to: to, set: set, cc: &CancelContext{Kind: s.kind, Customer: &Customer{ID: pin.OwnerID},
			Session:   &ClassSession{ID: pin.SessionID, StartsAt: *pin.StartsAt},
			Booking:   &Booking{ID: id, CustomerID: pin.OwnerID, ClassSessionID: pin.SessionID},
			NewStatus: StatusCancelled, Now: s.Now(), Location: s.loc}}
		if to == StatusCancelled { // it may be a cancel: the hooks' reads ride on core's
			for _, h := range s.hooks.BeforeCancel {
				c.before = append(c.before, h.BeforeCancel(c.cc))
			}
			for _, h := range s.hooks.AfterCancel {
				c.after = append(c.after, h.AfterCancel(c.cc))
			}
			c.fc = s.freedContext(pin.SessionID, c.cc.Now)
			for _, h := range s.hooks.PlacesFreed {
				c.freed = append(c.freed, h.PlacesFreed(c.fc))
			}
		}
		l := s.readLocked(pin.OwnerID, pin.SessionID, id, append(append(c.before.values(), c.after.values()...), c.freed.values()...))
		_ = p.send(append([]*stmt{l.read}, append(append(c.before.reads(), c.after.reads()...), c.freed.reads()...)...)...)
		if err := l.check(); err != nil {
			return err
		}
		if err := errors.Join(c.before.readErr(), c.after.readErr(), c.freed.readErr()); err != nil {
			return err
		}
		c.cc.Customer, c.cc.Session, c.cc.Booking = &l.Customer, &l.Session, l.Booking
		if err := s.apply(ctx, p, c); err != nil {
			return err
		}
		out = c.cc.Booking
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// apply judges and writes a status change.
func (s *Service) apply(ctx context.Context, p pipe, c *statusChange) error {
	b, sess, now, to := c.cc.Booking, c.cc.Session, c.cc.Now, c.to
	started := !now.Before(sess.StartsAt)
	staffOnly := to == StatusAttended || to == StatusNoShow || (to == StatusCancelled && b.Status == StatusLateCancelled)
	if staffOnly && to != b.Status && !PrincipalOf(ctx).Staff() {
		return Forbidden("recording attendance and forgiving a late cancel are for staff; a customer may cancel her booking")
	}
	switch {
	case c.set && to == b.Status:
		return nil // no change, and nothing written
	case to == StatusCancelled && b.Status == StatusBooked:
		if started {
			return Refuse("session_started", "class session %d started at %s; the booking can no longer be cancelled",
				sess.ID, sess.StartsAt.In(s.loc).Format(time.RFC3339))
		}
		return s.cancel(ctx, p, c)
	case to == StatusCancelled && b.Status == StatusLateCancelled && c.set:
		b.Status, b.UpdatedAt = StatusCancelled, now
		return p.last(statusUpdate(b))
	case (to == StatusAttended || to == StatusNoShow) && IsActive(b.Status):
		if !started {
			return Refuse("session_not_started", "class session %d starts at %s; attendance is recorded once it has started",
				sess.ID, sess.StartsAt.In(s.loc).Format(time.RFC3339))
		}
		b.Status, b.UpdatedAt = to, now
		return p.last(statusUpdate(b))
	}
	return Refuse("invalid_transition", "booking %d is %s; it cannot become %s", b.ID, b.Status, to)
}

// cancel runs the BeforeCancel Checks, writes the cancel, then runs the
// AfterCancel Checks.
func (s *Service) cancel(ctx context.Context, p pipe, c *statusChange) error {
	tx := p.db()
	if err := c.before.decide(ctx, tx); err != nil {
		return err
	}
	cc, b, now := c.cc, c.cc.Booking, c.cc.Now
	if cc.NewStatus != StatusCancelled && cc.NewStatus != StatusLateCancelled {
		return fmt.Errorf("a BeforeCancel hook set status %q", cc.NewStatus)
	}
	b.Status, b.CancelledAt, b.UpdatedAt = cc.NewStatus, &now, now
	// The update goes with the COMMIT, or before a hook's next statement.
	if err := p.last(statusUpdate(b)); err != nil {
		return fmt.Errorf("update booking: %w", err)
	}
	if err := c.after.decide(ctx, tx); err != nil {
		return err
	}
	if len(c.freed) == 0 {
		return nil
	}
	freed := *cc.Session // as the cancel leaves it: one place more
	freed.BookedCount--
	c.fc.Session = &freed
	return c.freed.decide(ctx, tx)
}

// freedContext is the FreedContext of a session whose places a
// transaction frees.
func (s *Service) freedContext(sessionID int64, now time.Time) *FreedContext {
	return &FreedContext{Kind: s.kind, Session: &ClassSession{ID: sessionID}, Now: now, Location: s.loc, svc: s}
}

// errBusy is a row a transaction could not lock without waiting, where
// waiting could deadlock: core runs the whole transaction again.
var errBusy = errors.New("a row is locked by another transaction")

// bookIn books customerID into sessionID inside tx, whose transaction
// holds the session's row locked (a hook's FreedContext.Book), in a
// savepoint. Core locks a customer before a session everywhere else, so
// the customer's row is locked here without waiting (NOWAIT): if another
// transaction holds it, that one may be waiting for this session, and the
// whole transaction is run again (errBusy).
func (s *Service) bookIn(ctx context.Context, tx *gorm.DB, customerID, sessionID int64) (*Booking, error) {
	var out *Booking
	err := tx.Transaction(func(sp *gorm.DB) error {
		p := &seqPipe{s: s, tx: sp}
		now := s.Now()
		pin, lock := s.lockCustomerNowait(customerID, sessionID)
		sent := p.send(lock)
		if isLockNotAvailable(sent) {
			return errBusy
		}
		if err := s.checkPinned(sent, lock, pin, customerID, sessionID, now); err != nil {
			return err
		}
		bt := s.newBookingTx(ctx, customerID, sessionID, *pin.StartsAt, now)
		_ = p.send(bt.stmts()...)
		if err := bt.verdict(); err != nil {
			return err
		}
		if err := bt.decide(ctx, sp); err != nil {
			return err
		}
		out = bt.bc.Booking
		return nil
	})
	return out, err
}

// isLockNotAvailable reports PostgreSQL's lock_not_available (NOWAIT).
func isLockNotAvailable(err error) bool {
	var pg *pgconn.PgError
	return errors.As(err, &pg) && pg.Code == "55P03"
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
