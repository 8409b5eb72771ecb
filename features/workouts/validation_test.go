package workouts_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// Each kind of set takes its own fields, within bounds. A set is sent as
// the fourth of a workout (index 3) after three good ones, so every error
// must name sets[3]; a refused workout writes nothing.
func TestSetValidation(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		ada := f.Customer("Ada")
		bench, run, bike := f.exercise("Bench press"), f.exercise("Treadmill run"), f.exercise("Stationary bike ride")
		type set = map[string]any
		cases := []struct {
			name  string
			set   set
			field string // "" means accepted
		}{
			// Strength.
			{"strength", set{"exercise": bench, "reps": 8, "weight_kg": 40.0}, ""},
			{"strength, body weight", set{"exercise": bench, "reps": 8, "weight_kg": 0}, ""},
			{"strength, the bounds", set{"exercise": bench, "reps": 1000, "weight_kg": 1000}, ""},
			{"strength, cardio fields null", set{"exercise": bench, "reps": 1, "weight_kg": 1, "distance_m": nil, "calories": nil}, ""},
			{"strength without reps", set{"exercise": bench, "weight_kg": 40}, "sets[3].reps"},
			{"strength without weight", set{"exercise": bench, "reps": 8}, "sets[3].weight_kg"},
			{"strength with reps null", set{"exercise": bench, "reps": nil, "weight_kg": 40}, "sets[3].reps"},
			{"strength, 0 reps", set{"exercise": bench, "reps": 0, "weight_kg": 40}, "sets[3].reps"},
			{"strength, 1001 reps", set{"exercise": bench, "reps": 1001, "weight_kg": 40}, "sets[3].reps"},
			{"strength, negative weight", set{"exercise": bench, "reps": 8, "weight_kg": -2.5}, "sets[3].weight_kg"},
			{"strength, 2,000 kg", set{"exercise": bench, "reps": 1, "weight_kg": 2000}, "sets[3].weight_kg"},
			{"strength with a duration", set{"exercise": bench, "reps": 8, "weight_kg": 40, "duration_seconds": 60}, "sets[3].duration_seconds"},
			{"strength with a distance", set{"exercise": bench, "reps": 8, "weight_kg": 40, "distance_m": 100}, "sets[3].distance_m"},
			{"strength with calories", set{"exercise": bench, "reps": 8, "weight_kg": 40, "calories": 10}, "sets[3].calories"},
			{"strength with a heart rate", set{"exercise": bench, "reps": 8, "weight_kg": 40, "avg_heart_rate": 120}, "sets[3].avg_heart_rate"},
			{"strength with an incline", set{"exercise": bench, "reps": 8, "weight_kg": 40, "incline_percent": 2}, "sets[3].incline_percent"},
			{"strength with a resistance", set{"exercise": bench, "reps": 8, "weight_kg": 40, "resistance_level": 2}, "sets[3].resistance_level"},
			// Cardio.
			{"cardio", set{"exercise": run, "duration_seconds": 1800, "distance_m": 5000}, ""},
			{"cardio, duration only", set{"exercise": bike, "duration_seconds": 1}, ""},
			{"cardio, every field", set{"exercise": bike, "duration_seconds": 3600, "distance_m": 30000, "calories": 600,
				"avg_heart_rate": 140, "incline_percent": -10, "resistance_level": 12}, ""},
			{"cardio, the bounds", set{"exercise": bike, "duration_seconds": 86400, "distance_m": 1000000, "calories": 20000,
				"avg_heart_rate": 250, "incline_percent": 40, "resistance_level": 100}, ""},
			{"cardio, decimals", set{"exercise": run, "duration_seconds": 1234, "distance_m": 4321.5, "incline_percent": 2.5}, ""},
			{"cardio without a duration", set{"exercise": run, "distance_m": 5000}, "sets[3].duration_seconds"},
			{"cardio with reps", set{"exercise": run, "duration_seconds": 600, "reps": 10}, "sets[3].reps"},
			{"cardio with a weight", set{"exercise": run, "duration_seconds": 600, "weight_kg": 5}, "sets[3].weight_kg"},
			{"cardio, 0 s", set{"exercise": run, "duration_seconds": 0}, "sets[3].duration_seconds"},
			{"cardio, a 30-hour ride", set{"exercise": bike, "duration_seconds": 30 * 3600}, "sets[3].duration_seconds"},
			{"cardio, 0 m", set{"exercise": run, "duration_seconds": 600, "distance_m": 0}, "sets[3].distance_m"},
			{"cardio, over 1,000 km", set{"exercise": bike, "duration_seconds": 86400, "distance_m": 1000001}, "sets[3].distance_m"},
			{"cardio, 300 km/h", set{"exercise": run, "duration_seconds": 600, "distance_m": 50000}, "sets[3].distance_m"},
			{"cardio, 100 km/h", set{"exercise": bike, "duration_seconds": 36, "distance_m": 1000}, ""},
			{"cardio, negative calories", set{"exercise": run, "duration_seconds": 600, "calories": -1}, "sets[3].calories"},
			{"cardio, 20,001 kcal", set{"exercise": run, "duration_seconds": 600, "calories": 20001}, "sets[3].calories"},
			{"cardio, heart rate 29", set{"exercise": run, "duration_seconds": 600, "avg_heart_rate": 29}, "sets[3].avg_heart_rate"},
			{"cardio, heart rate 251", set{"exercise": run, "duration_seconds": 600, "avg_heart_rate": 251}, "sets[3].avg_heart_rate"},
			{"cardio, incline 41 %", set{"exercise": run, "duration_seconds": 600, "incline_percent": 41}, "sets[3].incline_percent"},
			{"cardio, incline -11 %", set{"exercise": run, "duration_seconds": 600, "incline_percent": -11}, "sets[3].incline_percent"},
			{"cardio, resistance 101", set{"exercise": bike, "duration_seconds": 600, "resistance_level": 101}, "sets[3].resistance_level"},
			{"cardio, resistance -1", set{"exercise": bike, "duration_seconds": 600, "resistance_level": -1}, "sets[3].resistance_level"},
			// Either kind.
			{"a missing exercise", set{"exercise": 987654, "reps": 8, "weight_kg": 40}, "sets[3].exercise"},
			{"no exercise", set{"reps": 8, "weight_kg": 40}, "sets[3].exercise"},
			{"exercise 0", set{"exercise": 0, "reps": 8, "weight_kg": 40}, "sets[3].exercise"},
			{"an unknown field", set{"exercise": bench, "reps": 8, "weight_kg": 40, "tempo": "3-1-1"}, "sets[3].tempo"},
			{"reps as text", set{"exercise": bench, "reps": "8", "weight_kg": 40}, "sets[3].reps"},
			{"reps not whole", set{"exercise": bench, "reps": 8.5, "weight_kg": 40}, "sets[3].reps"},
		}
		good := []map[string]any{f.strength("Bench press", 5, 60), f.cardio("Treadmill run", 600, 2000), f.strength("Push-up", 20, 0)}
		started := base.Add(-2 * time.Hour)
		accepted := int64(0)
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				body := workout(ada, started, started.Add(time.Hour), append(append([]map[string]any{}, good...), c.set)...)
				if c.field == "" {
					f.Expect(http.StatusCreated, "POST", "/api/workouts", body, nil)
					accepted++
					return
				}
				p := f.ExpectProblem(http.StatusUnprocessableEntity, "validation_failed", "POST", "/api/workouts", body)
				if !hasField(p, c.field) {
					t.Errorf("problem %+v, want one naming %s", p, c.field)
				}
			})
		}
		if n := f.Count("SELECT COUNT(*) FROM workouts"); n != accepted {
			t.Errorf("%d workouts stored, want the %d accepted: a refused one wrote", n, accepted)
		}
		if n := f.Count("SELECT COUNT(*) FROM workout_sets"); n != 4*accepted {
			t.Errorf("%d sets stored, want %d", n, 4*accepted)
		}

		// Every problem of a body at once, each naming its set.
		p := f.ExpectProblem(http.StatusUnprocessableEntity, "validation_failed", "POST", "/api/workouts",
			workout(987654, started, started.Add(-time.Minute), f.strength("Bench press", 5, 60),
				map[string]any{"exercise": run, "reps": 3, "duration_seconds": 60},
				map[string]any{"exercise": bench, "reps": 3}))
		for _, field := range []string{"customer", "ended_at", "sets[1].reps", "sets[2].weight_kg"} {
			if !hasField(p, field) {
				t.Errorf("problem %+v does not name %s", p, field)
			}
		}
		if len(p.Errors) != 4 {
			t.Errorf("%d errors, want 4: %+v", len(p.Errors), p.Errors)
		}
	})
}

