package workouts

import (
	"fmt"
	"strings"

	"github.com/gymtastic/gymtastic/migrations"
)

// Migrations creates the feature's tables and indexes and seeds the
// catalogue. The CHECK constraints repeat the API's bounds (bounds.go) as a
// last line of defence.
func (f *Feature) Migrations() []migrations.Migration {
	return []migrations.Migration{
		{ID: "workouts_0001_initial", Up: migrations.SQL(
			`CREATE TABLE workout_equipment (
				id {{id}},
				name VARCHAR(256) NOT NULL,
				kind VARCHAR(16) NOT NULL CHECK (kind IN ('strength', 'cardio'))
			)`,
			`CREATE UNIQUE INDEX ux_workout_equipment_name ON workout_equipment (lower(name))`,
			`CREATE TABLE workout_exercises (
				id {{id}},
				name VARCHAR(256) NOT NULL,
				equipment_id {{bigint}} REFERENCES workout_equipment (id) ON DELETE RESTRICT,
				kind VARCHAR(16) NOT NULL CHECK (kind IN ('strength', 'cardio'))
			)`,
			`CREATE UNIQUE INDEX ux_workout_exercises_name ON workout_exercises (lower(name))`,
			// Deleting equipment looks for its exercises.
			`CREATE INDEX ix_workout_exercises_equipment ON workout_exercises (equipment_id)`,
			`CREATE TABLE workouts (
				id {{id}},
				customer_id {{bigint}} NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
				started_at {{ts}} NOT NULL,
				ended_at {{ts}},
				notes TEXT NOT NULL DEFAULT '',
				CHECK (ended_at IS NULL OR ended_at > started_at)
			)`,
			// A customer's workouts by time: the list filtered by customer
			// (and from/to), the summary, and the cascade from customers.
			`CREATE INDEX ix_workouts_customer_started ON workouts (customer_id, started_at, id)`,
			// The list without a customer filter, in its order.
			`CREATE INDEX ix_workouts_started ON workouts (started_at, id)`,
			// The target of the sets' (workout_id, customer_id) foreign key.
			`CREATE UNIQUE INDEX ux_workouts_id_customer ON workouts (id, customer_id)`,
			// A set carries its workout's customer, kept equal by the
			// composite foreign key (ON UPDATE CASCADE follows a workout
			// moved to another customer), so that the summary reads one
			// customer's sets from ix_workout_sets_customer however large
			// the gym's log grows. A set's fields are those of its kind:
			// strength (reps and weight) or cardio (duration and the
			// optional rest), never both.
			`CREATE TABLE workout_sets (
				workout_id {{bigint}} NOT NULL,
				customer_id {{bigint}} NOT NULL,
				position INTEGER NOT NULL CHECK (position >= 0),
				exercise_id {{bigint}} NOT NULL REFERENCES workout_exercises (id) ON DELETE RESTRICT,
				reps INTEGER CHECK (reps BETWEEN 1 AND 1000),
				weight_kg {{float}} CHECK (weight_kg BETWEEN 0 AND 1000),
				duration_seconds INTEGER CHECK (duration_seconds BETWEEN 1 AND 86400),
				distance_m {{float}} CHECK (distance_m > 0 AND distance_m <= 1000000),
				calories INTEGER CHECK (calories BETWEEN 0 AND 20000),
				avg_heart_rate INTEGER CHECK (avg_heart_rate BETWEEN 30 AND 250),
				incline_percent {{float}} CHECK (incline_percent BETWEEN -10 AND 40),
				resistance_level INTEGER CHECK (resistance_level BETWEEN 0 AND 100),
				PRIMARY KEY (workout_id, position),
				FOREIGN KEY (workout_id, customer_id) REFERENCES workouts (id, customer_id) ON DELETE CASCADE ON UPDATE CASCADE,
				CHECK ((reps IS NOT NULL AND weight_kg IS NOT NULL AND duration_seconds IS NULL AND distance_m IS NULL
						AND calories IS NULL AND avg_heart_rate IS NULL AND incline_percent IS NULL AND resistance_level IS NULL)
					OR (duration_seconds IS NOT NULL AND reps IS NULL AND weight_kg IS NULL))
			)`,
			// The summary on PostgreSQL: one customer's sets by exercise.
			`CREATE INDEX ix_workout_sets_customer ON workout_sets (customer_id, exercise_id)`,
			// Deleting an exercise looks for its sets.
			`CREATE INDEX ix_workout_sets_exercise ON workout_sets (exercise_id)`,
			seedEquipmentSQL(),
			seedExercisesSQL(),
		)},
		// On SQLite, Gymtastic's lower() folds every letter, not only ASCII
		// (package database): the name indexes the built-in one built are rebuilt.
		{ID: "workouts_0002_unicode_lower", Up: migrations.Steps(
			migrations.ReindexLower("workout_equipment", "name", "ux_workout_equipment_name"),
			migrations.ReindexLower("workout_exercises", "name", "ux_workout_exercises_name"),
		)},
		// Names are now stored in Unicode NFC (core.Name): those stored
		// before are brought to it.
		{ID: "workouts_0003_nfc", Up: migrations.Steps(
			migrations.NFC("workout_equipment", "name", "name"),
			migrations.NFC("workout_exercises", "name", "name"),
		)},
	}
}

