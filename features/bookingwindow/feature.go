// Package bookingwindow is the booking windows feature
// (features.booking_window): a session opens for booking opens_days_before
// days before it starts, at the same gym-local clock time, and closes
// closes_minutes_before minutes (elapsed) before it starts. A class type
// may have its own window (/api/class_types/{id}/booking_window), and
// priority segments (/api/booking_segments) open earlier for their
// customers. Too early → 409 booking_not_open with opens_at, too late →
// 409 booking_closed with closes_at, both members of the problem and in
// its detail. GET /api/class_sessions/{id}/booking_window says when a
// session opens and closes for a customer.
//
// Decisions where the contract is silent:
//   - A customer's window opens at the earliest of the class type's (or
//     the default) and her segments': opens_days_before is the largest of
//     them. A segment never makes a window open later, nor close at
//     another time: closing is the class type's or the default.
//   - The window includes both ends: booking exactly at opens_at or at
//     closes_at is allowed. The clock time is kept across a
//     daylight-saving change (window.go): a 07:00 class opens at 07:00;
//     closing counts elapsed minutes.
//   - staff_exempt lets a staff or admin caller book a customer outside
//     her window; a customer token never passes. In the trusted mode
//     (auth.enabled: false) every request is an admin's, so the window
//     then binds nobody unless staff_exempt is false. A waitlist promotion
//     is the waiting customer's booking (core.FreedContext.Book), never
//     exempt; a join is judged as the booking it asks for.
//   - Changing a window, deleting a segment or taking a customer out of one
//     never touches bookings or waitlist entries already made.
//
// The rule runs inside core's booking transaction, after premium (an
// entitlement, 403, is heard first) and before the booking limit (a
// booking that could not be made yet does not count against a day). Its
// reads are values in core's read of the locked rows: a booking pays no
// round trip and no statement for it (rules.go).
package bookingwindow

import (
	"fmt"

	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/api"
)

// Feature is the booking windows feature.
type Feature struct {
	cfg Config
	env core.Env
}

// Interface guards.
var (
	_ core.Feature           = (*Feature)(nil)
	_ core.Describer         = (*Feature)(nil)
	_ core.Configurable      = (*Feature)(nil)
	_ core.Validator         = (*Feature)(nil)
	_ core.Provisioner       = (*Feature)(nil)
	_ core.MigrationProvider = (*Feature)(nil)
	_ core.BeforeBookHook    = (*Feature)(nil)
	_ core.RefusalDeclarer   = (*Feature)(nil)
	_ core.FixtureCreator    = (*Feature)(nil)
	_ api.Router             = (*Feature)(nil)
)

// Defaults of the config.
const (
	DefaultOpensDaysBefore     = 14
	DefaultClosesMinutesBefore = 0
)

// New returns the feature with its default config, not yet provisioned.
func New() *Feature {
	return &Feature{cfg: Config{OpensDaysBefore: DefaultOpensDaysBefore, ClosesMinutesBefore: DefaultClosesMinutesBefore,
		StaffExempt: true}}
}

// Name is the feature's key: features.booking_window.
func (f *Feature) Name() string { return "booking_window" }

// Description is the line `gymtastic features` shows.
func (f *Feature) Description() string {
	return "booking windows: a session opens for booking some days before it starts (earlier for priority segments) and closes some minutes before"
}

// Config is the feature's section, features.booking_window.
type Config struct {
	// OpensDaysBefore and ClosesMinutesBefore are the window of class types
	// without one of their own.
	OpensDaysBefore     int `mapstructure:"opens_days_before"`
	ClosesMinutesBefore int `mapstructure:"closes_minutes_before"`
	// StaffExempt lets staff and admins book a customer outside her window.
	StaffExempt bool `mapstructure:"staff_exempt"`
}

// Config returns the config struct the registry decodes
// features.booking_window into.
func (f *Feature) Config() any { return &f.cfg }

// Validate checks the decoded config, naming the key at fault.
func (f *Feature) Validate() error {
	if key, problem := checkWindow(f.cfg.OpensDaysBefore, f.cfg.ClosesMinutesBefore); problem != "" {
		return fmt.Errorf("%s: %s", key, problem)
	}
	return nil
}

// Provision keeps the environment: the database, the clock and the gym's
// time zone.
func (f *Feature) Provision(env core.Env) error {
	f.env = env
	return nil
}
