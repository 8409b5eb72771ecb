// Package bookinglimit is the booking limit feature
// (features.booking_limit): a customer may hold at most max_per_day
// (default 1) active bookings — booked, attended or no_show — for sessions
// that start on the same day, the day being the calendar day in the gym's
// time zone (gym.timezone). A booking past the limit is refused with 409
// booking_limit_exceeded, its detail naming the day (YYYY-MM-DD) and the
// bookings already held; nothing is written.
//
// The rule runs in the BeforeBook hook, inside core's booking transaction,
// after core has locked the customer's row (FOR UPDATE on PostgreSQL,
// BEGIN IMMEDIATE on SQLite): a customer's concurrent bookings are checked
// one after the other, so exactly max_per_day of them succeed, without
// retries.
//
// Decisions where the contract is silent:
//   - The day is the day the session starts (starts_at in gym.timezone),
//     not the day it ends nor the day the booking is made. Days are
//     computed with core.DayBounds, so the 23- and 25-hour days of a
//     daylight-saving change are whole days.
//   - Every active booking that day counts, including those of sessions
//     already over (attended, no_show, or still booked). Cancelled and
//     late_cancelled bookings do not count.
//   - The limit only refuses new bookings. Bookings held above it (made
//     while the feature was disabled, or before max_per_day was lowered)
//     stay as they are; the customer cannot book more that day until they
//     are below the limit again. Recording attendance (attended, no_show)
//     is never refused by this rule.
//   - Core's own refusals (session_started, already_booked, session_full)
//     are checked first and win over this one.
//   - The detail lists every active booking held that day (there are
//     only a handful), in id order, each with its class session.
//   - The rule is one query, served by core's indexes: it walks the day's
//     sessions (ix_class_sessions_starts_at) and probes the customer's
//     active booking of each (the partial unique index ux_bookings_active),
//     so its cost is the number of sessions that day, not the customer's
//     history. CROSS JOIN keeps SQLite on that plan without statistics.
//     No index is missing, so the feature adds no migration, table or
//     route. index_test.go checks the plan on both databases with a
//     million bookings.
//   - No fixtures of its own: core's createfixtures books through
//     Service.Book, so the hook applies, and a refused booking just moves
//     on to the next session.
//   - A disabled feature's hook is not called: no limit at all, and its
//     config is still validated.
package bookinglimit

import (
	"fmt"

	"github.com/gymtastic/gymtastic/core"
)

// Feature is the booking limit feature.
type Feature struct {
	cfg Config
}

// Interface guards.
var (
	_ core.Feature        = (*Feature)(nil)
	_ core.Describer      = (*Feature)(nil)
	_ core.Configurable   = (*Feature)(nil)
	_ core.Validator      = (*Feature)(nil)
	_ core.BeforeBookHook = (*Feature)(nil)
)

// New returns the feature with its default config.
func New() *Feature { return &Feature{cfg: Config{MaxPerDay: DefaultMaxPerDay}} }

// Name is the feature's key: features.booking_limit.
func (f *Feature) Name() string { return "booking_limit" }

// Description is the line `gymtastic features` shows.
func (f *Feature) Description() string {
	return "booking limit: at most max_per_day active bookings per customer for sessions starting on one gym-local day"
}

// Config is the feature's section, features.booking_limit in config.yaml.
type Config struct {
	// MaxPerDay is how many active bookings a customer may hold for
	// sessions starting on one gym-local day.
	MaxPerDay int `mapstructure:"max_per_day"`
}

// DefaultMaxPerDay is max_per_day when config.yaml does not set it.
const DefaultMaxPerDay = 1

// Config returns the config struct, holding the defaults until the
// registry decodes the section into it.
func (f *Feature) Config() any { return &f.cfg }

// Validate checks the decoded config; it runs whether the feature is
// enabled or not, so a bad value stops start-up either way.
func (f *Feature) Validate() error {
	if f.cfg.MaxPerDay < 1 {
		return fmt.Errorf("max_per_day: must be at least 1, got %d", f.cfg.MaxPerDay)
	}
	return nil
}