// seedEquipment is the gym's equipment, in id order.
var seedEquipment = []struct{ Name, Kind string }{
	{"Dumbbells", KindStrength},
	{"Bench press", KindStrength},
	{"Treadmill", KindCardio},
	{"Kettlebell", KindStrength},
	{"Stationary bike", KindCardio},
}

// seedExercises is what can be done with it, in id order; Equipment ""
// means none (body weight).
var seedExercises = []struct{ Name, Equipment, Kind string }{
	{"Dumbbell curl", "Dumbbells", KindStrength},
	{"Dumbbell shoulder press", "Dumbbells", KindStrength},
	{"Dumbbell row", "Dumbbells", KindStrength},
	{"Dumbbell lunge", "Dumbbells", KindStrength},
	{"Bench press", "Bench press", KindStrength},
	{"Incline bench press", "Bench press", KindStrength},
	{"Close-grip bench press", "Bench press", KindStrength},
	{"Kettlebell swing", "Kettlebell", KindStrength},
	{"Goblet squat", "Kettlebell", KindStrength},
	{"Kettlebell deadlift", "Kettlebell", KindStrength},
	{"Push-up", "", KindStrength},
	{"Treadmill run", "Treadmill", KindCardio},
	{"Treadmill walk", "Treadmill", KindCardio},
	{"Incline treadmill walk", "Treadmill", KindCardio},
	{"Stationary bike ride", "Stationary bike", KindCardio},
	{"Stationary bike intervals", "Stationary bike", KindCardio},
}

func seedEquipmentSQL() string {
	rows := make([]string, len(seedEquipment))
	for i, e := range seedEquipment {
		rows[i] = fmt.Sprintf("('%s', '%s')", e.Name, e.Kind)
	}
	return "INSERT INTO workout_equipment (name, kind) VALUES " + strings.Join(rows, ", ")
}

// seedExercisesSQL finds each exercise's equipment by name, inserting in
// the list's order so ids follow it.
func seedExercisesSQL() string {
	rows := make([]string, len(seedExercises))
	for i, e := range seedExercises {
		rows[i] = fmt.Sprintf("SELECT %d AS ord, '%s' AS name, '%s' AS equipment, '%s' AS kind", i, e.Name, e.Equipment, e.Kind)
	}
	return `INSERT INTO workout_exercises (name, equipment_id, kind)
		SELECT v.name, e.id, v.kind FROM (` + strings.Join(rows, " UNION ALL ") + `) v
		LEFT JOIN workout_equipment e ON e.name = v.equipment ORDER BY v.ord`
}
