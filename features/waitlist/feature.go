// Package waitlist is the waitlist feature (features.waitlist): a customer
// joins a full session's waitlist (/api/waitlist_entries) and, when a
// place frees before the promotion cutoff, the first waiting entry is
// booked in the transaction that freed it, through core's booking path
// with every enabled rule. An entry a rule refuses is skipped with the
// rule's code, and the next is tried. Emails go through the outbox.
//
// Decisions where the contract is silent:
//   - Joining is judged in this order: session_started, already_booked,
//     every enabled booking rule (premium, booking limit, booking window),
//     places_available, already_waitlisted, waitlist_full.
//   - Only a waiting entry can be left (409 invalid_transition otherwise);
//     a customer may join again after leaving or being skipped.
//   - Position is the entry's rank among the session's waiting entries, by
//     when they joined; expired and other entries have none.
//   - Places freed after the cutoff are open to anyone; the entries wait on
//     and read as expired from the start.
package waitlist

import (
	"errors"

	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/api"
)

// Config is features.waitlist.
type Config struct {
	// MaxSize is the most waiting entries a session may have; 0 is no cap.
	MaxSize int `mapstructure:"max_size"`
	// PromotionCutoffMinutes: no automatic promotion later than this many
	// minutes before the session starts.
	PromotionCutoffMinutes int `mapstructure:"promotion_cutoff_minutes"`
}

// Feature is the waitlist feature.
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
	_ core.FixtureCreator    = (*Feature)(nil)
	_ core.PlacesFreedHook   = (*Feature)(nil)
	_ api.Router             = (*Feature)(nil)
)

// New returns the feature with its default config, not yet provisioned.
func New() *Feature {
	return &Feature{cfg: Config{MaxSize: 20, PromotionCutoffMinutes: 60}}
}

// Name is the feature's key: features.waitlist.
func (f *Feature) Name() string { return "waitlist" }

// Description is the line `gymtastic features` shows.
func (f *Feature) Description() string {
	return "waitlist: join a full session's waitlist; a freed place goes to the first eligible entry at once"
}

// Config returns the config struct the registry decodes features.waitlist
// into.
func (f *Feature) Config() any { return &f.cfg }

// Validate checks the decoded config.
func (f *Feature) Validate() error {
	switch {
	case f.cfg.MaxSize < 0 || f.cfg.MaxSize > 10000:
		return errors.New("max_size: want 0 (no cap) to 10000")
	case f.cfg.PromotionCutoffMinutes < 0 || f.cfg.PromotionCutoffMinutes > 10080:
		return errors.New("promotion_cutoff_minutes: want 0 to 10080 (one week)")
	}
	return nil
}

// Provision keeps the environment: the database, core's service, the
// outbox, the clock and the gym.
func (f *Feature) Provision(env core.Env) error {
	f.env = env
	return nil
}

// gymName signs the emails.
func (f *Feature) gymName() string {
	if f.env.Config == nil {
		return ""
	}
	return f.env.Config.Gym.Name
}
