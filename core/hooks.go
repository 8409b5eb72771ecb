package core

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/config"
)

// BookContext is what booking hooks see. Customer and Session are the rows
// core has locked for this transaction. When BeforeBook and AfterBook are
// called, only Customer.ID, Session.ID, Session.StartsAt, Now and Location
// are set; the rest is filled in before their Checks decide.
type BookContext struct {
	Kind config.DatabaseKind
	// Principal is who books: a rule that does not bind staff can skip its
	// reads for them.
	Principal Principal
	Customer  *Customer
	// Session's BookedCount is its active bookings before this one.
	Session *ClassSession
	// Booking is the booking being made, inserted (its ID set) when the
	// Checks decide.
	Booking  *Booking
	Now      time.Time
	Location *time.Location
}

// CancelContext is what cancel hooks see. Customer, Session and Booking are
// locked; Booking still has its previous status. When BeforeCancel and
// AfterCancel are called, only the IDs, Session.StartsAt, Now and Location
// are set.
type CancelContext struct {
	Kind     config.DatabaseKind
	Customer *Customer
	Session  *ClassSession
	Booking  *Booking
	// NewStatus is the status the booking is about to take: cancelled, which
	// a BeforeCancel Check may turn into late_cancelled. In AfterCancel it
	// is the status written.
	NewStatus string
	Now       time.Time
	Location  *time.Location
}

// Check is a feature's rule for one booking or cancel: what it reads and
// what it decides.
type Check struct {
	// Reads are sent with core's read of the locked rows, in its round
	// trip: after the locks, before the booking is inserted (or the
	// cancel's status written), so they see the rows as they were before it.
	Reads []*Read
	// Decide runs once Reads are read; nil decides nothing. It may read and
	// write through tx. Returning an error refuses: core rolls everything
	// back.
	Decide func(ctx context.Context, tx *gorm.DB) error
}

// BeforeBookHook is a rule that may refuse a booking. Its Check decides
// once the booking is inserted, before any AfterBook Check.
type BeforeBookHook interface {
	BeforeBook(b *BookContext) Check
}

// AfterBookHook acts on a booking that every BeforeBook Check let through.
type AfterBookHook interface {
	AfterBook(b *BookContext) Check
}

// BeforeCancelHook is a rule on cancelling a booked booking: its Check may
// set c.NewStatus to StatusLateCancelled, or refuse.
type BeforeCancelHook interface {
	BeforeCancel(c *CancelContext) Check
}

// AfterCancelHook acts on a cancel once its status is written.
type AfterCancelHook interface {
	AfterCancel(c *CancelContext) Check
}

// The hooks by name, for RefusalDeclarer and the operations that say which
// hooks they run (api.RunsHooks).
const (
	HookBeforeBook   = "before_book"
	HookAfterBook    = "after_book"
	HookBeforeCancel = "before_cancel"
	HookAfterCancel  = "after_cancel"
	HookPlacesFreed  = "places_freed"
)

// RefusalDeclarer features say which refusals their hooks may answer, by
// hook name (HookBeforeBook…), as sentinel *Error values: the API
// documents each on every operation that runs the hook (POST /api/bookings
// for HookBeforeBook), so that a client learns a feature's codes from the
// OpenAPI document of the server that has it enabled.
type RefusalDeclarer interface {
	Refusals() map[string][]*Error
}

// Read is what a Check has core read with its read of the locked rows. Its
// SQL stands alone (its own FROM, ? placeholders, times bound through
// SQLTime): it knows nothing of core's statements.
type Read struct {
	st    stmt
	value bool // ReadValue: a subquery of core's read, not a statement
}

// ReadValue reads the value of a scalar query (one column of one row; NULL
// when it finds none) into dest, which must take NULL (a pointer, a
// sql.Null…). It rides inside core's own read of the locked rows as a
// subquery: it costs no statement of its own, the cheapest read there is.
// SQLite types it as an expression: a time comes back as text.
func ReadValue(query string, args []any, dest any) *Read {
	return &Read{st: stmt{sql: query, args: args, dest: []any{dest}}, value: true}
}

// ReadRow reads the first row of query into dest; with no row, dest is left
// as it was and Found reports false.
func ReadRow(query string, args []any, dest ...any) *Read {
	return &Read{st: stmt{sql: query, args: args, dest: dest}}
}

