package workouts

import "time"

// Bounds on what a workout may hold: generous for any gym-goer, tight
// enough to catch a typo (a 2,000 kg set, a 30-hour ride). The migrations'
// CHECK constraints repeat the per-set ones, and openapi_test.go checks the
// published schema carries the same numbers.
const (
	// MaxSets is the most sets one workout holds.
	MaxSets = 200
	// MaxReps is the most repetitions in one strength set.
	MaxReps = 1000
	// MaxWeightKg is the heaviest strength set, in kg (the heaviest lifts
	// ever recorded are about half of it).
	MaxWeightKg = 1000
	// MaxSetSeconds is the longest cardio set: 24 hours.
	MaxSetSeconds = 24 * 60 * 60
	// MaxDistanceM is the longest cardio set distance: 1,000 km.
	MaxDistanceM = 1_000_000
	// MaxSpeedKmh is the fastest average speed a cardio set's distance and
	// duration may imply (faster is a unit mistake: km for m, minutes for
	// seconds).
	MaxSpeedKmh = 100
	// MaxCalories is the most kcal one cardio set may burn.
	MaxCalories = 20_000
	// MinHeartRate and MaxHeartRate bound avg_heart_rate, in beats per
	// minute.
	MinHeartRate = 30
	MaxHeartRate = 250
	// MinInclinePercent and MaxInclinePercent bound a treadmill's incline
	// (decline trainers go negative).
	MinInclinePercent = -10
	MaxInclinePercent = 40
	// MaxResistanceLevel is the highest resistance level of a machine.
	MaxResistanceLevel = 100
	// MaxNotesLength is the longest notes, in characters.
	MaxNotesLength = 4000
	// MaxWorkoutDuration is the longest workout, started_at to ended_at.
	MaxWorkoutDuration = 24 * time.Hour
	// FutureSlack is how far after now a workout's times may be: a phone's
	// clock or time zone may be wrong, but not by more than a day.
	FutureSlack = 24 * time.Hour
)

// Earliest is the earliest started_at accepted: an instant (the error
// gives it in RFC 3339), not a gym-local date, as it only keeps out
// mistyped years.
var Earliest = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
