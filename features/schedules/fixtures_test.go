package schedules_test

import (
	"context"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// createfixtures' timetable, made by the feature: the four classes as
// daily schedules from tomorrow to the horizon, four bookings a customer
// among their sessions; forced again, nothing is made twice.
func TestFixtureTimetable(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "Europe/London", nil)
		ctx := context.Background()
		for run, force := range []bool{false, true} {
			sum, err := f.App.Service.CreateFixturesWith(ctx, force, f.feature)
			if err != nil {
				t.Fatal(err)
			}
			wantMade, wantBookings := 4*55, 40
			if run == 1 {
				wantMade, wantBookings = 0, 0
			}
			if sum.Sessions != wantMade || sum.Bookings != wantBookings {
				t.Errorf("run %d: %+v, want %d sessions and %d bookings made", run, sum, wantMade, wantBookings)
			}
			if s, n := f.count("class_schedules"), f.count("class_sessions"); s != 4 || n != 220 {
				t.Errorf("run %d: %d schedules and %d sessions, want 4 and 220", run, s, n)
			}
		}
		var first []string
		f.App.DB.Raw("SELECT start_time FROM class_schedules ORDER BY id").Scan(&first)
		if len(first) != 4 || first[0] != "07:00" || first[3] != "19:30" {
			t.Errorf("schedules at %v", first)
		}
	})
}
