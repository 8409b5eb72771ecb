package milestones_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// TestEveryFieldProblemAtOnce: a milestone whose name is blank and whose
// interval is not one of days, weeks, months or years gets one 422 naming
// both.
func TestEveryFieldProblemAtOnce(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		p := f.ExpectProblem(http.StatusUnprocessableEntity, "validation_failed", "POST", "/api/milestones",
			map[string]any{"name": " ", "interval": "PT1H", "session_count": 5})
		if got, want := p.SortedFields(), []string{"interval", "name"}; !slices.Equal(got, want) {
			t.Errorf("errors name %v, want %v: %+v", got, want, p.Errors)
		}
	})
}
