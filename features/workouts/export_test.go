package workouts

import (
	"time"

	"github.com/gymtastic/gymtastic/config"
)

// SummaryQueries exposes the summary's SQL to the index test: the totals
// query and the per-exercise query, with their arguments.
func SummaryQueries(kind config.DatabaseKind, customer int64, from, to time.Time) (string, []any, string, []any) {
	p := period{From: from, To: to}
	tq, targs := totalsQuery(kind, customer, p)
	eq, eargs := exercisesQuery(kind, customer, p)
	return tq, targs, eq, eargs
}
