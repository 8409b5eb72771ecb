package workouts

import (
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gymtastic/gymtastic/core"
)

// workoutInput is a workout's writable fields, as written.
type workoutInput struct {
	CustomerID int64
	StartedAt  time.Time
	EndedAt    *time.Time
	Notes      string
	// Sets replace the workout's sets when SetsGiven.
	Sets      []WorkoutSet
	SetsGiven bool
}

// exerciseRef is what validating a set needs to know of its exercise.
type exerciseRef struct {
	ID   int64
	Name string
	Kind string
}

// problems collects field errors, to report every problem of a body at
// once.
type problems []core.FieldError

func (p *problems) add(field, format string, args ...any) {
	*p = append(*p, core.FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// addErr adds the fields a refusal by one of core's checks names
// (CheckLines, CheckTime); nil adds nothing.
func (p *problems) addErr(err error) {
	if e, ok := core.AsError(err); ok {
		*p = append(*p, e.Fields...)
	}
}

// err is nil without problems, else one 422 validation_failed naming every
// field.
func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	parts := make([]string, len(p))
	for i, e := range p {
		parts[i] = e.Field + ": " + e.Message
	}
	return &core.Error{Status: http.StatusUnprocessableEntity, Code: "validation_failed",
		Detail: strings.Join(parts, "; "), Fields: p}
}

// checkWorkout checks a workout's own fields against now. Times outside
// the years 0001–9999 (core.CheckTime) and notes PostgreSQL cannot store
// or holding control characters besides tabs and line breaks
// (core.CheckLines) are refused alike on both databases.
func checkWorkout(in *workoutInput, now time.Time, p *problems) {
	latest := now.Add(FutureSlack)
	switch err := core.CheckTime("started_at", in.StartedAt); {
	case err != nil:
		p.addErr(err)
	case in.StartedAt.Before(Earliest):
		p.add("started_at", "must not be before %s", Earliest.Format(time.RFC3339))
	case in.StartedAt.After(latest):
		p.add("started_at", "is more than a day in the future (now is %s)", now.Format(time.RFC3339))
	}
	if in.EndedAt != nil {
		d := in.EndedAt.Sub(in.StartedAt)
		switch err := core.CheckTime("ended_at", *in.EndedAt); {
		case err != nil:
			p.addErr(err)
		case d <= 0:
			p.add("ended_at", "must be after started_at")
		case d > MaxWorkoutDuration:
			p.add("ended_at", "a workout lasts at most 24 hours; this one lasts %s", d.Round(time.Minute))
		case in.EndedAt.After(latest):
			p.add("ended_at", "is more than a day in the future (now is %s)", now.Format(time.RFC3339))
		}
	}
	p.addErr(core.CheckLines("notes", in.Notes))
	if n := utf8.RuneCountInString(in.Notes); n > MaxNotesLength {
		p.add("notes", "at most %d characters, got %d", MaxNotesLength, n)
	}
	if in.SetsGiven && len(in.Sets) > MaxSets {
		p.add("sets", "a workout holds at most %d sets, got %d", MaxSets, len(in.Sets))
	}
}

// checkSet checks one set against its exercise (nil when it does not
// exist); prefix names the set in errors ("sets[3]", or "" for a set
// appended on its own).
func checkSet(prefix string, s *WorkoutSet, ex *exerciseRef, p *problems) {
	name := func(field string) string {
		if prefix == "" {
			return field
		}
		return prefix + "." + field
	}
	if ex == nil {
		p.add(name("exercise"), "exercise %d does not exist", s.ExerciseID)
		return
	}
	otherKind := KindCardio
	if ex.Kind == KindCardio {
		otherKind = KindStrength
	}
	other := func(field string, set bool) {
		if set {
			p.add(name(field), "a %s field, not allowed on a set of exercise %d (%s), which is %s", otherKind, ex.ID, ex.Name, ex.Kind)
		}
	}
	required := func(field string, set bool) {
		if !set {
			p.add(name(field), "required for a %s set (exercise %d, %s)", ex.Kind, ex.ID, ex.Name)
		}
	}
	if ex.Kind == KindStrength {
		required("reps", s.Reps != nil)
		required("weight_kg", s.WeightKg != nil)
		other("duration_seconds", s.DurationSeconds != nil)
		other("distance_m", s.DistanceM != nil)
		other("calories", s.Calories != nil)
		other("avg_heart_rate", s.AvgHeartRate != nil)
		other("incline_percent", s.InclinePercent != nil)
		other("resistance_level", s.ResistanceLevel != nil)
	} else {
		required("duration_seconds", s.DurationSeconds != nil)
		other("reps", s.Reps != nil)
		other("weight_kg", s.WeightKg != nil)
	}
	intIn(p, name("reps"), s.Reps, 1, MaxReps)
	floatIn(p, name("weight_kg"), s.WeightKg, 0, MaxWeightKg)
	intIn(p, name("duration_seconds"), s.DurationSeconds, 1, MaxSetSeconds)
	if s.DistanceM != nil && (*s.DistanceM <= 0 || *s.DistanceM > MaxDistanceM) {
		p.add(name("distance_m"), "must be more than 0 and at most %d", MaxDistanceM)
	}
	intIn(p, name("calories"), s.Calories, 0, MaxCalories)
	intIn(p, name("avg_heart_rate"), s.AvgHeartRate, MinHeartRate, MaxHeartRate)
	floatIn(p, name("incline_percent"), s.InclinePercent, MinInclinePercent, MaxInclinePercent)
	intIn(p, name("resistance_level"), s.ResistanceLevel, 0, MaxResistanceLevel)
	if s.DistanceM != nil && s.DurationSeconds != nil && *s.DurationSeconds > 0 {
		if kmh := *s.DistanceM / 1000 / (float64(*s.DurationSeconds) / 3600); kmh > MaxSpeedKmh {
			p.add(name("distance_m"), "%.0f m in %d s is %.0f km/h; at most %d km/h is plausible (distance is in metres, duration in seconds)",
				*s.DistanceM, *s.DurationSeconds, kmh, MaxSpeedKmh)
		}
	}
}

func intIn(p *problems, field string, v *int, lo, hi int) {
	if v != nil && (*v < lo || *v > hi) {
		p.add(field, "must be between %d and %d, got %d", lo, hi, *v)
	}
}

func floatIn(p *problems, field string, v *float64, lo, hi float64) {
	if v != nil && (*v < lo || *v > hi) {
		p.add(field, "must be between %g and %g, got %g", lo, hi, *v)
	}
}
