package bookinglimit

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/core"
)

// ErrLimitExceeded is the refusal, for errors.Is; the error returned names
// the day and the bookings held.
var ErrLimitExceeded = core.Refuse("booking_limit_exceeded", "the customer already holds the most bookings allowed that day")

// heldQuery lists the customer's active bookings for sessions starting in
// [from, to). It walks the day's sessions through ix_class_sessions_starts_at
// and, for each, probes the partial unique index ux_bookings_active
// (customer_id, class_session_id) for the customer, so its cost is the
// number of sessions that day, however many bookings the customer or the
// gym has. The status list is written exactly as in that index's WHERE so
// that SQLite may use it; CROSS JOIN makes SQLite keep the sessions as the
// outer loop even without ANALYZE statistics (which it otherwise lacks,
// and would then walk the customer's whole history), and PostgreSQL treats
// it as an ordinary join. No ORDER BY or LIMIT: they could tempt a planner
// into walking an index in id order; the rows are few (at most the
// sessions of one day).
const heldQuery = `SELECT b.id, b.class_session_id
	FROM class_sessions s CROSS JOIN bookings b
	WHERE s.starts_at >= ? AND s.starts_at < ?
		AND b.class_session_id = s.id AND b.customer_id = ? AND b.status IN ('booked', 'attended', 'no_show')`

// countRead counts heldQuery's rows, read with core's read of the locked
// rows: the rule costs no round trip of its own unless it refuses.
const countRead = `(SELECT COUNT(*) FROM (` + heldQuery + `) AS held)`

// readHeld names countRead's value.
const readHeld = "booking_limit.held"

// ReadForBook asks core to count the customer's active bookings on the
// session's gym-local day along with its own read.
func (f *Feature) ReadForBook(b *core.BookContext) []core.BookRead {
	from, to := core.DayBounds(b.Session.StartsAt, location(b))
	return []core.BookRead{{Name: readHeld, SQL: countRead, Args: []any{from.UTC(), to.UTC(), b.Customer.ID}}}
}

func location(b *core.BookContext) *time.Location {
	if b.Location == nil {
		return time.UTC
	}
	return b.Location
}

// held is one active booking of the customer on the day.
type held struct {
	ID             int64
	ClassSessionID int64
}

// BeforeBook refuses the booking when the customer already holds
// max_per_day active bookings for sessions starting on the gym-local day
// the session starts. Core has locked the customer's row, so the customer's
// concurrent bookings are counted one after the other: each sees every
// other one either committed or not yet begun. The count was read with the
// locked rows (ReadForBook), before the booking was inserted; a refusal
// lists the bookings held before it.
func (f *Feature) BeforeBook(ctx context.Context, tx *gorm.DB, b *core.BookContext) error {
	if n, read := b.Value(readHeld); read && n < int64(f.cfg.MaxPerDay) {
		return nil
	}
	loc := location(b)
	from, to := core.DayBounds(b.Session.StartsAt, loc)
	var rows []held // the booking being made is written already: leave it out
	if err := tx.WithContext(ctx).Raw(heldQuery+" AND b.id <> ?", from.UTC(), to.UTC(), b.Customer.ID, b.Booking.ID).Scan(&rows).Error; err != nil {
		return fmt.Errorf("booking_limit: count bookings: %w", err)
	}
	if len(rows) < f.cfg.MaxPerDay {
		return nil
	}
	return refusal(b.Customer.ID, b.Session.StartsAt.In(loc).Format("2006-01-02"), f.cfg.MaxPerDay, rows)
}

// refusal builds the 409, naming the day and the bookings held, in id
// order.
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
