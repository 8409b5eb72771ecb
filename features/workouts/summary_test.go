package workouts_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/workouts"
)

// The summary's figures on an example worked by hand (gym in UTC).
//
//	W1 1 Mar 09:00–10:00 (60 min): bench press 8×60, 5×80, 3×90; treadmill run 1800 s, 5000 m
//	W2 2 Mar 18:00–18:45 (45 min): bench press 10×50; dumbbell curl 12×12.5;
//	                               treadmill run 1200 s, 4000 m; bike ride 900 s (no distance)
//	W3 3 Mar 07:00, in progress:   bench press 1×100
//	W4 1 Feb 10:00–11:30 (90 min): bench press 2×110; treadmill run 600 s, 2500 m; kettlebell swing 15×24
//	Bob's workout (never counted for Ada): bench press 1×200
func TestSummaryFigures(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		ada, bob := f.Customer("Ada"), f.Customer("Bob")
		at := func(s string) time.Time {
			v, _ := time.Parse(time.RFC3339, s)
			return v
		}
		f.create(workout(ada, at("2030-03-01T09:00:00Z"), at("2030-03-01T10:00:00Z"),
			f.strength("Bench press", 8, 60), f.strength("Bench press", 5, 80), f.strength("Bench press", 3, 90),
			f.cardio("Treadmill run", 1800, 5000)))
		f.create(workout(ada, at("2030-03-02T18:00:00Z"), at("2030-03-02T18:45:00Z"),
			f.strength("Bench press", 10, 50), f.strength("Dumbbell curl", 12, 12.5),
			f.cardio("Treadmill run", 1200, 4000), f.cardio("Stationary bike ride", 900, 0)))
		f.create(workout(ada, at("2030-03-03T07:00:00Z"), time.Time{}, f.strength("Bench press", 1, 100)))
		f.create(workout(ada, at("2030-02-01T10:00:00Z"), at("2030-02-01T11:30:00Z"),
			f.strength("Bench press", 2, 110), f.cardio("Treadmill run", 600, 2500), f.strength("Kettlebell swing", 15, 24)))
		f.create(workout(bob, at("2030-03-02T08:00:00Z"), at("2030-03-02T09:00:00Z"), f.strength("Bench press", 1, 200)))

		bench, curl := f.exercise("Bench press"), f.exercise("Dumbbell curl")
		run, bike, swing := f.exercise("Treadmill run"), f.exercise("Stationary bike ride"), f.exercise("Kettlebell swing")
		i64 := func(v int64) *int64 { return &v }
		f64 := func(v float64) *float64 { return &v }
		// All-time records, whatever the period:
		//	bench press: heaviest 110 (W4); e1RM max over every set, W4's
		//	  110 × (1 + 2/30) = 117.333 beating W3's 100 × (1 + 1/30) = 103.333
		//	curl: 12.5; 12.5 × (1 + 12/30) = 12.5 × 1.4 = 17.5
		//	treadmill run: longest 5000 (W1); best pace W4's 10 min / 2.5 km = 4.0
		//	  (W1: 30 min / 5 km = 6.0; W2: 20 min / 4 km = 5.0)
		//	bike: no weight, no distance: all null
		//	kettlebell swing (only in W4): 24; 24 × (1 + 15/30) = 36
		records := []workouts.PersonalRecord{
			{Exercise: curl, Name: "Dumbbell curl", Kind: "strength", HeaviestKg: f64(12.5), BestE1RMKg: f64(17.5)},
			{Exercise: bench, Name: "Bench press", Kind: "strength", HeaviestKg: f64(110), BestE1RMKg: f64(117.33)},
			{Exercise: swing, Name: "Kettlebell swing", Kind: "strength", HeaviestKg: f64(24), BestE1RMKg: f64(36)},
			{Exercise: run, Name: "Treadmill run", Kind: "cardio", LongestDistanceM: f64(5000), BestPaceMinPerKm: f64(4)},
			{Exercise: bike, Name: "Stationary bike ride", Kind: "cardio"},
		}

		// 1–3 March: W1, W2, W3.
		//	workouts 3; minutes 60 + 45 = 105 (W3 is in progress: 0)
		//	bench press: sets 3 + 1 + 1 = 5; reps 8 + 5 + 3 + 10 + 1 = 27;
		//	  volume 8×60 + 5×80 + 3×90 + 10×50 + 1×100 = 480 + 400 + 270 + 500 + 100 = 1750;
		//	  heaviest 100; e1RM: 60×(1+8/30) = 76, 80×(1+5/30) = 93.33, 90×(1+3/30) = 99,
		//	  50×(1+10/30) = 66.67, 100×(1+1/30) = 103.33 → 103.33 (not W4's 117.33)
		//	curl: 1 set, 12 reps, volume 12 × 12.5 = 150, heaviest 12.5, e1RM 17.5
		//	treadmill run: 2 sets, 1800 + 1200 = 3000 s, 5000 + 4000 = 9000 m, best pace 5.0 (W2)
		//	bike: 1 set, 900 s, distance and pace null
		got := f.summary(ada, "?from=2030-03-01&to=2030-03-03")
		want := workouts.SummaryJSON{Customer: ada, From: ptr("2030-03-01"), To: ptr("2030-03-03"), Workouts: 3, TotalMinutes: 105,
			Exercises: []workouts.ExerciseSummary{
				{Exercise: curl, Name: "Dumbbell curl", Kind: "strength", Sets: 1, Reps: i64(12), VolumeKg: f64(150), HeaviestKg: f64(12.5), BestE1RMKg: f64(17.5)},
				{Exercise: bench, Name: "Bench press", Kind: "strength", Sets: 5, Reps: i64(27), VolumeKg: f64(1750), HeaviestKg: f64(100), BestE1RMKg: f64(103.33)},
				{Exercise: run, Name: "Treadmill run", Kind: "cardio", Sets: 2, DurationSeconds: i64(3000), DistanceM: f64(9000), BestPaceMinPerKm: f64(5)},
				{Exercise: bike, Name: "Stationary bike ride", Kind: "cardio", Sets: 1, DurationSeconds: i64(900)},
			},
			PersonalRecords: records}
		expectSummary(t, "1-3 March", got, want)

		// From 2 March on: W2, W3. Workouts 2, 45 minutes; bench press 2 sets,
		// 10 + 1 = 11 reps, volume 500 + 100 = 600, heaviest 100, e1RM 103.33.
		got = f.summary(ada, "?from=2030-03-02")
		want.From, want.To, want.Workouts, want.TotalMinutes = ptr("2030-03-02"), nil, 2, 45
		want.Exercises = []workouts.ExerciseSummary{
			{Exercise: curl, Name: "Dumbbell curl", Kind: "strength", Sets: 1, Reps: i64(12), VolumeKg: f64(150), HeaviestKg: f64(12.5), BestE1RMKg: f64(17.5)},
			{Exercise: bench, Name: "Bench press", Kind: "strength", Sets: 2, Reps: i64(11), VolumeKg: f64(600), HeaviestKg: f64(100), BestE1RMKg: f64(103.33)},
			{Exercise: run, Name: "Treadmill run", Kind: "cardio", Sets: 1, DurationSeconds: i64(1200), DistanceM: f64(4000), BestPaceMinPerKm: f64(5)},
			{Exercise: bike, Name: "Stationary bike ride", Kind: "cardio", Sets: 1, DurationSeconds: i64(900)},
		}
		expectSummary(t, "from 2 March", got, want)

		// Everything: 4 workouts, 60 + 45 + 90 = 195 minutes; bench press
		// 6 sets, 29 reps, volume 1750 + 220 = 1970, heaviest 110, e1RM
		// 117.33; treadmill run 3 sets, 3600 s, 11500 m, pace 4.0; swing 1
		// set, 15 reps, volume 360.
		got = f.summary(ada, "")
		want.From, want.To, want.Workouts, want.TotalMinutes = nil, nil, 4, 195
		want.Exercises = []workouts.ExerciseSummary{
			{Exercise: curl, Name: "Dumbbell curl", Kind: "strength", Sets: 1, Reps: i64(12), VolumeKg: f64(150), HeaviestKg: f64(12.5), BestE1RMKg: f64(17.5)},
			{Exercise: bench, Name: "Bench press", Kind: "strength", Sets: 6, Reps: i64(29), VolumeKg: f64(1970), HeaviestKg: f64(110), BestE1RMKg: f64(117.33)},
			{Exercise: swing, Name: "Kettlebell swing", Kind: "strength", Sets: 1, Reps: i64(15), VolumeKg: f64(360), HeaviestKg: f64(24), BestE1RMKg: f64(36)},
			{Exercise: run, Name: "Treadmill run", Kind: "cardio", Sets: 3, DurationSeconds: i64(3600), DistanceM: f64(11500), BestPaceMinPerKm: f64(4)},
			{Exercise: bike, Name: "Stationary bike ride", Kind: "cardio", Sets: 1, DurationSeconds: i64(900)},
		}
		expectSummary(t, "all time", got, want)

		// Far bounds, in any time zone, are no bounds.
		got = f.summary(ada, "?from=0001-01-01&to=9999-12-31")
		if got.Workouts != 4 || got.TotalMinutes != 195 {
			t.Errorf("from 0001-01-01 to 9999-12-31: %+v", got)
		}
		var list []workouts.WorkoutJSON
		f.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/workouts?customer=%d&from=0001-01-01&to=9999-12-31", ada), nil, &list)
		if len(list) != 4 {
			t.Errorf("%d workouts from 0001-01-01 to 9999-12-31, want 4", len(list))
		}

		// A month without workouts: zeros, no exercises, the records still.
		got = f.summary(ada, "?from=2029-01-01&to=2029-01-31")
		want = workouts.SummaryJSON{Customer: ada, From: ptr("2029-01-01"), To: ptr("2029-01-31"),
			Exercises: []workouts.ExerciseSummary{}, PersonalRecords: records}
		expectSummary(t, "January 2029", got, want)

		// A customer who never trained: an empty summary, not a 404.
		cy := f.Customer("Cy")
		expectSummary(t, "Cy", f.summary(cy, ""), workouts.SummaryJSON{Customer: cy,
			Exercises: []workouts.ExerciseSummary{}, PersonalRecords: []workouts.PersonalRecord{}})

		// The shape: every figure present, null where it does not apply.
		var raw map[string]any
		f.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/customers/%d/workout_summary/", ada), nil, &raw)
		ex := raw["exercises"].([]any)[3].(map[string]any)
		if v, ok := ex["reps"]; !ok || v != nil || len(ex) != 11 {
			t.Errorf("a cardio exercise's figures: %v", ex)
		}

		f.ExpectProblem(http.StatusNotFound, "not_found", "GET", "/api/customers/987654/workout_summary", nil)
		for _, q := range []string{"?from=March", "?to=2030-02-30", "?from=2030-03-02&to=2030-03-01", "?from=2030-03-01T00:00:00Z"} {
			f.ExpectProblem(http.StatusUnprocessableEntity, "validation_failed", "GET",
				fmt.Sprintf("/api/customers/%d/workout_summary%s", ada, q), nil)
		}
	})
}

func (f *fixture) summary(customer int64, query string) workouts.SummaryJSON {
	f.t.Helper()
	var out workouts.SummaryJSON
	f.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/customers/%d/workout_summary%s", customer, query), nil, &out)
	return out
}

func expectSummary(t *testing.T, name string, got, want workouts.SummaryJSON) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", "  ")
		w, _ := json.MarshalIndent(want, "", "  ")
		t.Errorf("%s:\n got %s\nwant %s", name, g, w)
	}
}
