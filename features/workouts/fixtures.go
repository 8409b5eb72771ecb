package workouts

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/gymtastic/gymtastic/core"
)

// fixtureDays is how far back createfixtures logs workouts: every other
// day over two weeks, alternating strength and cardio.
const fixtureDays = 14

// CreateFixtures logs two weeks of workouts for each fixture customer who
// has none yet (so it can run again with --force), through the same
// validated write as the API. Seeded exercises an operator has removed are
// left out.
func (f *Feature) CreateFixtures(ctx context.Context, svc *core.Service) error {
	var exercises []Exercise
	if err := f.env.DB.WithContext(ctx).Find(&exercises).Error; err != nil {
		return fmt.Errorf("workouts fixtures: %w", err)
	}
	ids := map[string]int64{}
	for _, e := range exercises {
		ids[e.Name] = e.ID
	}
	today := svc.Now().In(svc.Location())
	for i, name := range core.FixtureCustomers {
		var rows []struct{ ID, Workouts int64 }
		email := strings.ToLower(name[0]+"."+name[1]) + "@example.com"
		if err := f.env.DB.WithContext(ctx).Raw(`SELECT c.id, (SELECT COUNT(*) FROM workouts w WHERE w.customer_id = c.id) AS workouts
			FROM customers c WHERE lower(c.email) = ?`, email).Scan(&rows).Error; err != nil {
			return fmt.Errorf("workouts fixtures: %w", err)
		}
		if len(rows) == 0 || rows[0].Workouts > 0 {
			continue
		}
		for day := fixtureDays; day >= 1; day-- {
			if (day+i)%2 != 0 {
				continue
			}
			start := time.Date(today.Year(), today.Month(), today.Day()-day, 7+(i%3)*5, 0, 0, 0, svc.Location())
			end := start.Add(time.Duration(45+5*(i%4)) * time.Minute)
			sets := fixtureSets(ids, i, fixtureDays-day, (day+i)/2%2 == 0)
			if len(sets) == 0 {
				continue
			}
			if _, err := f.createWorkout(ctx, workoutInput{CustomerID: rows[0].ID, StartedAt: start, EndedAt: &end,
				Sets: sets, SetsGiven: true}); err != nil {
				return fmt.Errorf("workouts fixtures: %w", err)
			}
		}
	}
	return nil
}

// fixtureSets is a strength or cardio session for fixture customer i,
// progress days into the fortnight (weights and distances grow with it).
func fixtureSets(ids map[string]int64, i, progress int, strength bool) []WorkoutSet {
	var out []WorkoutSet
	lift := func(name string, sets, reps int, kg float64) {
		if id, ok := ids[name]; ok {
			for range sets {
				out = append(out, WorkoutSet{ExerciseID: id, Reps: &reps, WeightKg: &kg})
			}
		}
	}
	cardio := func(name string, seconds int, metres float64) {
		if id, ok := ids[name]; ok {
			s := WorkoutSet{ExerciseID: id, DurationSeconds: &seconds}
			if metres > 0 {
				s.DistanceM = &metres
			}
			out = append(out, s)
		}
	}
	if strength {
		lift("Bench press", 3, 8, 40+2.5*float64(i+progress/4))
		lift("Dumbbell curl", 3, 12, 10+float64(i%3)*2)
		lift("Goblet squat", 3, 10, 16+4*float64(progress/7))
		lift("Kettlebell swing", 2, 15, 16)
		return out
	}
	cardio("Treadmill run", 1500+30*i, float64(4000+100*i+50*progress))
	cardio("Stationary bike ride", 900, 0)
	return out
}
