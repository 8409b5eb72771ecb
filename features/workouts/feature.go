// Package workouts is workout tracking (features.workouts), for customers
// who train on their own and log it from the mobile app:
//
//   - /api/equipment and /api/exercises: the catalogue, seeded by the
//     migrations and edited by staff; names are unique ignoring case, and
//     what is in use cannot be deleted (409);
//   - /api/workouts: a customer's workout with its sets, in order, written
//     in one transaction; POST /api/workouts/{id}/sets appends one while
//     the workout is in progress;
//   - GET /api/customers/{id}/workout_summary: a progress screen's figures
//     and all-time records, computed by the database in two queries.
//
// A set is strength (reps, weight_kg) or cardio (duration_seconds and
// optional figures) according to its exercise; every problem of a body is
// reported at once, naming the set (sets[3].reps). The bounds are in
// bounds.go, and the migrations' CHECK constraints repeat them. A set
// carries its workout's customer_id, kept equal by a composite foreign key,
// so that the summary reads one customer's sets from an index. Deleting a
// customer deletes their workouts.
//
// The feature has no hooks: it never touches bookings. createfixtures logs
// two weeks of workouts for each fixture customer.
package workouts

import (
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/api"
)

// Feature is workout tracking.
type Feature struct {
	env core.Env
}

// Interface guards.
var (
	_ core.Feature           = (*Feature)(nil)
	_ core.Describer         = (*Feature)(nil)
	_ core.Provisioner       = (*Feature)(nil)
	_ core.MigrationProvider = (*Feature)(nil)
	_ core.FixtureCreator    = (*Feature)(nil)
	_ api.Router             = (*Feature)(nil)
)

// New returns the feature, not yet provisioned.
func New() *Feature { return &Feature{} }

// Name is the feature's key: features.workouts.
func (f *Feature) Name() string { return "workouts" }

// Description is the line `gymtastic features` shows.
func (f *Feature) Description() string {
	return "workout tracking: customers log strength and cardio sets on the gym's equipment and see their progress"
}

// Provision keeps the environment: the database, the clock and the gym's
// time zone.
func (f *Feature) Provision(env core.Env) error {
	f.env = env
	return nil
}
