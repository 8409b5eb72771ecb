package workouts

import (
	"context"
	"time"

	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/api"
)

// SetJSON is one set as the API shows and takes it. The exercise's kind
// decides its fields: strength sets need reps and weight_kg; cardio sets
// need duration_seconds and may carry the other cardio fields. Absent
// fields are left out of answers; null is the same as absent.
type SetJSON struct {
	Exercise        int64    `json:"exercise" minimum:"1" maximum:"9007199254740991" doc:"Exercise id (a missing one → 422 naming sets[i].exercise)."`
	Reps            *int     `json:"reps,omitempty" nullable:"true" minimum:"1" maximum:"1000" doc:"Strength, required: repetitions, 1 to 1000."`
	WeightKg        *float64 `json:"weight_kg,omitempty" nullable:"true" minimum:"0" maximum:"1000" doc:"Strength, required: kg lifted, 0 (body weight) to 1000."`
	DurationSeconds *int     `json:"duration_seconds,omitempty" nullable:"true" minimum:"1" maximum:"86400" doc:"Cardio, required: 1 s to 24 hours."`
	DistanceM       *float64 `json:"distance_m,omitempty" nullable:"true" exclusiveMinimum:"0" maximum:"1000000" doc:"Cardio: metres, up to 1,000 km, and no faster than 100 km/h over duration_seconds."`
	Calories        *int     `json:"calories,omitempty" nullable:"true" minimum:"0" maximum:"20000" doc:"Cardio: kcal, 0 to 20,000."`
	AvgHeartRate    *int     `json:"avg_heart_rate,omitempty" nullable:"true" minimum:"30" maximum:"250" doc:"Cardio: beats per minute, 30 to 250."`
	InclinePercent  *float64 `json:"incline_percent,omitempty" nullable:"true" minimum:"-10" maximum:"40" doc:"Cardio: treadmill incline, -10 to 40 %."`
	ResistanceLevel *int     `json:"resistance_level,omitempty" nullable:"true" minimum:"0" maximum:"100" doc:"Cardio: machine resistance level, 0 to 100."`
}

// WorkoutJSON is a workout as the API shows and takes it.
type WorkoutJSON struct {
	ID        int64      `json:"id" readOnly:"true"`
	Customer  int64      `json:"customer" minimum:"1" maximum:"9007199254740991" doc:"Customer id (a missing one → 422); a customer token names only herself (another id → 403)."`
	StartedAt time.Time  `json:"started_at" doc:"RFC 3339 with an offset; from 2000 to a day after now."`
	EndedAt   *time.Time `json:"ended_at" required:"false" nullable:"true" doc:"null while the workout is in progress; after started_at, at most 24 hours later."`
	Notes     string     `json:"notes" required:"false" maxLength:"4000" doc:"Free text, may be empty."`
	Sets      []SetJSON  `json:"sets" required:"false" maxItems:"200" doc:"In order, at most 200. Optional on POST (default none); required on PUT ([] removes every set)."`
}

// NewWorkout is the body of POST /api/workouts: a WorkoutJSON whose
// customer a customer token may leave out (she logs her own workout).
type NewWorkout struct {
	ID        int64      `json:"id,omitempty" readOnly:"true"`
	Customer  int64      `json:"customer,omitempty" minimum:"1" maximum:"9007199254740991" doc:"Customer id; required of staff, optional for a customer token (herself; another id → 403). A missing one → 422."`
	StartedAt time.Time  `json:"started_at" doc:"RFC 3339 with an offset; from 2000 to a day after now."`
	EndedAt   *time.Time `json:"ended_at" required:"false" nullable:"true" doc:"null while the workout is in progress; after started_at, at most 24 hours later."`
	Notes     string     `json:"notes" required:"false" maxLength:"4000" doc:"Free text, may be empty."`
	Sets      []SetJSON  `json:"sets" required:"false" maxItems:"200" doc:"In order, at most 200; default none."`
}

// WorkoutPatch changes the fields given; "sets" replaces every set,
// "ended_at": null reopens the workout (ended_at is the one nullable
// field: null means in progress), and no other field may be null (empty
// notes are "", no sets []).
type WorkoutPatch struct {
	ID        *int64                  `json:"id,omitempty" readOnly:"true"`
	Customer  api.Patch[int64]        `json:"customer,omitempty" minimum:"1" maximum:"9007199254740991"`
	StartedAt api.Patch[time.Time]    `json:"started_at,omitempty"`
	EndedAt   api.Optional[time.Time] `json:"ended_at,omitempty"`
	Notes     api.Patch[string]       `json:"notes,omitempty" maxLength:"4000"`
	Sets      api.Patch[[]SetJSON]    `json:"sets,omitempty" maxItems:"200" doc:"Replaces every set; left out, the sets stay."`
}

func setOut(s *WorkoutSet) SetJSON {
	return SetJSON{Exercise: s.ExerciseID, Reps: s.Reps, WeightKg: s.WeightKg, DurationSeconds: s.DurationSeconds,
		DistanceM: s.DistanceM, Calories: s.Calories, AvgHeartRate: s.AvgHeartRate, InclinePercent: s.InclinePercent,
		ResistanceLevel: s.ResistanceLevel}
}

func (s *SetJSON) model() WorkoutSet {
	return WorkoutSet{ExerciseID: s.Exercise, Reps: s.Reps, WeightKg: s.WeightKg, DurationSeconds: s.DurationSeconds,
		DistanceM: s.DistanceM, Calories: s.Calories, AvgHeartRate: s.AvgHeartRate, InclinePercent: s.InclinePercent,
		ResistanceLevel: s.ResistanceLevel}
}

