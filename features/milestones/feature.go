// Package milestones is the attendance milestones feature
// (features.milestones): staff define goals such as "8 sessions within a
// month" (/api/milestones); when a booking brings the customer's active
// bookings created within the interval up to the goal, the customer
// achieves it, at most once per interval, and is congratulated by email.
//
// The rule runs in the booking's transaction, with the customer's row
// locked by core: each crossing records exactly one achievement and puts
// exactly one email in the outbox, committed with the booking (rules.go).
// Every booking reads the active milestones in core's round trip, so a
// milestone written through any replica, or by SQL, counts from the next
// booking on.
//
// An interval is an ISO 8601 duration in days, weeks, months or years
// (Interval); months and years are calendar ones in the gym's time zone. A
// name is one line of visible text stored in NFC (core.Name): it goes into
// the email's subject.
package milestones

import (
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/api"
)

// Feature is the attendance milestones feature.
type Feature struct {
	env     core.Env
	outbox  *core.Outbox
	gymName string
	mail    *mailTemplates
}

// Interface guards.
var (
	_ core.Feature           = (*Feature)(nil)
	_ core.Describer         = (*Feature)(nil)
	_ core.Provisioner       = (*Feature)(nil)
	_ core.MigrationProvider = (*Feature)(nil)
	_ core.AfterBookHook     = (*Feature)(nil)
	_ api.Router             = (*Feature)(nil)
)

// New returns the feature, not yet provisioned.
func New() *Feature { return &Feature{} }

// Name is the feature's key: features.milestones.
func (f *Feature) Name() string { return "milestones" }

// Description is the line `gymtastic features` shows.
func (f *Feature) Description() string {
	return "attendance milestones: congratulate customers by email when their bookings within an interval reach a goal"
}

// Provision keeps the environment and the gym's name, and parses the email
// templates, so that a broken template stops start-up.
func (f *Feature) Provision(env core.Env) error {
	tmpl, err := parseTemplates()
	if err != nil {
		return err
	}
	f.env, f.outbox, f.mail = env, env.Outbox, tmpl
	f.gymName = "Gymtastic"
	if env.Config != nil && env.Config.Gym.Name != "" {
		f.gymName = env.Config.Gym.Name
	}
	return nil
}
