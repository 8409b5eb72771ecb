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

// records are a piece of equipment, an exercise on it and a workout with
// sets, for a refused request to leave as they are.
type records struct {
	equipment workouts.EquipmentJSON
	exercise  workouts.ExerciseJSON
	workout   workouts.WorkoutJSON
}

func (r records) equipmentPath() string { return fmt.Sprintf("/api/equipment/%d", r.equipment.ID) }
func (r records) exercisePath() string  { return fmt.Sprintf("/api/exercises/%d", r.exercise.ID) }
func (r records) workoutPath() string   { return workoutPath(r.workout.ID) }

// records adds a rower, rowing on it, and Ada's leg day: two sets,
// started two hours before base and finished an hour later.
func (f *fixture) records() records {
	f.t.Helper()
	var r records
	f.Expect(http.StatusCreated, "POST", "/api/equipment", map[string]any{"name": "Rower", "kind": "cardio"}, &r.equipment)
	f.Expect(http.StatusCreated, "POST", "/api/exercises",
		map[string]any{"name": "Rowing", "kind": "cardio", "equipment": r.equipment.ID}, &r.exercise)
	body := workout(f.Customer("Ada"), base.Add(-2*time.Hour), base.Add(-time.Hour),
		f.strength("Bench press", 5, 60), f.cardio("Treadmill run", 600, 2000))
	body["notes"] = "leg day"
	r.workout = f.create(body)
	return r
}

// state is what a refused request must leave as it was: the records read
// back over HTTP and the number of rows of each of the feature's tables.
type state struct {
	records
	rows [4]int64
}

func (f *fixture) state(r records) state {
	f.t.Helper()
	var s state
	f.Expect(http.StatusOK, "GET", r.equipmentPath(), nil, &s.equipment)
	f.Expect(http.StatusOK, "GET", r.exercisePath(), nil, &s.exercise)
	s.workout = f.get(r.workout.ID)
	for i, table := range []string{"workout_equipment", "workout_exercises", "workouts", "workout_sets"} {
		s.rows[i] = f.Count("SELECT COUNT(*) FROM " + table)
	}
	return s
}

// expectUnchanged fails t unless the records and row counts read back as
// before.
func (f *fixture) expectUnchanged(t *testing.T, before state) {
	t.Helper()
	if now := f.state(before.records); !reflect.DeepEqual(now, before) {
		t.Errorf("changed: %+v, was %+v", now, before)
	}
}

// TestPatchNull: null is refused with 422 naming the field, and nothing is
// written, even when the body also changes another field, for every PATCH
// field but the two nullable ones (an exercise's equipment, a workout's
// ended_at).
func TestPatchNull(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		r := f.records()
		bob := f.Customer("Bob")
		for _, c := range []struct {
			path   string
			fields []string
			change map[string]any // a valid change to send along
			other  map[string]any // the same, for a field change names
		}{
			{r.equipmentPath(), []string{"name", "kind"}, map[string]any{"name": "Rowing machine"}, map[string]any{"kind": "strength"}},
			{r.exercisePath(), []string{"name", "kind"},
				map[string]any{"name": "Indoor rowing", "equipment": nil}, map[string]any{"kind": "strength"}},
			{r.workoutPath(), []string{"customer", "started_at", "notes", "sets"},
				map[string]any{"notes": "changed", "ended_at": nil},
				map[string]any{"customer": bob, "started_at": base.Add(-3 * time.Hour).Format(time.RFC3339)}},
		} {
			for _, field := range c.fields {
				t.Run(c.path+" "+field, func(t *testing.T) {
					before := f.state(r)
					f.Call("PATCH", c.path, map[string]any{field: nil}).ExpectInvalid(t, field, "must not be null")
					f.expectUnchanged(t, before)
				})
				t.Run(c.path+" "+field+" with a valid change", func(t *testing.T) {
					body := map[string]any{field: nil}
					change := c.change
					if _, clash := change[field]; clash {
						change = c.other
					}
					for k, v := range change {
						body[k] = v
					}
					before := f.state(r)
					f.Call("PATCH", c.path, body).ExpectInvalid(t, field, "must not be null")
					f.expectUnchanged(t, before)
				})
			}
		}
	})
}

