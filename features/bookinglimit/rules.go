package bookinglimit

import (
	"context"
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

// BeforeBook reads the bookings the customer holds on the session's day,
// before this one, and refuses when they reach the limit.
func (f *Feature) BeforeBook(b *core.BookContext) core.Check {
	from, to := core.DayBounds(b.Session.StartsAt, b.Location)
	var rows []held
	read := core.ReadRows(heldQuery, []any{from, to, b.Customer.ID}, func() []any {
		rows = append(rows, held{})
		r := &rows[len(rows)-1]
		return []any{&r.ID, &r.ClassSessionID}
	})
	return core.Check{Reads: []*core.Read{read}, Decide: func(context.Context, *gorm.DB) error {
		if len(rows) < f.cfg.MaxPerDay {
			return nil
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
