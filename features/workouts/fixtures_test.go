package workouts_test

import (
	"context"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/workouts"
)

// createfixtures logs two weeks of valid workouts for each fixture
// customer, once: run again, it adds nothing.
func TestCreateFixtures(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{Timezone: "Europe/Madrid"})
		ctx := context.Background()
		feature := f.App.Registry.All()[0].(*workouts.Feature)
		if _, err := f.App.Service.CreateFixtures(ctx, false); err != nil {
			t.Fatal(err)
		}
		if err := feature.CreateFixtures(ctx, f.App.Service); err != nil {
			t.Fatal(err)
		}
		n, sets := f.Count("SELECT COUNT(*) FROM workouts"), f.Count("SELECT COUNT(*) FROM workout_sets")
		if n != 70 || sets == 0 {
			t.Errorf("%d workouts and %d sets, want 7 workouts for each of 10 customers", n, sets)
		}
		if err := feature.CreateFixtures(ctx, f.App.Service); err != nil {
			t.Fatal(err)
		}
		if again := f.Count("SELECT COUNT(*) FROM workouts"); again != n {
			t.Errorf("a second run added %d workouts", again-n)
		}
		var first int64
		f.App.DB.Raw("SELECT MIN(id) FROM customers").Scan(&first)
		s := f.summary(first, "")
		if s.Workouts != 7 || len(s.Exercises) != 6 || len(s.PersonalRecords) != 6 {
			t.Errorf("a fixture customer's summary: %+v", s)
		}
	})
}
