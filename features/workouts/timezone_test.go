package workouts_test

import (
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/workouts"
)

// from/to are days in the gym's time zone, on started_at: at UTC+14 the
// day 2030-03-05 runs from 2030-03-04T10:00Z to 2030-03-05T10:00Z, at
// UTC-11 from 2030-03-05T11:00Z to 2030-03-06T11:00Z. A workout that
// crosses local midnight counts on the day it started.
func TestDaysInGymTimeZone(t *testing.T) {
	for _, tz := range []string{"Pacific/Kiritimati", "Pacific/Pago_Pago"} {
		t.Run(tz, func(t *testing.T) {
			loc, err := time.LoadLocation(tz)
			if err != nil {
				t.Skip(err)
			}
			testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
				f := newFixture(t, kind, testenv.Options{Timezone: tz})
				f.Clock.Set(time.Date(2030, 3, 10, 0, 0, 0, 0, time.UTC))
				ada := f.Customer("Ada")
				local := func(d, h, m int) time.Time { return time.Date(2030, 3, d, h, m, 0, 0, loc) }
				var ids []int64
				for _, w := range []struct{ start, end time.Time }{
					{local(4, 23, 59), local(5, 0, 29)}, // 4 March, crossing into the 5th: 30 min
					{local(5, 0, 0), local(5, 0, 40)},   // 5 March: 40 min
					{local(5, 23, 59), local(6, 0, 59)}, // 5 March, crossing into the 6th: 60 min
					{local(6, 0, 0), local(6, 0, 50)},   // 6 March: 50 min
				} {
					ids = append(ids, f.create(workout(ada, w.start, w.end, f.cardio("Treadmill walk", 600, 1000))).ID)
				}

				var list []workouts.WorkoutJSON
				f.Expect(http.StatusOK, "GET", "/api/workouts?from=2030-03-05&to=2030-03-05", nil, &list)
				if got := workoutIDs(list); !reflect.DeepEqual(got, ids[1:3]) {
					t.Errorf("workouts on local 5 March: %v, want %v", got, ids[1:3])
				}
				f.Expect(http.StatusOK, "GET", "/api/workouts?to=2030-03-04", nil, &list)
				if got := workoutIDs(list); !reflect.DeepEqual(got, ids[:1]) {
					t.Errorf("workouts up to local 4 March: %v, want %v", got, ids[:1])
				}

				// 40 + 60 minutes; two treadmill walks of 600 s and 1000 m.
				s := f.summary(ada, "?from=2030-03-05&to=2030-03-05")
				if s.Workouts != 2 || s.TotalMinutes != 100 || len(s.Exercises) != 1 || s.Exercises[0].Sets != 2 {
					t.Errorf("summary of local 5 March: %+v", s)
				}
				s = f.summary(ada, "?from=2030-03-06")
				if s.Workouts != 1 || s.TotalMinutes != 50 {
					t.Errorf("summary from local 6 March: %+v", s)
				}
				s = f.summary(ada, "?to=2030-03-05")
				if s.Workouts != 3 || s.TotalMinutes != 130 {
					t.Errorf("summary up to local 5 March: %+v", s)
				}
				if pr := s.PersonalRecords; len(pr) != 1 || pr[0].LongestDistanceM == nil || *pr[0].LongestDistanceM != 1000 {
					t.Errorf("records: %+v", pr)
				}
			})
		})
	}
}