// The workout's own fields: times plausible and in order, at most 24
// hours, notes and sets bounded, an existing customer. Workouts may cross
// midnight, and a customer may log several a day.
func TestWorkoutValidation(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		ada := f.Customer("Ada")
		at := func(s string) time.Time {
			v, err := time.Parse(time.RFC3339, s)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		many := make([]map[string]any, 201)
		for i := range many {
			many[i] = f.strength("Dumbbell curl", 10, 10)
		}
		cases := []struct {
			name  string
			body  map[string]any
			field string // "" means accepted
		}{
			{"across midnight", workout(ada, at("2030-03-01T23:30:00Z"), at("2030-03-02T00:45:00Z")), ""},
			{"a second that day", workout(ada, at("2030-03-01T07:00:00Z"), at("2030-03-01T08:00:00Z")), ""},
			{"a third that day", workout(ada, at("2030-03-01T12:00:00Z"), at("2030-03-01T12:20:00Z")), ""},
			{"in an offset", workout(ada, at("2030-03-01T06:00:00-05:00"), at("2030-03-01T07:00:00-05:00")), ""},
			{"exactly 24 hours", workout(ada, at("2030-03-01T00:00:00Z"), at("2030-03-02T00:00:00Z")), ""},
			{"in progress", workout(ada, at("2030-03-04T08:00:00Z"), time.Time{}), ""},
			{"started up to a day ahead", workout(ada, base.Add(24*time.Hour), time.Time{}), ""},
			{"200 sets", workout(ada, base.Add(-time.Hour), time.Time{}, many[:200]...), ""},
			{"ends before it starts", workout(ada, at("2030-03-01T10:00:00Z"), at("2030-03-01T09:59:00Z")), "ended_at"},
			{"ends as it starts", workout(ada, at("2030-03-01T10:00:00Z"), at("2030-03-01T10:00:00Z")), "ended_at"},
			{"30 hours", workout(ada, at("2030-03-01T00:00:00Z"), at("2030-03-02T06:00:00Z")), "ended_at"},
			{"started in 1999", workout(ada, at("1999-12-31T10:00:00Z"), time.Time{}), "started_at"},
			{"started two days ahead", workout(ada, base.Add(48*time.Hour), time.Time{}), "started_at"},
			{"ends two days ahead", workout(ada, base.Add(20*time.Hour), base.Add(48*time.Hour)), "ended_at"},
			{"201 sets", workout(ada, base.Add(-time.Hour), time.Time{}, many...), "sets"},
			{"a missing customer", workout(987654, base.Add(-time.Hour), time.Time{}), "customer"},
			{"no customer", map[string]any{"started_at": base.Format(time.RFC3339)}, "customer"},
			{"no start", map[string]any{"customer": ada}, "started_at"},
			{"a start without offset", map[string]any{"customer": ada, "started_at": "2030-03-01T10:00:00"}, "started_at"},
			{"a date as start", map[string]any{"customer": ada, "started_at": "2030-03-01"}, "started_at"},
			{"notes too long", map[string]any{"customer": ada, "started_at": base.Format(time.RFC3339),
				"notes": strings.Repeat("a", 4001)}, "notes"},
			{"an unknown field", map[string]any{"customer": ada, "started_at": base.Format(time.RFC3339), "mood": "great"}, "mood"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				if c.field == "" {
					f.Expect(http.StatusCreated, "POST", "/api/workouts", c.body, nil)
					return
				}
				p := f.ExpectProblem(http.StatusUnprocessableEntity, "validation_failed", "POST", "/api/workouts", c.body)
				if !hasField(p, c.field) && !strings.Contains(p.Detail, c.field) {
					t.Errorf("problem %+v, want one naming %s", p, c.field)
				}
			})
		}
		f.ExpectProblem(http.StatusBadRequest, "malformed_json", "POST", "/api/workouts", `{"customer": `)
		var day []struct{ ID int64 }
		f.Expect(http.StatusOK, "GET", "/api/workouts?from=2030-03-01&to=2030-03-01", nil, &day)
		if len(day) != 5 {
			t.Errorf("%d workouts on 1 March, want 5", len(day))
		}
	})
}
