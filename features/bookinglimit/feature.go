// Package bookinglimit is the booking limit feature (features.booking_limit):
// a customer may hold at most max_per_day (default 1) active bookings —
// booked, attended or no_show — for sessions that start on one calendar day
// in the gym's time zone (core.DayBounds: a daylight-saving day is one day).
// A booking past the limit is refused with 409 booking_limit_exceeded, its
// detail naming the day and the bookings held; nothing is written.
//
// The rule runs inside core's booking transaction with the customer's row
// locked, so a customer's concurrent bookings are judged one after the
// other and exactly max_per_day of them succeed (rules.go). Its read rides
// in core's round trip and is served by core's indexes: the cost is the
// number of sessions that day, not the customer's history (index_test.go).
//
// Cancelled and late_cancelled bookings do not count; core's own refusals
// come first. Lowering the limit or disabling the feature never touches
// bookings already held: the customer cannot book more that day until below
// the limit again. The feature has no tables, routes or fixtures.
package bookinglimit

import (
	"fmt"

	"github.com/gymtastic/gymtastic/core"
)

// Feature is the booking limit feature.
type Feature struct {
	cfg Config
}

// Interface guards.
var (
	_ core.Feature         = (*Feature)(nil)
	_ core.Describer       = (*Feature)(nil)
	_ core.Configurable    = (*Feature)(nil)
	_ core.Validator       = (*Feature)(nil)
	_ core.BeforeBookHook  = (*Feature)(nil)
	_ core.RefusalDeclarer = (*Feature)(nil)
)

// New returns the feature with its default config.
func New() *Feature { return &Feature{cfg: Config{MaxPerDay: DefaultMaxPerDay}} }

// Name is the feature's key: features.booking_limit.
func (f *Feature) Name() string { return "booking_limit" }

// Description is the line `gymtastic features` shows.
func (f *Feature) Description() string {
	return "booking limit: at most max_per_day active bookings per customer for sessions starting on one gym-local day"
}

// Config is the feature's section, features.booking_limit in config.yaml.
type Config struct {
	// MaxPerDay is how many active bookings a customer may hold for
	// sessions starting on one gym-local day.
	MaxPerDay int `mapstructure:"max_per_day"`
}

// DefaultMaxPerDay is max_per_day when config.yaml does not set it.
const DefaultMaxPerDay = 1

// Config returns the config struct, holding the defaults until the
// registry decodes the section into it.
func (f *Feature) Config() any { return &f.cfg }

// Validate checks the decoded config; it runs whether the feature is
// enabled or not, so a bad value stops start-up either way.
func (f *Feature) Validate() error {
	if f.cfg.MaxPerDay < 1 {
		return fmt.Errorf("max_per_day: must be at least 1, got %d", f.cfg.MaxPerDay)
	}
	return nil
}
