package latecancel_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/latecancel"
)

// Dates are days in the gym's time zone: at UTC+14 the day 2030-03-05 runs
// from 2030-03-04T10:00Z to 2030-03-05T10:00Z.
func TestReportDaysInGymTimeZone(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{Timezone: "Pacific/Kiritimati"})
		ada := f.Customer("Ada")
		yoga := f.ClassType("Yoga")
		var ids []int64
		for _, s := range []string{
			"2030-03-04T09:59:00Z", // 2030-03-04 23:59 local
			"2030-03-04T10:00:00Z", // 2030-03-05 00:00 local
			"2030-03-05T09:59:00Z", // 2030-03-05 23:59 local
			"2030-03-05T10:00:00Z", // 2030-03-06 00:00 local
		} {
			starts, _ := time.Parse(time.RFC3339, s)
			id := f.bookAt(ada, yoga, starts)
			f.cancelAt(id, starts.Add(-time.Minute))
			ids = append(ids, id)
		}
		got := f.report("?from=2030-03-05&to=2030-03-05")
		want := []latecancel.ReportRow{{Customer: ada, LateCancels: 2, Bookings: ids[1:3]}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("local day 2030-03-05: got %+v, want %+v", got, want)
		}
	})
}

// The cutoff is elapsed time: across the spring-forward night in New York,
// 720 minutes before noon is 23:00 the evening before, not midnight.
func TestCutoffAcrossDaylightSaving(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{Timezone: "America/New_York"})
		ny, err := time.LoadLocation("America/New_York")
		if err != nil {
			t.Skip(err)
		}
		ada := f.Customer("Ada")
		yoga := f.ClassType("Yoga")
		starts := time.Date(2030, 3, 10, 12, 0, 0, 0, ny) // clocks went forward at 02:00
		onTime := f.bookAt(ada, yoga, starts)
		late := f.bookAt(ada, yoga, starts.Add(time.Minute))
		// 23:00 EST on the 9th is exactly 720 minutes before 12:00 EDT.
		deadline := time.Date(2030, 3, 9, 23, 0, 0, 0, ny)
		if got := f.cancelAt(onTime, deadline).Status; got != core.StatusCancelled {
			t.Errorf("cancel at %s: %s", deadline, got)
		}
		if got := f.cancelAt(late, deadline.Add(30*time.Minute)).Status; got != core.StatusLateCancelled {
			t.Errorf("cancel 12.5 wall-clock hours but 11.5 real hours before: %s", got)
		}
	})
}
