package workouts_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// Twenty appends to one workout at once all succeed, at consecutive
// positions; appends racing the workout's end either land before it or
// are refused with workout_finished, never lost or half-written.
func TestConcurrentAppends(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		const n = 20
		f := newFixture(t, kind, testenv.Options{})
		ada := f.Customer("Ada")
		w := f.create(workout(ada, base.Add(-time.Hour), time.Time{}, f.strength("Bench press", 5, 50)))

		race := func(extra func()) map[string]int {
			var wg sync.WaitGroup
			answers := make(chan string, n)
			for i := 0; i < n; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					r, err := f.Do("POST", workoutPath(w.ID)+"/sets", f.strength("Bench press", i+1, 50))
					switch {
					case err != nil:
						answers <- err.Error()
					case r.Status == http.StatusCreated:
						answers <- "created"
					default:
						answers <- fmt.Sprintf("%d %s", r.Status, r.Problem().Code)
					}
				}()
			}
			if extra != nil {
				extra()
			}
			wg.Wait()
			close(answers)
			got := map[string]int{}
			for a := range answers {
				got[a]++
			}
			return got
		}

		if got := race(nil); got["created"] != n {
			t.Fatalf("answers %v, want %d created", got, n)
		}
		checkPositions(t, f, w.ID, n+1)

		got := race(func() {
			f.Expect(http.StatusOK, "PATCH", workoutPath(w.ID), map[string]any{"ended_at": base.Format(time.RFC3339)}, nil)
		})
		if got["created"]+got["409 workout_finished"] != n {
			t.Fatalf("answers racing the end: %v", got)
		}
		checkPositions(t, f, w.ID, n+1+got["created"])
	})
}

// checkPositions checks a workout holds want sets at positions 0 to want-1.
func checkPositions(t *testing.T, f *fixture, workoutID int64, want int) {
	t.Helper()
	var positions []int
	if err := f.App.DB.Raw("SELECT position FROM workout_sets WHERE workout_id = ? ORDER BY position", workoutID).
		Scan(&positions).Error; err != nil {
		t.Fatal(err)
	}
	if len(positions) != want {
		t.Fatalf("%d sets, want %d", len(positions), want)
	}
	for i, p := range positions {
		if p != i {
			t.Fatalf("positions %v, want 0 to %d", positions, want-1)
		}
	}
	if got := f.get(workoutID); len(got.Sets) != want {
		t.Errorf("GET shows %d sets, want %d", len(got.Sets), want)
	}
}
