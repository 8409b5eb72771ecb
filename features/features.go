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
)

// All returns a fresh instance of every feature, enabled or not.
func All() []core.Feature {
	return []core.Feature{
		bookinglimit.New(),
		latecancel.New(),
		milestones.New(),
	}
}
