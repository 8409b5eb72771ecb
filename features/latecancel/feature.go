// Package latecancel is the late cancels feature (features.late_cancels):
// a cancel that comes less than a cutoff before the session starts makes the
// booking late_cancelled instead of cancelled. The cutoff is the class
// type's own (GET | PUT | DELETE /api/class_types/{id}/late_cancel_policy)
// or default_cutoff_minutes. GET /api/late_cancels reports, per customer,
// the bookings that are late_cancelled.
//
// The rule runs in the BeforeCancel hook, inside core's cancel transaction
// with the customer, session and booking locked, so each booking is judged
// once however many cancels race for it. It reads the policy along with
// core's read of the locked rows (core.CancelReader: no round trip of its
// own) and writes one decision row.
//
// Decisions where the contract is silent:
//
//   - Late means strictly less than the cutoff before the start: a cancel
//     exactly cutoff minutes before is on time, one second later is late.
//     A cutoff of 0 is never late (core refuses cancels after the start).
//   - The cutoff is elapsed minutes, not wall-clock time: across a
//     daylight-saving change 720 minutes is still 12 real hours.
//   - A late cancel is never refused and frees the place like any cancel.
//   - Every cancel of a booked booking while the feature is enabled records
//     a decision (late_cancel_decisions: cutoff, source, deadline, late),
//     so later policy changes do not rewrite history; it is shown by
//     GET /api/bookings/{id}/late_cancel, an addition to the contract.
//   - Forgiving (PATCH {"status": "cancelled"} on a late_cancelled booking)
//     is core's transition and needs nothing here: the booking becomes
//     cancelled, keeps its cancelled_at, and its decision stays (late, now
//     shown as forgiven). Core allows it even with the feature disabled, so
//     staff can still forgive old late cancels. Staff cannot set
//     late_cancelled by hand (core: invalid_transition). Because one body
//     means both cancel and forgive, a client that repeats a PATCH cancel
//     (say, a retry) forgives its own late cancel; clients should cancel
//     with POST /api/bookings/{id}/cancel, which never forgives.
//   - The report counts bookings that are late_cancelled now (forgiven ones
//     drop out), grouped in SQL. from/to filter on the session's start, as
//     /api/bookings does (dates are whole gym-local days; from inclusive,
//     to exclusive; to not after from → 422 naming to). Ordered by late
//     cancels, most first, then customer id; paginated like every list,
//     with a customer filter; booking ids ascending.
//   - PUT takes 0 to 10080 minutes (one week), answers 200 whether the
//     policy is new or replaced, and ignores class_type and source sent
//     back. A policy equal to the default still pins the class type's
//     cutoff against later changes of the default. DELETE answers 204 even
//     when the class type had no policy. GET, PUT and DELETE answer 404 for
//     an unknown class type. A policy is deleted with its class type.
//   - default_cutoff_minutes is bounded like PUT: 0 to 10080.
//   - Disabled: cancels are plain cancelled, every route of the feature
//     answers 404, and policies and decisions stay for when it is enabled
//     again.
package latecancel

import (
	"fmt"

	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/api"
)

// Feature is the late cancels feature.
type Feature struct {
	cfg Config
	env core.Env
}

// Interface guards.
var (
	_ core.Feature           = (*Feature)(nil)
	_ core.Configurable      = (*Feature)(nil)
	_ core.Validator         = (*Feature)(nil)
	_ core.Describer         = (*Feature)(nil)
	_ core.Provisioner       = (*Feature)(nil)
	_ core.MigrationProvider = (*Feature)(nil)
	_ core.CancelReader      = (*Feature)(nil)
	_ core.BeforeCancelHook  = (*Feature)(nil)
	_ api.Router             = (*Feature)(nil)
)

// New returns the feature with its default config, not yet provisioned.
func New() *Feature {
	return &Feature{cfg: Config{DefaultCutoffMinutes: DefaultCutoffMinutes}}
}

// Name is the feature's key: features.late_cancels.
func (f *Feature) Name() string { return "late_cancels" }

// Description is the line `gymtastic features` shows.
func (f *Feature) Description() string {
	return "late cancels: a cancel less than a cutoff (per class type) before the session makes the booking late_cancelled"
}

// MaxCutoffMinutes is the largest cutoff accepted, by the config and by PUT:
// one week (10080 minutes). Sessions are booked days ahead, not months, and
// a cutoff longer than a week would make almost every cancel late.
const MaxCutoffMinutes = 7 * 24 * 60

// DefaultCutoffMinutes is default_cutoff_minutes when config.yaml leaves it
// out: 12 hours.
const DefaultCutoffMinutes = 720

// Config is the feature's section, features.late_cancels.
type Config struct {
	// DefaultCutoffMinutes applies to class types without a policy of their
	// own.
	DefaultCutoffMinutes int `mapstructure:"default_cutoff_minutes"`
}

// Config returns the config struct the registry decodes
// features.late_cancels into.
func (f *Feature) Config() any { return &f.cfg }

// Validate checks the decoded config: the cutoff is between 0 and
// MaxCutoffMinutes.
func (f *Feature) Validate() error {
	if c := f.cfg.DefaultCutoffMinutes; c < 0 || c > MaxCutoffMinutes {
		return fmt.Errorf("default_cutoff_minutes: must be between 0 and %d (one week), got %d", MaxCutoffMinutes, c)
	}
	return nil
}

// Provision keeps the environment: the database, the clock and the gym's
// time zone.
func (f *Feature) Provision(env core.Env) error {
	f.env = env
	return nil
}
