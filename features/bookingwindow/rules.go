package bookingwindow

import (
	"context"
	"database/sql"
	"time"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/core"
)

// The rule: a customer books a session between when it opens for her and
// when it closes, both included (window.go), unless staff book for her
// while staff_exempt holds. The class type's window and her segments'
// are read as three values in core's read of the locked rows; the
// decision is the clock's, with no query of its own.

// The refusals, for errors.Is; the errors returned carry opens_at or
// closes_at as members and in their detail.
var (
	ErrNotOpen = core.Refuse("booking_not_open", "the session is not open for booking yet")
	ErrClosed  = core.Refuse("booking_closed", "the session is closed for booking")
)

// Refusals is what the rule refuses a booking with, for the OpenAPI
// document (core.RefusalDeclarer): the sentinels, with the member each
// refusal carries.
func (f *Feature) Refusals() map[string][]*core.Error {
	notOpen, closed := *ErrNotOpen, *ErrClosed
	notOpen.Members = map[string]any{"opens_at": "2026-03-01T09:00:00Z"}
	closed.Members = map[string]any{"closes_at": "2026-03-15T08:00:00Z"}
	return map[string][]*core.Error{core.HookBeforeBook: {&notOpen, &closed}}
}

// policyOpensQuery and policyClosesQuery read a session's class type's
// window, NULL when it has none: primary-key lookups.
const (
	policyOpensQuery = `SELECT p.opens_days_before FROM class_sessions s
		JOIN booking_window_policies p ON p.class_type_id = s.class_type_id WHERE s.id = ?`
	policyClosesQuery = `SELECT p.closes_minutes_before FROM class_sessions s
		JOIN booking_window_policies p ON p.class_type_id = s.class_type_id WHERE s.id = ?`
)

// segmentQuery reads how many days before a start the customer's segments
// open, the earliest of them; NULL when she is in none
// (ix_booking_segment_customers_customer, then primary keys).
const segmentQuery = `SELECT MAX(g.opens_days_before) FROM booking_segment_customers sc
	JOIN booking_segments g ON g.id = sc.segment_id WHERE sc.customer_id = ?`

// BeforeBook reads the session's window and the customer's segments with
// core's read of the locked rows, and refuses a booking outside her
// window, unless the caller is staff and staff_exempt holds.
func (f *Feature) BeforeBook(b *core.BookContext) core.Check {
	if f.cfg.StaffExempt && b.Principal.Staff() {
		return core.Check{} // staff booking for a customer: nothing to read or decide
	}
	var opens, closes, segment sql.NullInt64
	reads := []*core.Read{
		core.ReadValue(policyOpensQuery, []any{b.Session.ID}, &opens),
		core.ReadValue(policyClosesQuery, []any{b.Session.ID}, &closes),
		core.ReadValue(segmentQuery, []any{b.Customer.ID}, &segment),
	}
	return core.Check{Reads: reads, Decide: func(context.Context, *gorm.DB) error {
		w := windowOf(b.Session.StartsAt, b.Location, f.settingsOf(opens, closes), segment)
		return refusal(w, b.Now, b.Session.ID, b.Customer.ID, b.Location)
	}}
}

// refusal refuses a booking at now outside w: before it opens, or after
// it closes; nil within it. The detail gives the time in the gym's zone
// and as the member reads it, in UTC.
func refusal(w window, now time.Time, session, customer int64, loc *time.Location) error {
	switch {
	case now.Before(w.OpensAt):
		err := core.Refuse(ErrNotOpen.Code, "class session %d opens for booking for customer %d at %s (opens_at %s)",
			session, customer, w.OpensAt.In(loc).Format(time.RFC3339), w.OpensAt.Format(time.RFC3339Nano))
		err.Members = map[string]any{"opens_at": w.OpensAt}
		return err
	case now.After(w.ClosesAt):
		err := core.Refuse(ErrClosed.Code, "class session %d closed for booking at %s (closes_at %s)",
			session, w.ClosesAt.In(loc).Format(time.RFC3339), w.ClosesAt.Format(time.RFC3339Nano))
		err.Members = map[string]any{"closes_at": w.ClosesAt}
		return err
	}
	return nil
}
