// Package features is the table of contents of Gymtastic's business
// features: one explicit list, in the order their hooks run. Each feature
// lives in its own package, registers what it has through core's optional
// interfaces, and is switched on or off under features.<name> in
// config.yaml. Features never import each other.
package features

import (
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/features/bookinglimit"
	"github.com/gymtastic/gymtastic/features/latecancel"
	"github.com/gymtastic/gymtastic/features/milestones"
	"github.com/gymtastic/gymtastic/features/premium"
	"github.com/gymtastic/gymtastic/features/waitlist"
	"github.com/gymtastic/gymtastic/features/workouts"
)

// All returns a fresh instance of every feature, enabled or not. Premium
// comes first so that a customer without the right membership hears about
// that (403) before any limit (409).
func All() []core.Feature {
	return []core.Feature{
		premium.New(),
		bookinglimit.New(),
		latecancel.New(),
		milestones.New(),
		waitlist.New(),
		workouts.New(),
	}
}
