package workouts_test

import (
	"fmt"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/workouts"
)

// The migrations seed the gym's five pieces of equipment and exercises for
// each, strength and cardio.
func TestSeededCatalogue(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		var equipment []workouts.EquipmentJSON
		f.Expect(http.StatusOK, "GET", "/api/equipment", nil, &equipment)
		got := map[string]string{}
		byID := map[int64]string{}
		for _, e := range equipment {
			got[e.Name], byID[e.ID] = e.Kind, e.Name
		}
		want := map[string]string{"Dumbbells": "strength", "Bench press": "strength", "Treadmill": "cardio",
			"Kettlebell": "strength", "Stationary bike": "cardio"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("equipment %v, want %v", got, want)
		}

		var exercises []workouts.ExerciseJSON
		f.Expect(http.StatusOK, "GET", "/api/exercises/", nil, &exercises)
		on := map[string]string{}
		kinds := map[string]int{}
		for _, e := range exercises {
			on[e.Name] = "(none)"
			if e.Equipment != nil {
				on[e.Name] = byID[*e.Equipment]
			}
			kinds[e.Kind]++
		}
		for name, equipment := range map[string]string{
			"Dumbbell curl": "Dumbbells", "Dumbbell shoulder press": "Dumbbells", "Bench press": "Bench press",
			"Kettlebell swing": "Kettlebell", "Goblet squat": "Kettlebell", "Treadmill run": "Treadmill",
			"Treadmill walk": "Treadmill", "Stationary bike ride": "Stationary bike", "Push-up": "(none)",
		} {
			if on[name] != equipment {
				t.Errorf("exercise %q: equipment %q, want %q", name, on[name], equipment)
			}
		}
		if len(exercises) < 12 || kinds["strength"] < 8 || kinds["cardio"] < 4 {
			t.Errorf("%d exercises (%v)", len(exercises), kinds)
		}
		var cardio []workouts.ExerciseJSON
		f.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/exercises?kind=cardio&equipment=%d", idOf(t, equipment, "Treadmill")), nil, &cardio)
		if len(cardio) != 3 {
			t.Errorf("cardio exercises on the treadmill: %+v", cardio)
		}
		var strength []workouts.EquipmentJSON
		f.Expect(http.StatusOK, "GET", "/api/equipment?kind=strength&limit=2", nil, &strength)
		if len(strength) != 2 || strength[0].Name != "Dumbbells" || strength[1].Name != "Bench press" {
			t.Errorf("first two strength equipment: %+v", strength)
		}
	})
}

