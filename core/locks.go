package core

import (
	"fmt"
	"strings"
	"time"

	"github.com/gymtastic/gymtastic/config"
)

// The statements that lock and read a booking's rows. The lock order is
// the customer's row, then the session's, then the booking's, everywhere.
// On SQLite, where BEGIN IMMEDIATE already serialises writers, the same
// statements run without FOR UPDATE.

// pinned is what lockRows returns: which rows exist (nil for those that do
// not) and when the session starts.
type pinned struct {
	CustomerID *int64
	StartsAt   *time.Time
}

// lockRows locks the customer's row, then the session's, in one statement
// (a select list's scalar subqueries run left to right), and returns the
// session's start, which the hooks' reads are phrased for.
func (s *Service) lockRows(customerID, sessionID int64) (*pinned, *stmt) {
	return s.lockCustomerAndSession(customerID, sessionID, " FOR UPDATE")
}

// lockCustomerNowait is lockRows for a transaction that holds the session
// already (bookIn): the customer is locked NOWAIT, failing with
// lock_not_available when another transaction holds her.
func (s *Service) lockCustomerNowait(customerID, sessionID int64) (*pinned, *stmt) {
	return s.lockCustomerAndSession(customerID, sessionID, " FOR UPDATE NOWAIT")
}

// lockCustomerAndSession is lockRows with the customer's lock clause.
func (s *Service) lockCustomerAndSession(customerID, sessionID int64, customerLock string) (*pinned, *stmt) {
	q := `SELECT (SELECT id FROM customers WHERE id = ?` + customerLock + `) AS customer_id,
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
// session (read before the locks; a booking never changes them) and, as in
// pinned, which rows the locks found.
type pinnedBooking struct {
	OwnerID    int64
	SessionID  int64
	CustomerID *int64
	StartsAt   *time.Time
	BookingID  *int64
}

// lockBooking is lockRows for a booking known by its id: it locks the
// booking's customer, its session, then the booking, in one statement,
// which finds no row when no booking has that id. owner, when not 0, is
// the only customer whose booking it finds (OwnerOf).
func (s *Service) lockBooking(id, owner int64) (*pinnedBooking, *stmt) {
	q := `SELECT b.customer_id AS owner_id, b.class_session_id AS session_id,
			(SELECT id FROM customers WHERE id = b.customer_id FOR UPDATE) AS customer_id,
			(SELECT starts_at FROM class_sessions WHERE id = b.class_session_id FOR UPDATE) AS starts_at,
			(SELECT id FROM bookings WHERE id = b.id FOR UPDATE) AS booking_id
		FROM bookings b WHERE b.id = ?`
	if s.kind != config.Postgres {
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

// locked is the read of locked rows: the customer, the session with its
// count of active bookings, and the booking when one was asked for.
type locked struct {
	Customer Customer
	Session  ClassSession
	Booking  *Booking

	read *stmt    // the statement that fills the above
	ids  [3]int64 // the customer, session and booking it reads
}

// readLocked prepares the read of rows locked by lockRows (bookingID 0) or
// lockBooking, with the hooks' ReadValues as subqueries. It must run after
// the locks, in a statement of its own (it may share their round trip): one
// that began before a lock was granted would not see what was committed
// while it waited.
func (s *Service) readLocked(customerID, sessionID, bookingID int64, values []*Read) *locked {
	out := &locked{Customer: Customer{ID: customerID}, ids: [3]int64{customerID, sessionID, bookingID}}
	ss := &out.Session
	dest := []any{&ss.ID, &ss.ClassTypeID, &ss.StartsAt, &ss.DurationMinutes, &ss.Capacity, &ss.CreatedAt,
		&ss.BookedCount,
		&out.Customer.FirstName, &out.Customer.LastName, &out.Customer.Email, &out.Customer.CreatedAt}
	var q strings.Builder
	q.WriteString("SELECT " + sessionColumns + ", c.first_name, c.last_name, c.email, c.created_at")
	if bookingID != 0 {
		out.Booking = &Booking{ID: bookingID, CustomerID: customerID, ClassSessionID: sessionID}
		q.WriteString(", bk.status, bk.created_at, bk.updated_at, bk.cancelled_at")
		dest = append(dest, &out.Booking.Status, &out.Booking.CreatedAt, &out.Booking.UpdatedAt, &out.Booking.CancelledAt)
	}
	var args []any
	for _, v := range values {
		q.WriteString(",\n\t\t(")
		q.WriteString(v.st.sql)
		q.WriteString(")")
		args = append(args, v.st.args...)
		dest = append(dest, v.st.dest...)
	}
	q.WriteString("\n\tFROM customers c CROSS JOIN class_sessions s")
	args = append(args, customerID, sessionID)
	if bookingID != 0 {
		q.WriteString(" CROSS JOIN bookings bk")
	}
	q.WriteString(" WHERE c.id = ? AND s.id = ?")
	if bookingID != 0 {
		q.WriteString(" AND bk.id = ?")
		args = append(args, bookingID)
	}
	out.read = &stmt{sql: q.String(), args: args, dest: dest}
	return out
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
