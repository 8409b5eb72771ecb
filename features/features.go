// Package features is the table of contents of Gymtastic's business
// features: one explicit list, in the order their hooks run. Each feature
// lives in its own package, offers what it has through core's optional
// interfaces, and is switched on or off under features.<name> in
// config.yaml. Features never import each other; a helper two of them
// need lives in core.
//
// Every feature package keeps the same things in the same files (those it
// has of them):
//
//	feature.go     package doc; Feature, New, Name, Description, the config
//	               struct with Config and Validate, Provision; interface guards
//	migrations.go  its migrations, IDs prefixed with its name
//	rules.go       its business rule, whole: what it reads, decides, refuses
//	routes.go      Routes: every operation, each with who may call it
//	handlers.go    request/response types and handlers (handlers_<resource>.go
//	               each, when large)
//	store.go       its queries off the hot path (store_<resource>.go each,
//	               when large)
//	validate.go    input checks beyond the schema, when they outgrow store.go
//	model.go       its tables' rows and their constants
//	fixtures.go    what it adds to `gymtastic createfixtures`
//
// A file for one more concern is named after it: milestones' interval.go
// and email.go, workouts' bounds.go. Tests that cover every feature alike
// (access, config, disabled) live in this package.
package features

import (
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/features/bookinglimit"
	"github.com/gymtastic/gymtastic/features/bookingwindow"
	"github.com/gymtastic/gymtastic/features/latecancel"
	"github.com/gymtastic/gymtastic/features/milestones"
	"github.com/gymtastic/gymtastic/features/premium"
	"github.com/gymtastic/gymtastic/features/schedules"
	"github.com/gymtastic/gymtastic/features/waitlist"
	"github.com/gymtastic/gymtastic/features/workouts"
)

// All returns a fresh instance of every feature, enabled or not. Premium
// comes first so that a customer without the right membership hears about
// that (403) before any limit (409); then the booking window, so that a
// session not open yet (or closed) is heard before the daily limit, which
// a booking that cannot be made yet should not be judged by.
func All() []core.Feature {
	return []core.Feature{
		premium.New(),
		bookingwindow.New(),
		bookinglimit.New(),
		latecancel.New(),
		milestones.New(),
		waitlist.New(),
		workouts.New(),
		schedules.New(), // no booking hook: a booking pays nothing for it
	}
}