// Operators add, change and delete equipment and exercises. Names are
// unique ignoring case (409 name_taken); what logged sets depend on cannot
// be deleted or change kind (409 *_in_use).
func TestCatalogueEdits(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		var rower workouts.EquipmentJSON
		r := f.Expect(http.StatusCreated, "POST", "/api/equipment", map[string]any{"name": " Rowing machine ", "kind": "cardio"}, &rower)
		if r.Header.Get("Location") != fmt.Sprintf("/api/equipment/%d", rower.ID) || rower.Name != "Rowing machine" {
			t.Errorf("created %+v at %s", rower, r.Header.Get("Location"))
		}
		f.ExpectProblem(http.StatusConflict, "name_taken", "POST", "/api/equipment", map[string]any{"name": "rowing MACHINE", "kind": "cardio"})
		f.ExpectProblem(http.StatusConflict, "name_taken", "PATCH", fmt.Sprintf("/api/equipment/%d", rower.ID), map[string]any{"name": "treadmill"})
		// Every letter, not only ASCII (SQLite's own lower() leaves Ä).
		f.Expect(http.StatusCreated, "POST", "/api/equipment", map[string]any{"name": "Ärmelkettlebell", "kind": "strength"}, nil)
		f.ExpectProblem(http.StatusConflict, "name_taken", "POST", "/api/equipment", map[string]any{"name": "ärmelKETTLEBELL", "kind": "strength"})
		f.ExpectProblem(http.StatusUnprocessableEntity, "validation_failed", "POST", "/api/equipment", map[string]any{"name": "Rack", "kind": "heavy"})
		f.ExpectProblem(http.StatusUnprocessableEntity, "validation_failed", "POST", "/api/equipment", map[string]any{"name": "  ", "kind": "strength"})
		f.Expect(http.StatusOK, "PATCH", fmt.Sprintf("/api/equipment/%d", rower.ID), map[string]any{"name": "Rower"}, &rower)
		f.Expect(http.StatusOK, "PUT", fmt.Sprintf("/api/equipment/%d/", rower.ID), map[string]any{"id": 1, "name": "Rower", "kind": "cardio"}, &rower)
		if rower.Name != "Rower" || rower.Kind != "cardio" {
			t.Errorf("after PATCH and PUT: %+v", rower)
		}

		var row workouts.ExerciseJSON
		f.Expect(http.StatusCreated, "POST", "/api/exercises", map[string]any{"name": "Rowing", "equipment": rower.ID, "kind": "cardio"}, &row)
		if row.Equipment == nil || *row.Equipment != rower.ID {
			t.Errorf("created %+v", row)
		}
		p := f.ExpectProblem(http.StatusUnprocessableEntity, "validation_failed", "POST", "/api/exercises",
			map[string]any{"name": "Sled push", "equipment": 987654, "kind": "strength"})
		if !hasField(p, "equipment") {
			t.Errorf("missing equipment: %+v", p)
		}
		f.ExpectProblem(http.StatusConflict, "name_taken", "POST", "/api/exercises", map[string]any{"name": "BENCH PRESS", "kind": "strength"})
		f.ExpectProblem(http.StatusConflict, "equipment_in_use", "DELETE", fmt.Sprintf("/api/equipment/%d", rower.ID), nil)

		// Before any set: the kind may change, the equipment go.
		f.Expect(http.StatusOK, "PATCH", fmt.Sprintf("/api/exercises/%d", row.ID), map[string]any{"kind": "strength", "equipment": nil}, &row)
		if row.Kind != "strength" || row.Equipment != nil {
			t.Errorf("after PATCH: %+v", row)
		}
		f.Expect(http.StatusNoContent, "DELETE", fmt.Sprintf("/api/equipment/%d", rower.ID), nil, nil)
		f.ExpectProblem(http.StatusNotFound, "not_found", "GET", fmt.Sprintf("/api/equipment/%d", rower.ID), nil)
		f.Expect(http.StatusOK, "PUT", fmt.Sprintf("/api/exercises/%d", row.ID), map[string]any{"name": "Rowing", "kind": "cardio"}, &row)

		// Once a set uses it: no delete, no kind change; renaming is fine.
		ada := f.Customer("Ada")
		f.create(workout(ada, base.Add(-time.Hour), base, map[string]any{"exercise": row.ID, "duration_seconds": 600, "distance_m": 2000}))
		p = f.ExpectProblem(http.StatusConflict, "exercise_in_use", "DELETE", fmt.Sprintf("/api/exercises/%d", row.ID), nil)
		t.Logf("delete an exercise in use: %s", p.Detail)
		f.ExpectProblem(http.StatusConflict, "exercise_in_use", "PATCH", fmt.Sprintf("/api/exercises/%d", row.ID), map[string]any{"kind": "strength"})
		f.ExpectProblem(http.StatusConflict, "exercise_in_use", "PUT", fmt.Sprintf("/api/exercises/%d", row.ID), map[string]any{"name": "Rowing", "kind": "strength"})
		f.Expect(http.StatusOK, "PATCH", fmt.Sprintf("/api/exercises/%d", row.ID), map[string]any{"name": "Indoor rowing"}, &row)
		if row.Name != "Indoor rowing" || row.Kind != "cardio" {
			t.Errorf("after renaming: %+v", row)
		}

		// An unused seeded exercise can go; unknown ids are 404.
		f.Expect(http.StatusNoContent, "DELETE", fmt.Sprintf("/api/exercises/%d", f.exercise("Close-grip bench press")), nil, nil)
		for _, c := range []struct {
			method, path string
			body         any
		}{
			{"GET", "/api/exercises/987654", nil},
			{"PUT", "/api/exercises/987654", map[string]any{"name": "X", "kind": "cardio"}},
			{"PATCH", "/api/exercises/987654", map[string]any{"name": "X"}},
			{"DELETE", "/api/exercises/987654", nil},
			{"GET", "/api/equipment/987654", nil},
			{"PUT", "/api/equipment/987654", map[string]any{"name": "X", "kind": "cardio"}},
			{"PATCH", "/api/equipment/987654", map[string]any{"name": "X"}},
			{"DELETE", "/api/equipment/987654", nil},
			{"GET", "/api/equipment/abc", nil},
		} {
			f.ExpectProblem(http.StatusNotFound, "not_found", c.method, c.path, c.body)
		}
	})
}

func idOf(t *testing.T, list []workouts.EquipmentJSON, name string) int64 {
	t.Helper()
	for _, e := range list {
		if e.Name == name {
			return e.ID
		}
	}
	t.Fatalf("no equipment %q", name)
	return 0
}