func setsIn(sets []SetJSON) []WorkoutSet {
	return api.Map(sets, (*SetJSON).model)
}

func workoutOut(w *Workout) WorkoutJSON {
	return WorkoutJSON{ID: w.ID, Customer: w.CustomerID, StartedAt: w.StartedAt.UTC(), EndedAt: api.UTCPtr(w.EndedAt),
		Notes: w.Notes, Sets: api.Map(w.Sets, setOut)}
}

type workoutBody struct {
	Body NewWorkout
}

type workoutUpdate struct {
	api.IDPath
	Body WorkoutJSON
}

type workoutPatch struct {
	api.IDPath
	Body WorkoutPatch
}

type setAppend struct {
	api.IDPath
	Body SetJSON
}

type workoutList struct {
	api.ListParams
	Customer int64  `query:"customer" minimum:"0" doc:"Customer id."`
	From     string `query:"from" doc:"Workouts started at or after this RFC 3339 time, or from the start of this gym-local date."`
	To       string `query:"to" doc:"Workouts started before this RFC 3339 time, or up to the end of this gym-local date."`
}

func (in *workoutList) filter(loc *time.Location) (workoutFilter, error) {
	wf := workoutFilter{CustomerID: in.Customer}
	var err error
	if wf.From, err = api.ParseBound("from", in.From, loc, false); err != nil {
		return wf, err
	}
	if wf.To, err = api.ParseBound("to", in.To, loc, true); err != nil {
		return wf, err
	}
	if !wf.From.IsZero() && !wf.To.IsZero() && !wf.To.After(wf.From) {
		return wf, core.Invalid("to", "must be after from (a date as to means the end of that day)")
	}
	return wf, nil
}

func (f *Feature) listWorkoutsHandler(ctx context.Context, in *workoutList) (*api.List[WorkoutJSON], error) {
	wf, err := in.filter(f.env.Location)
	if err != nil {
		return nil, err
	}
	rows, more, err := f.listWorkouts(ctx, wf, in.Page())
	if err != nil {
		return nil, err
	}
	return api.NewList(ctx, api.Map(rows, workoutOut), more, in.ListParams), nil
}

func (f *Feature) createWorkoutHandler(ctx context.Context, in *workoutBody) (*api.Created[WorkoutJSON], error) {
	b := &in.Body
	customer, err := core.ActAs(ctx, b.Customer)
	if err != nil {
		return nil, err
	}
	w, err := f.createWorkout(ctx, workoutInput{CustomerID: customer, StartedAt: b.StartedAt, EndedAt: b.EndedAt,
		Notes: b.Notes, Sets: setsIn(b.Sets), SetsGiven: true})
	if err != nil {
		return nil, err
	}
	return api.NewCreated(ctx, "workouts", w.ID, workoutOut(w)), nil
}

func (f *Feature) getWorkoutHandler(ctx context.Context, in *api.IDPath) (*api.Output[WorkoutJSON], error) {
	w, err := f.getWorkout(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &api.Output[WorkoutJSON]{Body: workoutOut(w)}, nil
}

func (f *Feature) replaceWorkout(ctx context.Context, in *workoutUpdate) (*api.Output[WorkoutJSON], error) {
	b := &in.Body
	if b.Sets == nil {
		return nil, core.Invalid("sets", "required on PUT, which replaces every set: send [] to remove them all, or use PATCH to keep them")
	}
	w, err := f.updateWorkout(ctx, in.ID, func(cur *workoutInput) error {
		// Once the workout is found hers: another's is 404 before the
		// body's customer is judged.
		if _, err := core.ActAs(ctx, b.Customer); err != nil {
			return err
		}
		*cur = workoutInput{CustomerID: b.Customer, StartedAt: b.StartedAt, EndedAt: b.EndedAt, Notes: b.Notes,
			Sets: setsIn(b.Sets), SetsGiven: true}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &api.Output[WorkoutJSON]{Body: workoutOut(w)}, nil
}

func (f *Feature) patchWorkout(ctx context.Context, in *workoutPatch) (*api.Output[WorkoutJSON], error) {
	b := &in.Body
	w, err := f.updateWorkout(ctx, in.ID, func(cur *workoutInput) error {
		if b.Customer.Set {
			if _, err := core.ActAs(ctx, b.Customer.Value); err != nil {
				return err
			}
		}
		b.Customer.Apply(&cur.CustomerID)
		b.StartedAt.Apply(&cur.StartedAt)
		b.Notes.Apply(&cur.Notes)
		if b.EndedAt.Set {
			cur.EndedAt = b.EndedAt.Value
		}
		if b.Sets.Set {
			cur.Sets, cur.SetsGiven = setsIn(b.Sets.Value), true
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &api.Output[WorkoutJSON]{Body: workoutOut(w)}, nil
}

func (f *Feature) deleteWorkoutHandler(ctx context.Context, in *api.IDPath) (*struct{}, error) {
	return nil, f.deleteWorkout(ctx, in.ID)
}

func (f *Feature) appendSetHandler(ctx context.Context, in *setAppend) (*api.Created[WorkoutJSON], error) {
	w, err := f.appendSet(ctx, in.ID, in.Body.model())
	if err != nil {
		return nil, err
	}
	return api.NewCreated(ctx, "workouts", w.ID, workoutOut(w)), nil
}
