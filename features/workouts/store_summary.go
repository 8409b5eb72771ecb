package workouts

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
)

// period is the summary's range of started_at (from inclusive, to
// exclusive); zero values do not bound it.
type period struct {
	From, To time.Time
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

// summary computes a customer's summary in the database: one query over the
// period's workouts, one GROUP BY over the customer's sets, which answers
// at most two rows per exercise; no set is loaded. A customer finds only
// herself (core.OwnerOf): another customer is not found.
func (f *Feature) summary(ctx context.Context, customerID int64, p period) (*SummaryJSON, error) {
	db := f.env.DB.WithContext(ctx)
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
	q, args := totalsQuery(f.env.Kind, customerID, p)
	if err := db.Raw(q, args...).Scan(&totals).Error; err != nil {
		return nil, fmt.Errorf("workout summary: %w", err)
	}
	var rows []exerciseRow
	q, args = exercisesQuery(f.env.Kind, customerID, p)
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

// totalsQuery counts the period's workouts and sums their durations.
func totalsQuery(kind config.DatabaseKind, customerID int64, p period) (string, []any) {
	seconds := "(julianday(w.ended_at) - julianday(w.started_at)) * 86400"
	if kind == config.Postgres {
		seconds = "EXTRACT(EPOCH FROM (w.ended_at - w.started_at))"
	}
	cond, args := p.where()
	return "SELECT COUNT(*) AS workouts, SUM(" + seconds + ") AS seconds FROM workouts w WHERE w.customer_id = ? AND " + cond,
		append([]any{customerID}, args...)
}

// exerciseRow is one exercise's aggregates over the sets in the period
// (InPeriod 1) or outside it (0).
type exerciseRow struct {
	ExerciseID       int64
	InPeriod         int
	Name             string
	Kind             string
	Sets             int64
	Reps             *int64
	VolumeKg         *float64
	HeaviestKg       *float64
	BestE1RMKg       *float64 `gorm:"column:best_e1rm_kg"`
	DurationSeconds  *int64
	DistanceM        *float64 `gorm:"column:distance_m"`
	LongestDistanceM *float64 `gorm:"column:longest_distance_m"`
	BestPace         *float64
}

// exercisesQuery aggregates every set of the customer in one pass, grouped
// by exercise and by whether its workout started in the period. Strength
// aggregates of cardio sets (and the other way round) are NULL, as their
// columns are; distance_m is NULL or positive, so pace never divides by 0.
//
// PostgreSQL reads the customer's sets from ix_workout_sets_customer (left
// to choose, it would rather scan every set and hash-join them to the
// customer's workouts); SQLite is fastest looking the sets up by workout.
func exercisesQuery(kind config.DatabaseKind, customerID int64, p period) (string, []any) {
	cond, args := p.where()
	customer, cargs := "w.customer_id = ?", []any{customerID}
	if kind == config.Postgres {
		customer, cargs = "s.customer_id = ? AND w.customer_id = ?", []any{customerID, customerID}
	}
	q := `SELECT g.*, e.name, e.kind FROM (
		SELECT s.exercise_id, CASE WHEN ` + cond + ` THEN 1 ELSE 0 END AS in_period,
			COUNT(*) AS sets,
			SUM(s.reps) AS reps,
			SUM(s.weight_kg * s.reps) AS volume_kg,
			MAX(s.weight_kg) AS heaviest_kg,
			MAX(s.weight_kg * (1 + s.reps / 30.0)) AS best_e1rm_kg,
			SUM(s.duration_seconds) AS duration_seconds,
			SUM(s.distance_m) AS distance_m,
			MAX(s.distance_m) AS longest_distance_m,
			MIN((s.duration_seconds / 60.0) / (s.distance_m / 1000.0)) AS best_pace
		FROM workouts w JOIN workout_sets s ON s.workout_id = w.id
		WHERE ` + customer + `
		GROUP BY 1, 2
	) g JOIN workout_exercises e ON e.id = g.exercise_id
	ORDER BY g.exercise_id, g.in_period`
	return q, append(args, cargs...)
}

// best keeps the better of a record so far and a candidate (pick is
// math.Max or math.Min), rounded; nil means none.
func best(cur, v *float64, pick func(a, b float64) float64) *float64 {
	switch {
	case v == nil:
		return cur
	case cur == nil:
		return round2p(v)
	}
	r := round2(pick(*cur, *v))
	return &r
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

func round2p(v *float64) *float64 {
	if v == nil {
		return nil
	}
	r := round2(*v)
	return &r
}
