package workouts_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/app"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/workouts"
)

// startOn runs a Gymtastic with the feature enabled or not on an existing
// database, as a restart with a changed config.yaml would, its clock frozen
// at base.
func startOn(t *testing.T, dbURL string, enabled bool) (*testenv.Client, *app.App) {
	t.Helper()
	reg := core.NewRegistry([]core.Feature{workouts.New()})
	cfg := testenv.Config(t, reg, dbURL, testenv.Options{})
	if err := reg.Configure(map[string]map[string]any{"workouts": {"enabled": enabled}}); err != nil {
		t.Fatal(err)
	}
	a, err := app.New(context.Background(), cfg, reg, slog.New(slog.NewTextHandler(io.Discard, nil)),
		app.Options{Now: func() time.Time { return base }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Close() })
	if _, err := a.Runner.Up(context.Background()); err != nil {
		t.Fatal(err)
	}
	return testenv.AppClient(t, a), a
}

// Disabled, every route of the feature answers 404 and leaves the OpenAPI
// document; the data stays, a customer with workouts can still be deleted,
// and enabling the feature again finds the rest where it was.
func TestDisabled(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		url := testenv.DatabaseURL(t, kind)
		on, _ := startOn(t, url, true)
		ada, bob := on.Customer("Ada"), on.Customer("Bob")
		var exercises []workouts.ExerciseJSON
		on.Expect(http.StatusOK, "GET", "/api/exercises?kind=strength&limit=1", nil, &exercises)
		set := map[string]any{"exercise": exercises[0].ID, "reps": 5, "weight_kg": 20}
		var w workouts.WorkoutJSON
		for _, c := range []int64{ada, bob} {
			on.Expect(http.StatusCreated, "POST", "/api/workouts", map[string]any{"customer": c,
				"started_at": base.Add(-time.Hour).Format(time.RFC3339), "sets": []any{set}}, &w)
		}

		off, a := startOn(t, url, false)
		id := fmt.Sprint(w.ID)
		for _, c := range []struct {
			method, path string
			body         any
		}{
			{"GET", "/api/equipment", nil},
			{"POST", "/api/equipment", map[string]any{"name": "Rower", "kind": "cardio"}},
			{"GET", "/api/equipment/1", nil},
			{"PUT", "/api/equipment/1", map[string]any{"name": "Rower", "kind": "cardio"}},
			{"PATCH", "/api/equipment/1", map[string]any{"name": "Rower"}},
			{"DELETE", "/api/equipment/1", nil},
			{"GET", "/api/exercises/", nil},
			{"POST", "/api/exercises", map[string]any{"name": "Rowing", "kind": "cardio"}},
			{"GET", "/api/exercises/1", nil},
			{"PUT", "/api/exercises/1", map[string]any{"name": "Rowing", "kind": "cardio"}},
			{"PATCH", "/api/exercises/1", map[string]any{"name": "Rowing"}},
			{"DELETE", "/api/exercises/1", nil},
			{"GET", "/api/workouts", nil},
			{"POST", "/api/workouts", map[string]any{"customer": bob, "started_at": base.Format(time.RFC3339)}},
			{"GET", "/api/workouts/" + id, nil},
			{"PUT", "/api/workouts/" + id, map[string]any{"customer": bob, "started_at": base.Format(time.RFC3339), "sets": []any{}}},
			{"PATCH", "/api/workouts/" + id, map[string]any{"notes": "x"}},
			{"DELETE", "/api/workouts/" + id, nil},
			{"POST", "/api/workouts/" + id + "/sets", set},
			{"GET", fmt.Sprintf("/api/customers/%d/workout_summary", bob), nil},
		} {
			off.ExpectProblem(http.StatusNotFound, "not_found", c.method, c.path, c.body)
		}
		var doc struct{ Paths map[string]any }
		off.Expect(http.StatusOK, "GET", "/api/openapi.json", nil, &doc)
		for p := range doc.Paths {
			if strings.Contains(p, "workout") || strings.Contains(p, "exercise") || strings.Contains(p, "equipment") {
				t.Errorf("disabled feature's path %s in the OpenAPI document", p)
			}
		}
		// Core still works, and deleting a customer takes their workouts.
		off.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/customers/%d", bob), nil, nil)
		off.Expect(http.StatusNoContent, "DELETE", fmt.Sprintf("/api/customers/%d", ada), nil, nil)
		var workoutRows, setRows int64
		a.DB.Raw("SELECT COUNT(*) FROM workouts").Scan(&workoutRows)
		a.DB.Raw("SELECT COUNT(*) FROM workout_sets").Scan(&setRows)
		if workoutRows != 1 || setRows != 1 {
			t.Errorf("disabled: %d workouts and %d sets, want Bob's 1 and 1", workoutRows, setRows)
		}

		again, _ := startOn(t, url, true)
		var got workouts.WorkoutJSON
		again.Expect(http.StatusOK, "GET", "/api/workouts/"+id, nil, &got)
		if got.Customer != bob || len(got.Sets) != 1 {
			t.Errorf("after re-enabling: %+v", got)
		}
		var s workouts.SummaryJSON
		again.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/customers/%d/workout_summary", bob), nil, &s)
		if s.Workouts != 1 {
			t.Errorf("summary after re-enabling: %+v", s)
		}
	})
}

// The feature takes no settings besides enabled.
func TestConfig(t *testing.T) {
	reg := core.NewRegistry([]core.Feature{workouts.New()})
	if err := reg.Configure(map[string]map[string]any{"workouts": {"enabled": "false"}}); err != nil || reg.IsEnabled("workouts") {
		t.Errorf("enabled: false from the environment: %v, enabled %v", err, reg.IsEnabled("workouts"))
	}
	err := core.NewRegistry([]core.Feature{workouts.New()}).Configure(map[string]map[string]any{"workouts": {"max_sets": 5}})
	if err == nil || !strings.Contains(err.Error(), "features.workouts") {
		t.Errorf("an unknown key: %v", err)
	}
}
