package bookinglimit

import "fmt"

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
