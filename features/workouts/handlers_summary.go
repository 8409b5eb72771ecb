package workouts

import (
	"context"
	"fmt"
	"math"
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

// period is the summary's range of started_at (from inclusive, to
// exclusive); zero values do not bound it.
type period struct {
	From, To time.Time
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

// where is the SQL condition on w.started_at for the period, and its
// arguments.
func (p period) where() (string, []any) {
	switch {
	case !p.From.IsZero() && !p.To.IsZero():
		return "w.started_at >= ? AND w.started_at < ?", []any{core.SQLTime(p.From), core.SQLTime(p.To)}
	case !p.From.IsZero():
		return "w.started_at >= ?", []any{core.SQLTime(p.From)}
	case !p.To.IsZero():
		return "w.started_at < ?", []any{core.SQLTime(p.To)}
	}
	return "1 = 1", nil
}

func (f *Feature) getSummary(ctx context.Context, in *summaryParams) (*api.Output[SummaryJSON], error) {
	p, err := in.period(f.loc)
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

// summary computes a customer's summary in the database: one query over the
// period's workouts, one GROUP BY over the customer's sets, which answers
// at most two rows per exercise; no set is loaded. A customer finds only
// herself (core.OwnerOf): another customer is not found.
func (f *Feature) summary(ctx context.Context, customerID int64, p period) (*SummaryJSON, error) {
	db := f.db.WithContext(ctx)
	mine, args := ownedBy("id", core.OwnerOf(ctx))
	var ids []int64
	if err := db.Raw("SELECT id FROM customers WHERE id = ?"+mine, append([]any{customerID}, args...)...).
		Scan(&ids).Error; err != nil {
		return nil, fmt.Errorf("workout summary: %w", err)
	}
	if len(ids) == 0 {
		return nil, core.NotFound("customer", customerID)
	}
	var totals struct {
		Workouts int64
		Seconds  *float64
	}
	q, args := totalsQuery(f.kind, customerID, p)
	if err := db.Raw(q, args...).Scan(&totals).Error; err != nil {
		return nil, fmt.Errorf("workout summary: %w", err)
	}
	var rows []exerciseRow
	q, args = exercisesQuery(f.kind, customerID, p)
	if err := db.Raw(q, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("workout summary: %w", err)
	}
	out := &SummaryJSON{Customer: customerID, Workouts: totals.Workouts, Exercises: []ExerciseSummary{},
		PersonalRecords: []PersonalRecord{}}
	if totals.Seconds != nil {
		out.TotalMinutes = round2(*totals.Seconds / 60)
	}
	// Rows come by exercise, the sets outside the period (in_period 0)
	// before those in it: the period's figures are the second row's, the
	// records the best of both.
	for _, r := range rows {
		if n := len(out.PersonalRecords); n == 0 || out.PersonalRecords[n-1].Exercise != r.ExerciseID {
			out.PersonalRecords = append(out.PersonalRecords, PersonalRecord{Exercise: r.ExerciseID, Name: r.Name, Kind: r.Kind})
		}
		pr := &out.PersonalRecords[len(out.PersonalRecords)-1]
		pr.HeaviestKg = best(pr.HeaviestKg, r.HeaviestKg, math.Max)
		pr.BestE1RMKg = best(pr.BestE1RMKg, r.BestE1RMKg, math.Max)
		pr.LongestDistanceM = best(pr.LongestDistanceM, r.LongestDistanceM, math.Max)
		pr.BestPaceMinPerKm = best(pr.BestPaceMinPerKm, r.BestPace, math.Min)
		if r.InPeriod == 1 {
			out.Exercises = append(out.Exercises, ExerciseSummary{Exercise: r.ExerciseID, Name: r.Name, Kind: r.Kind,
				Sets: r.Sets, Reps: r.Reps, VolumeKg: round2p(r.VolumeKg), HeaviestKg: round2p(r.HeaviestKg),
				BestE1RMKg: round2p(r.BestE1RMKg), DurationSeconds: r.DurationSeconds, DistanceM: round2p(r.DistanceM),
				BestPaceMinPerKm: round2p(r.BestPace)})
		}
	}
	return out, nil
}
