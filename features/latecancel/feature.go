// Package latecancel is the late cancels feature (features.late_cancels):
// a cancel less than a cutoff before the session starts makes the booking
// late_cancelled instead of cancelled. It is never refused and frees the
// place like any cancel. The cutoff is the class type's own policy
// (/api/class_types/{id}/late_cancel_policy) or default_cutoff_minutes
// (default 720); both are 0 to 10080 minutes. GET /api/late_cancels reports,
// per customer, the bookings that are late_cancelled now.
//
// Late is strictly less than the cutoff before the start, in elapsed
// minutes (720 minutes are 12 real hours across a daylight-saving change);
// a cutoff of 0 is never late.
//
// The rule runs inside core's cancel transaction, with the customer,
// session and booking locked, so a booking is judged once however many
// cancels race for it (rules.go). It reads the policy in core's round trip
// and records a decision (late_cancel_decisions) for every cancel of a
// booked booking, shown by GET /api/bookings/{id}/late_cancel, so that later
// policy changes do not rewrite history.
//
// Forgiving, PATCH {"status": "cancelled"} on a late_cancelled booking, is
// core's transition, allowed even with the feature disabled; the decision
// stays, shown as forgiven. Disabled, cancels are plain cancelled and the
// routes answer 404; policies and decisions stay.
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
	_ core.Describer         = (*Feature)(nil)
	_ core.Configurable      = (*Feature)(nil)
	_ core.Validator         = (*Feature)(nil)
	_ core.Provisioner       = (*Feature)(nil)
	_ core.MigrationProvider = (*Feature)(nil)
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
