package bookinglimit

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/core"
)

// The rule: a customer holds at most max_per_day active bookings for
// sessions starting on one gym-local day. Core has locked the customer's
// row, so her concurrent bookings are judged one after the other.

// ErrLimitExceeded is the refusal, for errors.Is; the error returned names
// the day and the bookings held.
var ErrLimitExceeded = core.Refuse("booking_limit_exceeded", "the customer already holds the most bookings allowed that day")

// Refusals is what the rule refuses a booking with, for the OpenAPI
// document (core.RefusalDeclarer).
func (f *Feature) Refusals() map[string][]*core.Error {
	return map[string][]*core.Error{core.HookBeforeBook: {ErrLimitExceeded}}
}

// heldQuery lists the customer's active bookings for sessions starting in
// [from, to). It walks the day's sessions (ix_class_sessions_starts_at)
// and probes ux_bookings_active (customer_id, class_session_id) for each, so
// it costs the sessions of one day however long her history. CROSS JOIN
// keeps SQLite's planner on that order without statistics; no ORDER BY,
// which could tempt a planner to walk the bookings in id order.
const heldQuery = `SELECT b.id, b.class_session_id
	FROM class_sessions s CROSS JOIN bookings b
	WHERE s.starts_at >= ? AND s.starts_at < ?
		AND b.class_session_id = s.id AND b.customer_id = ? AND b.status IN ` + core.ActiveSQL

// held is one active booking of the customer on the day.
type held struct {
	ID             int64
	ClassSessionID int64
}

// BeforeBook counts the bookings the customer holds on the session's day,
// before this one, with core's read of the locked rows, and refuses when
// they reach the limit; only a refusal lists them, to name them.
func (f *Feature) BeforeBook(b *core.BookContext) core.Check {
	from, to := core.DayBounds(b.Session.StartsAt, b.Location)
	var n sql.NullInt64
	count := core.ReadValue("SELECT COUNT(*) FROM ("+heldQuery+") AS held", []any{from, to, b.Customer.ID}, &n)
	return core.Check{Reads: []*core.Read{count}, Decide: func(ctx context.Context, tx *gorm.DB) error {
		if n.Int64 < int64(f.cfg.MaxPerDay) {
			return nil
		}
		var rows []held // the booking being made is written already: leave it out
		if err := tx.WithContext(ctx).Raw(heldQuery+" AND b.id <> ?", from, to, b.Customer.ID, b.Booking.ID).Scan(&rows).Error; err != nil {
			return fmt.Errorf("booking_limit: list bookings: %w", err)
		}
		return refusal(b.Customer.ID, b.Session.StartsAt.In(b.Location).Format("2006-01-02"), f.cfg.MaxPerDay, rows)
	}}
}

// refusal builds the 409, naming the day and the bookings held, by id.
func refusal(customer int64, day string, limit int, rows []held) *core.Error {
	sort.Slice(rows, func(i, j int) bool { return rows[i].ID < rows[j].ID })
	list := make([]string, len(rows))
	for i, r := range rows {
		list[i] = fmt.Sprintf("booking %d (class session %d)", r.ID, r.ClassSessionID)
	}
	noun := "bookings"
	if len(rows) == 1 {
		noun = "booking"
	}
	return core.Refuse(ErrLimitExceeded.Code,
		"customer %d already holds %d active %s for sessions on %s, and the limit is %d a day: %s",
		customer, len(rows), noun, day, limit, strings.Join(list, ", "))
}
