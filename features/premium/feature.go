// Package premium is the premium class types feature (features.premium):
// some class types (the pool's swimming lessons) are sold only with a
// membership. Operators mark class types premium (/api/premium_class_types),
// define membership plans that unlock some of them (/api/membership_plans)
// and record the memberships customers pay for in cash at the front desk
// (/api/memberships); the system records payments, it never takes one.
//
// Booking a session of a premium class type needs a membership that is
// active, covers the session's gym-local date (starts_on ≤ date ≤ ends_on,
// the date being the day the session starts in gym.timezone) and whose plan
// unlocks the class type. Otherwise the booking is refused with 403
// premium_membership_required, whose detail names what is missing: no
// membership, or of the closest one (lacking fewest things, then ending
// last), that it expired on a date, has not started, was cancelled, or that
// its plan does not include the class type. Core's own refusals
// (session_started, already_booked, session_full) come first.
//
// The rule runs in the BeforeBook hook, inside core's booking transaction,
// through the transaction it is given: one primary-key read of
// premium_class_types for every booking, and for premium sessions one more
// query, the customer's memberships (ix_memberships_customer) with, for
// each, whether its plan unlocks the class type (primary key of
// membership_plan_class_types).
//
// Decisions where the contract is silent:
//
//   - Cancelling a membership (POST /api/memberships/{id}/cancel, or status
//     cancelled by PUT/PATCH) does not cancel bookings already made with
//     it, even for sessions after the cancel: it only refuses new bookings.
//     The same holds when a membership is shortened or deleted, a plan
//     loses a class type, or a class type becomes premium. A booking that
//     raced with a cancel and read the membership before the cancel
//     committed succeeds; it is ordered before the cancel.
//   - Un-marking a class type that a plan still lists → 409
//     premium_class_type_in_use naming the plans: what paying members get
//     never changes silently. Remove it from the plans first (PATCH
//     class_types). The database enforces it too: a plan's class types
//     reference the mark. Un-marking opens the class type to everyone at
//     once. Marking a class type already premium answers 200 with the
//     existing mark (201 when new). Deleting a class type (core allows it
//     only without sessions) deletes its mark, but while a plan includes
//     it core answers 409 class_type_in_use.
//   - Deleting a plan that any membership uses, even a cancelled or
//     expired one → 409 membership_plan_in_use (memberships are payment
//     history). Changing a plan's class types applies at once to its
//     memberships, old and new; changing duration_days only to the default
//     ends_on of memberships written afterwards.
//   - Plan names are unique ignoring case and Unicode normalisation (409
//     name_taken): one line of visible text, trimmed, non-blank, stored in
//     NFC (core.Name). Descriptions are free text (core.CheckLines). class_types may be empty (a plan being set up, or one
//     whose class types were un-marked); duplicates → 422. price_cents is
//     0 to 10^12, duration_days 1 to 36600 (a hundred years).
//   - Memberships: starts_on is required; ends_on defaults to starts_on +
//     duration_days - 1 and may be set to any date not before starts_on
//     (a discount, a free week); dates are 1900-01-01 to 2999-12-31.
//     amount_paid_cents is required (0 to 10^12: the cash actually taken,
//     which may differ from the plan's price either way: 0 for a comped
//     membership, less for a discount, more for a price raised since;
//     refunds are not recorded, so never negative); payment_method defaults to
//     and must be cash; paid_at defaults to now and may not be in the
//     future (a minute of clock skew is allowed); status defaults to
//     active. As everywhere, PUT gives omitted optional fields their
//     defaults (ends_on recomputed, paid_at now, status active); PATCH
//     changes only the fields given (ends_on is not recomputed when
//     starts_on changes). cancelled_at (read-only, an addition) is set when
//     a membership becomes cancelled and cleared if it is made active
//     again; cancelling a cancelled membership changes nothing (200).
//   - PATCH on a plan or a membership: a field left out keeps its value,
//     and no field may be null (422 naming it, "must not be null"): none
//     is nullable, and ends_on and paid_at take their defaults on POST and
//     PUT only. Text PostgreSQL cannot store (a NUL character, invalid
//     UTF-8) is refused alike on both databases with 422 naming the field:
//     a plan's name and description through core.Name and
//     core.CheckLines, a membership's dates and words by the schema; so is
//     a paid_at outside the years 0001–9999 in UTC (core.CheckTime).
//   - Overlapping memberships are allowed (renewing early): any one that
//     qualifies is enough.
//   - DELETE /api/memberships/{id} erases a membership recorded by mistake;
//     cancel is how a membership ends.
//   - A customer with memberships, even cancelled ones, cannot be deleted:
//     payment history is kept. The foreign key refuses it and core answers
//     409 customer_has_bookings ("still referenced").
//   - Filters on /api/memberships: customer, plan, status and active_on (a
//     date: status active and starts_on ≤ date ≤ ends_on).
//   - Disabled: the hook does not run, so premium class types are bookable
//     by everyone; every route answers 404; marks, plans and memberships
//     stay, and apply again when the feature is enabled.
//   - createfixtures (when enabled) adds a premium Swimming class type, a
//     "Premium" plan unlocking it, a Swimming session on each fixture day,
//     30-day memberships for every other fixture customer, and Swimming
//     bookings made through core's Book, so every enabled rule holds.
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
