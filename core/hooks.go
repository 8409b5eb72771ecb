package core

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/config"
)

// BookContext is what booking hooks see. Customer and Session are the rows
// core has locked for this transaction.
type BookContext struct {
	Kind     config.DatabaseKind
	Customer *Customer
	// Session's BookedCount is its active bookings before this one.
	Session *ClassSession
	// Booking is the booking being made, inserted in this transaction (its
	// ID set) when BeforeBook and AfterBook run.
	Booking  *Booking
	Now      time.Time
	Location *time.Location

	readValues
}

// readValues are the values the features' BookReads read with core's
// rows, by name.
type readValues struct{ values map[string]int64 }

// Value returns a read's value (NULL reads as 0), and false when no read
// of that name ran in this booking or cancel.
func (r readValues) Value(name string) (int64, bool) {
	v, ok := r.values[name]
	return v, ok
}

// BookRead is one integer a feature asks core to read in the statement that
// reads the locked customer and session, so that its rule costs no round
// trip of its own. SQL is a scalar expression, typically (SELECT COUNT(*)
// …), that may refer to the customer's row as c and the session's as s
// (and, in ReadForCancel, the booking's as bk), with ? placeholders for
// Args (times in UTC, as everywhere). Name must be unique: prefix it with
// the feature's name.
type BookRead struct {
	Name string
	SQL  string
	Args []any
}

// BookReader is a feature whose booking rules read values along with
// core's own read of the locked rows. ReadForBook runs once the rows are
// locked, before that read, with Customer.ID, Session.ID,
// Session.StartsAt, Now and Location set (the other fields are not read
// yet); the values are in place, through Value, when
// BeforeBook and AfterBook run. They are read before the booking is
// inserted.
type BookReader interface {
	ReadForBook(b *BookContext) []BookRead
}

// CancelContext is what cancel hooks see. Customer, Session and Booking are
// locked; Booking still has its previous status.
type CancelContext struct {
	Kind     config.DatabaseKind
	Customer *Customer
	Session  *ClassSession
	Booking  *Booking
	// NewStatus is the status the booking is about to take: cancelled, which
	// a BeforeCancel hook may turn into late_cancelled. In AfterCancel it is
	// the status written.
	NewStatus string
	Now       time.Time
	Location  *time.Location

	readValues
}

// CancelReader is BookReader for cancels: ReadForCancel runs once the rows
// are locked, before core reads them, with Customer.ID, Session.ID,
// Session.StartsAt, Booking.ID, Now and Location set; the values are in
// place when BeforeCancel and AfterCancel run. It runs for every change
// that may be a cancel (POST …/cancel, a PATCH or PUT to cancelled), before
// core knows the booking's current status.
type CancelReader interface {
	ReadForCancel(c *CancelContext) []BookRead
}

// BeforeBookHook checks a rule before a booking is made. It runs once
// core has inserted the booking's row in the transaction (so that the
// insert shares a round trip with the read of the locked rows); returning
// an error refuses the booking and rolls that row back. The hook's own
// queries see the new row: leave it out by Booking.ID where it must not
// count (BookReader values were read before it).
type BeforeBookHook interface {
	BeforeBook(ctx context.Context, tx *gorm.DB, b *BookContext) error
}

// AfterBookHook acts on a booking just written, in the same transaction.
// Returning an error rolls the booking back.
type AfterBookHook interface {
	AfterBook(ctx context.Context, tx *gorm.DB, b *BookContext) error
}

// BeforeCancelHook runs before a booked booking is cancelled; it may set
// c.NewStatus to StatusLateCancelled, or refuse with an error.
type BeforeCancelHook interface {
	BeforeCancel(ctx context.Context, tx *gorm.DB, c *CancelContext) error
}

// AfterCancelHook acts on a cancel just written, in the same transaction.
type AfterCancelHook interface {
	AfterCancel(ctx context.Context, tx *gorm.DB, c *CancelContext) error
}

// Hooks are the hooks of the enabled features, in registry order.
type Hooks struct {
	Readers       []BookReader
	CancelReaders []CancelReader
	BeforeBook    []BeforeBookHook
	AfterBook     []AfterBookHook
	BeforeCancel  []BeforeCancelHook
	AfterCancel   []AfterCancelHook
}

// collectHooks finds the hooks each feature implements.
func collectHooks(features []Feature) Hooks {
	var h Hooks
	for _, f := range features {
		if x, ok := f.(BookReader); ok {
			h.Readers = append(h.Readers, x)
		}
		if x, ok := f.(CancelReader); ok {
			h.CancelReaders = append(h.CancelReaders, x)
		}
		if x, ok := f.(BeforeBookHook); ok {
			h.BeforeBook = append(h.BeforeBook, x)
		}
		if x, ok := f.(AfterBookHook); ok {
			h.AfterBook = append(h.AfterBook, x)
		}
		if x, ok := f.(BeforeCancelHook); ok {
			h.BeforeCancel = append(h.BeforeCancel, x)
		}
		if x, ok := f.(AfterCancelHook); ok {
			h.AfterCancel = append(h.AfterCancel, x)
		}
	}
	return h
}
