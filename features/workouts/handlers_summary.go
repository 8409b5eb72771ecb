package workouts

import (
	"context"
	"time"

	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/api"
)

// SummaryJSON is a customer's progress: the period's figures and the
// all-time personal records.
type SummaryJSON struct {
	Customer        int64             `json:"customer" doc:"Customer id."`
	From            *string           `json:"from" nullable:"true" format:"date" doc:"First gym-local day of the period, as asked; null: from the first workout."`
	To              *string           `json:"to" nullable:"true" format:"date" doc:"Last gym-local day of the period (inclusive), as asked; null: up to the last workout."`
	Workouts        int64             `json:"workouts" doc:"Workouts started in the period, finished or in progress."`
	TotalMinutes    float64           `json:"total_minutes" doc:"Minutes from started_at to ended_at, summed over the period's finished workouts."`
	Exercises       []ExerciseSummary `json:"exercises" doc:"Per exercise with sets in the period, by exercise id."`
	PersonalRecords []PersonalRecord  `json:"personal_records" doc:"All-time bests per exercise the customer ever logged, whatever from and to say, by exercise id."`
}

// ExerciseSummary is one exercise's figures over the period. Strength
// figures are null for cardio exercises and the other way round; distance
// and pace are null when no set carried a distance.
type ExerciseSummary struct {
	Exercise         int64    `json:"exercise" doc:"Exercise id."`
	Name             string   `json:"name"`
	Kind             string   `json:"kind" enum:"strength,cardio"`
	Sets             int64    `json:"sets"`
	Reps             *int64   `json:"reps" nullable:"true" doc:"Strength: repetitions, summed."`
	VolumeKg         *float64 `json:"volume_kg" nullable:"true" doc:"Strength: weight_kg × reps, summed."`
	HeaviestKg       *float64 `json:"heaviest_kg" nullable:"true" doc:"Strength: the heaviest set's weight_kg."`
	BestE1RMKg       *float64 `json:"best_e1rm_kg" nullable:"true" doc:"Strength: the best estimated one-rep max, Epley: weight_kg × (1 + reps / 30)."`
	DurationSeconds  *int64   `json:"duration_seconds" nullable:"true" doc:"Cardio: duration_seconds, summed."`
	DistanceM        *float64 `json:"distance_m" nullable:"true" doc:"Cardio: distance_m, summed."`
	BestPaceMinPerKm *float64 `json:"best_pace_min_per_km" nullable:"true" doc:"Cardio: the fastest set with a distance, in minutes per km (lower is faster)."`
}

// PersonalRecord is one exercise's all-time bests.
type PersonalRecord struct {
	Exercise         int64    `json:"exercise" doc:"Exercise id."`
	Name             string   `json:"name"`
	Kind             string   `json:"kind" enum:"strength,cardio"`
	HeaviestKg       *float64 `json:"heaviest_kg" nullable:"true" doc:"Strength: the heaviest weight_kg ever lifted."`
	BestE1RMKg       *float64 `json:"best_e1rm_kg" nullable:"true" doc:"Strength: the best Epley estimated one-rep max."`
	LongestDistanceM *float64 `json:"longest_distance_m" nullable:"true" doc:"Cardio: the longest distance_m of one set."`
	BestPaceMinPerKm *float64 `json:"best_pace_min_per_km" nullable:"true" doc:"Cardio: the fastest pace of one set, minutes per km."`
}

type summaryParams struct {
	api.IDPath
	From string `query:"from" doc:"A gym-local date (2026-03-01): workouts started on or after that day. Optional."`
	To   string `query:"to" doc:"A gym-local date: workouts started on or before that day (inclusive). Optional."`
}

func (in *summaryParams) period(loc *time.Location) (period, error) {
	var p period
	var err error
	if in.From != "" {
		if p.From, err = core.ParseDateBound(in.From, loc, false); err != nil {
			return p, core.Invalid("from", "%v", err)
		}
	}
	if in.To != "" {
		if p.To, err = core.ParseDateBound(in.To, loc, true); err != nil {
			return p, core.Invalid("to", "%v", err)
		}
	}
	if !p.From.IsZero() && !p.To.IsZero() && !p.To.After(p.From) {
		return p, core.Invalid("to", "must not be before from")
	}
	return p, nil
}

func (f *Feature) getSummary(ctx context.Context, in *summaryParams) (*api.Output[SummaryJSON], error) {
	p, err := in.period(f.env.Location)
	if err != nil {
		return nil, err
	}
	s, err := f.summary(ctx, in.ID, p)
	if err != nil {
		return nil, err
	}
	if in.From != "" {
		s.From = &in.From
	}
	if in.To != "" {
		s.To = &in.To
	}
	return &api.Output[SummaryJSON]{Body: *s}, nil
}
