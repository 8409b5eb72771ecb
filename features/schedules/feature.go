// Package schedules is the recurring schedules feature
// (features.schedules): a class schedule (/api/class_schedules) is a class
// type on some weekdays at a gym-local clock time, from a date, maybe to a
// date. It makes its sessions through core (Service.CreateSessions, the
// path and checks of POST /api/class_sessions) for every matching day up
// to horizon_days ahead, and a background job keeps that horizon rolling.
// Each (schedule, local date) is made once: a unique key on the feature's
// class_schedule_occurrences, which also remembers skipped dates.
//
// A booking pays nothing for this feature: it has no booking hook.
//
// Decisions where the contract is silent are in docs/features/schedules.md:
// among them, sessions are made from today (never in the past) to the day
// before today + horizon_days; a change removes and remakes the future
// sessions it changes (those without active bookings), leaving identical
// ones as they are; a date whose session was deleted (a skip, or DELETE
// /api/class_sessions/{id}) is never made again.
package schedules

import (
	"errors"
	"time"

	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/api"
)

// Config is features.schedules.
type Config struct {
	// HorizonDays: sessions exist for the days from today to this many
	// days ahead (today included, the last day not).
	HorizonDays int `mapstructure:"horizon_days"`
}

// MaxHorizonDays bounds horizon_days: two years of sessions.
const MaxHorizonDays = 731

// jobInterval is how often the background job looks for schedules whose
// horizon has moved: a day's sessions appear within it of the gym-local
// midnight. When nothing is due it costs one indexed query.
const jobInterval = 10 * time.Minute

// Feature is the recurring schedules feature.
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
	_ core.BackgroundJob     = (*Feature)(nil)
	_ core.FixtureTimetable  = (*Feature)(nil)
	_ api.Router             = (*Feature)(nil)
)

// New returns the feature with its default config, not yet provisioned.
func New() *Feature { return &Feature{cfg: Config{HorizonDays: 56}} }

// Name is the feature's key: features.schedules.
func (f *Feature) Name() string { return "schedules" }

// Description is the line `gymtastic features` shows.
func (f *Feature) Description() string {
	return "schedules: recurring class schedules that make their sessions horizon_days ahead, kept rolling in the background"
}

// Config returns the config struct the registry decodes
// features.schedules into.
func (f *Feature) Config() any { return &f.cfg }

// Validate checks the decoded config.
func (f *Feature) Validate() error {
	if f.cfg.HorizonDays < 1 || f.cfg.HorizonDays > MaxHorizonDays {
		return errors.New("horizon_days: want 1 to 731 (two years)")
	}
	return nil
}

// Provision keeps the environment: the database, core's service, the clock
// and the gym's time zone.
func (f *Feature) Provision(env core.Env) error {
	f.env = env
	return nil
}

// JobInterval is how often serve and worker run RunJob.
func (f *Feature) JobInterval() time.Duration { return jobInterval }
