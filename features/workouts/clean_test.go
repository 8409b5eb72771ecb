package workouts

import (
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// TestChecksText: names (core.Name, which the catalog uses) and notes
// holding text PostgreSQL cannot store are refused, naming the field. Over HTTP, core/api refuses invalid
// UTF-8 before the feature sees it, so only a direct caller brings it here.
func TestChecksText(t *testing.T) {
	now := time.Date(2030, 3, 4, 9, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name  string
		err   func() error
		field string
		rule  string
	}{
		{"name UTF-8", func() error { _, err := core.Name("name", "Rower\xff"); return err }, "name", "UTF-8"},
		{"name NUL", func() error { _, err := core.Name("name", "Rower\x00"); return err }, "name", "NUL"},
		{"notes UTF-8", func() error { return checkNotes(now, "easy\xff") }, "notes", "UTF-8"},
		{"notes NUL", func() error { return checkNotes(now, "easy\x00") }, "notes", "NUL"},
	} {
		t.Run(c.name, func(t *testing.T) { testenv.ExpectInvalidErr(t, c.err(), c.field, c.rule) })
	}
}

// checkNotes checks a valid workout with notes.
func checkNotes(now time.Time, notes string) error {
	var p problems
	checkWorkout(&workoutInput{StartedAt: now.Add(-time.Hour), Notes: notes}, now, &p)
	return p.err()
}
