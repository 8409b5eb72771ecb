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
	// Booking is the booking being made: not yet inserted (ID 0) in
	// BeforeBook, inserted in AfterBook.
	Booking  *Booking
	Now      time.Time
	Location *time.Location
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
}

// BeforeBookHook checks a rule before a booking is written. Returning an
// error refuses the booking.
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
	BeforeBook   []BeforeBookHook
	AfterBook    []AfterBookHook
	BeforeCancel []BeforeCancelHook
	AfterCancel  []AfterCancelHook
}

// collectHooks finds the hooks each feature implements.
func collectHooks(features []Feature) Hooks {
	var h Hooks
	for _, f := range features {
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
