package workouts

import "time"

// Kinds of exercise (and of equipment): a strength set has reps and a
// weight, a cardio set a duration.
const (
	KindStrength = "strength"
	KindCardio   = "cardio"
)

// Equipment is a piece of the gym's equipment.
type Equipment struct {
	ID   int64
	Name string
	Kind string
}

// TableName is the equipment table.
func (Equipment) TableName() string { return "workout_equipment" }

// Exercise is something a customer does and logs sets of.
type Exercise struct {
	ID   int64
	Name string
	// EquipmentID is nil for body-weight exercises.
	EquipmentID *int64
	Kind        string
}

// TableName is the exercises table.
func (Exercise) TableName() string { return "workout_exercises" }

// Workout is one training session of a customer.
type Workout struct {
	ID         int64
	CustomerID int64
	StartedAt  time.Time
	// EndedAt is nil while the workout is in progress.
	EndedAt *time.Time
	Notes   string
	// Sets are filled by reads, in order.
	Sets []WorkoutSet `gorm:"-"`
}

// TableName is the workouts table.
func (Workout) TableName() string { return "workouts" }

// WorkoutSet is one set of a workout, at its position (0 first). Strength
// sets carry Reps and WeightKg; cardio sets DurationSeconds and any of the
// rest.
type WorkoutSet struct {
	WorkoutID int64 `gorm:"primaryKey;autoIncrement:false"`
	Position  int   `gorm:"primaryKey;autoIncrement:false"`
	// CustomerID is the workout's, for the summary's index.
	CustomerID      int64
	ExerciseID      int64
	Reps            *int
	WeightKg        *float64
	DurationSeconds *int
	DistanceM       *float64 `gorm:"column:distance_m"`
	Calories        *int
	AvgHeartRate    *int
	InclinePercent  *float64
	ResistanceLevel *int
}

// TableName is the sets table.
func (WorkoutSet) TableName() string { return "workout_sets" }