// ReadRows reads every row of query, each into the pointers next returns
// (called once a row, in order).
func ReadRows(query string, args []any, next func() []any) *Read {
	return &Read{st: stmt{sql: query, args: args, each: next}}
}

// Found reports whether a ReadRow or ReadRows returned a row.
func (r *Read) Found() bool { return r.st.found }

// Hooks are the hooks of the enabled features, in registry order.
type Hooks struct {
	BeforeBook   []BeforeBookHook
	AfterBook    []AfterBookHook
	BeforeCancel []BeforeCancelHook
	AfterCancel  []AfterCancelHook
	PlacesFreed  []PlacesFreedHook
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
		if x, ok := f.(PlacesFreedHook); ok {
			h.PlacesFreed = append(h.PlacesFreed, x)
		}
	}
	return h
}

// checks is the Checks of one booking or cancel, in the order they decide.
type checks []Check

// reads returns the statements of every Check's reads, in order.
func (cs checks) reads() []*stmt {
	var out []*stmt
	for _, c := range cs {
		for _, r := range c.Reads {
			if !r.value {
				out = append(out, &r.st)
			}
		}
	}
	return out
}

// statements returns every Check's reads as statements of their own, a
// ReadValue as SELECT (its query): for a transaction in which no read of
// core's carries the values.
func (cs checks) statements() []*stmt {
	var out []*stmt
	for _, c := range cs {
		for _, r := range c.Reads {
			if r.value {
				r.st.sql, r.value = "SELECT ("+r.st.sql+")", false
			}
			out = append(out, &r.st)
		}
	}
	return out
}

// values returns every Check's ReadValues, in order.
func (cs checks) values() []*Read {
	var out []*Read
	for _, c := range cs {
		for _, r := range c.Reads {
			if r.value {
				out = append(out, r)
			}
		}
	}
	return out
}

// readErr reports the first failed read, once they were sent.
func (cs checks) readErr() error {
	for _, c := range cs {
		for _, r := range c.Reads {
			if r.st.err != nil {
				return fmt.Errorf("a hook's read: %w", r.st.err)
			}
		}
	}
	return nil
}

// decide runs the Checks' Decide, in order, until one refuses.
func (cs checks) decide(ctx context.Context, tx *gorm.DB) error {
	for _, c := range cs {
		if c.Decide == nil {
			continue
		}
		if err := c.Decide(ctx, tx); err != nil {
			return err
		}
	}
	return nil
}

// FreedContext is what PlacesFreed hooks see: a session to which this
// transaction gave free places (a booking cancelled, its capacity raised)
// or which it moved (places freed too close to the old start may now be
// far enough from the new one), its row locked; it may have none free. When PlacesFreed is called only Session.ID, Now and
// Location are set; Session is read, as the change leaves it, before the
// Check decides.
type FreedContext struct {
	Kind     config.DatabaseKind
	Session  *ClassSession
	Now      time.Time
	Location *time.Location

	svc *Service
}

// Places returns the session's free places, or -1 when it has no capacity.
func (f *FreedContext) Places() int64 {
	if f.Session.Capacity == nil {
		return -1
	}
	return max(int64(*f.Session.Capacity)-f.Session.BookedCount, 0)
}

// Book books a customer into the session inside tx through core's booking
// path, every enabled rule included, in a savepoint: a refusal (a *Error)
// undoes that booking alone, and the Check may go on. Session.BookedCount
// counts the booking made. The booking is judged as the customer's own
// (ctx carries her as the principal), whoever's request freed the place:
// a rule that lets staff through does not let a promotion through because
// a staff member cancelled.
func (f *FreedContext) Book(ctx context.Context, tx *gorm.DB, customerID int64) (*Booking, error) {
	ctx = WithPrincipal(ctx, Principal{Role: RoleCustomer, CustomerID: customerID})
	b, err := f.svc.bookIn(ctx, tx, customerID, f.Session.ID)
	if err == nil {
		f.Session.BookedCount++
	}
	return b, err
}

// PlacesFreedHook acts when a transaction frees places in a session. Its
// Check's reads ride with a cancel's read of the locked rows; it decides
// once the change is written.
type PlacesFreedHook interface {
	PlacesFreed(f *FreedContext) Check
}
