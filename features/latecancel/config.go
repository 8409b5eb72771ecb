package latecancel

import "fmt"

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

// Validate checks the cutoff is between 0 and MaxCutoffMinutes, naming the
// key.
func (c *Config) Validate() error {
	if c.DefaultCutoffMinutes < 0 || c.DefaultCutoffMinutes > MaxCutoffMinutes {
		return fmt.Errorf("default_cutoff_minutes: must be between 0 and %d (one week), got %d",
			MaxCutoffMinutes, c.DefaultCutoffMinutes)
	}
	return nil
}
