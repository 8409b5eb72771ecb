// Package premium is the premium class types feature (features.premium):
// some class types (the pool's swimming lessons) are sold only with a
// membership. Staff mark class types premium (/api/premium_class_types),
// define plans that unlock some of them (/api/membership_plans) and record
// the memberships customers pay for in cash at the front desk
// (/api/memberships); the system records payments, it never takes one.
//
// Booking a premium class type's session needs a membership that is
// active, covers the session's gym-local date (starts_on ≤ date ≤ ends_on)
// and whose plan unlocks the class type; otherwise 403
// premium_membership_required, whose detail says what the closest
// membership lacks. The rule runs inside core's booking transaction
// (rules.go): it reads the mark and the customer's memberships in core's
// round trip and judges them in Go.
//
// Memberships are payment history: a plan any membership uses, or a
// customer with memberships, cannot be deleted (409), and a class type a
// plan includes cannot be un-marked (409 premium_class_type_in_use).
// Cancelling or changing a membership, a plan or a mark never touches
// bookings already made; it only refuses new ones. Overlapping memberships
// are allowed. amount_paid_cents is the cash taken, whatever the plan's
// price; ends_on defaults to starts_on + duration_days - 1.
//
// createfixtures adds a premium Swimming class type with daily sessions, a
// Premium plan, and memberships for every other fixture customer.
package premium

import (
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/api"
)

// Feature is the premium class types feature.
type Feature struct {
	env core.Env
}

// Interface guards.
var (
	_ core.Feature           = (*Feature)(nil)
	_ core.Describer         = (*Feature)(nil)
	_ core.Provisioner       = (*Feature)(nil)
	_ core.MigrationProvider = (*Feature)(nil)
	_ core.BeforeBookHook    = (*Feature)(nil)
	_ core.RefusalDeclarer   = (*Feature)(nil)
	_ core.FixtureCreator    = (*Feature)(nil)
	_ api.Router             = (*Feature)(nil)
)

// New returns the feature, not yet provisioned.
func New() *Feature { return &Feature{} }

// Name is the feature's key: features.premium.
func (f *Feature) Name() string { return "premium" }

// Description is the line `gymtastic features` shows.
func (f *Feature) Description() string {
	return "premium class types: booking them needs an active membership whose plan unlocks them (paid in cash, recorded)"
}

// Provision keeps the environment: the database, the clock and the gym's
// time zone.
func (f *Feature) Provision(env core.Env) error {
	f.env = env
	return nil
}
