// Package workouts is workout tracking (features.workouts), for customers
// who train on their own with dumbbells, the bench press, treadmills,
// kettlebells and stationary bikes, and log it from the mobile app:
//
//   - /api/equipment and /api/exercises: the catalogue, seeded by the
//     migrations and edited by operators;
//   - /api/workouts: a customer's workout with its sets, in order, saved in
//     one request; POST /api/workouts/{id}/sets appends one while the
//     workout is in progress;
//   - GET /api/customers/{id}/workout_summary: what a progress screen shows,
//     computed by the database.
//
// The feature has no hooks: it never touches bookings. createfixtures logs
// two weeks of workouts for each fixture customer.
//
// Storage: workouts, and workout_sets keyed by (workout_id, position). A
// set also carries its workout's customer_id, kept equal by a composite
// foreign key to workouts (id, customer_id) with ON UPDATE CASCADE, so that
// the summary reads one customer's sets from an index
// (ix_workout_sets_customer) on PostgreSQL rather than hash-joining every
// set in the gym. The summary is two queries: the period's workouts
// (count, summed durations) and one GROUP BY over the customer's sets by
// exercise and by whether the workout started in the period, so the
// database answers at most two rows per exercise and the all-time records
// come from the same pass.
//
// Decisions where the contract is silent:
//
//   - Names of equipment and exercises are unique ignoring case and Unicode
//     normalisation, like class types (core.Name: stored trimmed, in NFC,
//     one line of visible text): a duplicate is 409 name_taken. Deleting equipment that an
//     exercise uses is 409 equipment_in_use; deleting an exercise that a set
//     uses is 409 exercise_in_use, and so is changing its kind (the sets
//     would no longer fit it). Equipment kind is strength or cardio, as for
//     exercises; an exercise's kind need not match its equipment's.
//   - A set is strength or cardio according to its exercise. Strength sets
//     take reps and weight_kg (both required; 0 kg for body weight); cardio
//     sets take duration_seconds (required) and optionally distance_m,
//     calories, avg_heart_rate, incline_percent, resistance_level. A field
//     of the other kind is 422 naming it. Every error names the set index
//     (sets[3].reps), and all the problems of a body are reported at once.
//     Null is the same as leaving a set field out. Bounds are in bounds.go.
//   - A workout is 24 hours at most, and its times are plausible: not before
//     2000, not more than a day after now (a phone's clock may be wrong);
//     ended_at is strictly after started_at. Workouts may cross midnight,
//     overlap, and several may be in progress at once: the log is the
//     customer's.
//   - POST and PUT take the whole workout with its sets in one transaction:
//     the sets are written in one batched INSERT, and a refused request
//     writes nothing. PUT needs sets (send [] to remove them all, so that
//     leaving it out cannot wipe a log by accident); PATCH without sets keeps
//     them. PUT and PATCH may change the customer and correct a finished
//     workout; PATCH {"ended_at": null} reopens one.
//   - PATCH: a field left out keeps its value. Null clears the two
//     nullable fields, an exercise's equipment and a workout's ended_at,
//     and is refused on every other with 422 naming it, "must not be null"
//     (empty notes are "", no sets []). Text PostgreSQL cannot store (a NUL
//     character, invalid UTF-8) in a name or notes is refused alike on both
//     databases with 422 naming the field (core.Name, core.CheckLines:
//     notes keep tabs and line breaks, no other control), and so is a
//     started_at or ended_at outside the years 0001–9999 in UTC
//     (core.CheckTime).
//   - POST /api/workouts/{id}/sets answers 201 with the whole workout (what
//     the app redraws) and Location /api/workouts/{id}; on a finished
//     workout it is 409 workout_finished, and past 200 sets 409
//     workout_set_limit. Concurrent appends get consecutive positions.
//   - The list is ordered by started_at, then id (a log is read by time, and
//     workouts are often entered late); from/to filter on started_at, as on
//     /api/bookings (a date is a whole gym-local day). Each page loads its
//     sets in one query.
//   - The summary's from/to are gym-local dates, both inclusive and
//     optional. Total minutes count finished workouts only. Strength and
//     cardio figures are null for exercises of the other kind. e1RM is
//     Epley's weight × (1 + reps / 30) for every set, one rep included; pace
//     is minutes per km of a set with a distance, lower is better. Personal
//     records are all-time, whatever from/to say, for every exercise the
//     customer ever logged. Figures are rounded to 0.01.
//   - Workouts belong to their customer: deleting a customer deletes their
//     workouts and sets (ON DELETE CASCADE), since core refuses only
//     customers with bookings.
//   - Disabled: every route of the feature answers 404; the tables and data
//     stay for when it is enabled again.
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