// TestPatchAbsentFields: a PATCH changes the fields given and leaves the
// others as stored; null clears the two nullable fields.
func TestPatchAbsentFields(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		r := f.records()
		bob := f.Customer("Bob")
		bench := f.exercise("Bench press")

		testenv.ExpectPatches(t, f.Client, r.equipmentPath(), r.equipment, []testenv.PatchCase[workouts.EquipmentJSON]{
			{Body: map[string]any{}, Change: func(*workouts.EquipmentJSON) {}},
			{Body: map[string]any{"name": "Rowing machine"}, Change: func(e *workouts.EquipmentJSON) { e.Name = "Rowing machine" }},
			{Body: map[string]any{"kind": "strength"}, Change: func(e *workouts.EquipmentJSON) { e.Kind = "strength" }},
			// Read-only fields sent back are ignored, null or not.
			{Body: map[string]any{"id": nil, "kind": "cardio"}, Change: func(e *workouts.EquipmentJSON) { e.Kind = "cardio" }},
		})

		testenv.ExpectPatches(t, f.Client, r.exercisePath(), r.exercise, []testenv.PatchCase[workouts.ExerciseJSON]{
			{Body: map[string]any{}, Change: func(*workouts.ExerciseJSON) {}},
			{Body: map[string]any{"name": "Indoor rowing"}, Change: func(e *workouts.ExerciseJSON) { e.Name = "Indoor rowing" }},
			{Body: map[string]any{"kind": "strength"}, Change: func(e *workouts.ExerciseJSON) { e.Kind = "strength" }},
			{Body: map[string]any{"equipment": nil}, Change: func(e *workouts.ExerciseJSON) { e.Equipment = nil }},
			{Body: map[string]any{"equipment": r.equipment.ID}, Change: func(e *workouts.ExerciseJSON) { e.Equipment = ptr(r.equipment.ID) }},
			{Body: map[string]any{"id": nil, "kind": "cardio"}, Change: func(e *workouts.ExerciseJSON) { e.Kind = "cardio" }},
		})

		started, ended := base.Add(-3*time.Hour), base.Add(-90*time.Minute)
		testenv.ExpectPatches(t, f.Client, r.workoutPath(), r.workout, []testenv.PatchCase[workouts.WorkoutJSON]{
			{Body: map[string]any{}, Change: func(*workouts.WorkoutJSON) {}},
			{Body: map[string]any{"customer": bob}, Change: func(w *workouts.WorkoutJSON) { w.Customer = bob }},
			{Body: map[string]any{"started_at": started.Format(time.RFC3339)}, Change: func(w *workouts.WorkoutJSON) { w.StartedAt = started }},
			{Body: map[string]any{"notes": "easy day"}, Change: func(w *workouts.WorkoutJSON) { w.Notes = "easy day" }},
			{Body: map[string]any{"notes": ""}, Change: func(w *workouts.WorkoutJSON) { w.Notes = "" }},
			{Body: map[string]any{"ended_at": nil}, Change: func(w *workouts.WorkoutJSON) { w.EndedAt = nil }},
			{Body: map[string]any{"ended_at": ended.Format(time.RFC3339)}, Change: func(w *workouts.WorkoutJSON) { w.EndedAt = &ended }},
			{Body: map[string]any{"sets": []any{f.strength("Bench press", 8, 45)}}, Change: func(w *workouts.WorkoutJSON) {
				w.Sets = []workouts.SetJSON{{Exercise: bench, Reps: ptr(8), WeightKg: ptr(45.0)}}
			}},
			{Body: map[string]any{"sets": []any{}}, Change: func(w *workouts.WorkoutJSON) { w.Sets = []workouts.SetJSON{} }},
			{Body: map[string]any{"id": nil, "notes": "again"}, Change: func(w *workouts.WorkoutJSON) { w.Notes = "again" }},
		})
	})
}

// TestPatchSchemas: the OpenAPI document publishes each PATCH field as its
// type, not nullable (null is refused), but for the two that null clears.
func TestPatchSchemas(t *testing.T) {
	f := newFixture(t, config.SQLite, testenv.Options{})
	f.ExpectPatchSchema(t, "EquipmentPatch", 3)
	f.ExpectPatchSchema(t, "ExercisePatch", 4, "equipment")
	f.ExpectPatchSchema(t, "WorkoutPatch", 6, "ended_at")
}
