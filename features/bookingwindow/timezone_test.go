package bookingwindow_test

import (
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/bookingwindow"
)

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// In a gym whose clocks change, a window opens at the session's own
// gym-local clock time, days earlier, whatever the offset then: a 07:00
// class the day after the spring change opens at 07:00 winter time, 14
// days less an hour before it (and after the autumn change, 14 days and an
// hour); it closes after elapsed minutes, not at a clock time.
func TestDaylightSavingWindow(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		paris := mustLoad(t, "Europe/Paris")
		f := newFixture(t, kind, testenv.Options{Timezone: "Europe/Paris", FeatureConfig: map[string]map[string]any{
			"booking_window": {"closes_minutes_before": 1440}}})
		for _, c := range []struct {
			name         string
			start, opens time.Time
			closes       time.Time
		}{
			{"after the spring change", time.Date(2030, 4, 1, 7, 0, 0, 0, paris),
				time.Date(2030, 3, 18, 6, 0, 0, 0, time.UTC), time.Date(2030, 3, 31, 5, 0, 0, 0, time.UTC)},
			{"after the autumn change", time.Date(2030, 10, 28, 7, 0, 0, 0, paris),
				time.Date(2030, 10, 14, 5, 0, 0, 0, time.UTC), time.Date(2030, 10, 27, 6, 0, 0, 0, time.UTC)},
			// Closing 1440 minutes before noon on the day of the spring
			// change is 11:00 the day before, by the clock.
			{"on the spring change", time.Date(2030, 3, 31, 12, 0, 0, 0, paris),
				time.Date(2030, 3, 17, 11, 0, 0, 0, time.UTC), time.Date(2030, 3, 30, 10, 0, 0, 0, time.UTC)},
		} {
			t.Run(c.name, func(t *testing.T) {
				if got := c.opens.In(paris); got.Hour() != c.start.Hour() {
					t.Fatalf("the case's opening is %s local, not the session's clock time", got)
				}
				f.Clock.Set(base)
				session := f.Session(f.yoga, c.start, 0)
				w := f.window(f.staff, session, "")
				if !w.OpensAt.Equal(c.opens) || !w.ClosesAt.Equal(c.closes) {
					t.Errorf("window %s – %s, want %s – %s", w.OpensAt, w.ClosesAt, c.opens, c.closes)
				}
				ada, bea, cy := f.Customer("Ada"), f.Customer("Bea"), f.Customer("Cy")
				expect(t, f.bookAs(c.opens.Add(-time.Microsecond), ada, session), "booking_not_open", c.opens)
				expect(t, f.bookAs(c.opens, ada, session), "", time.Time{})
				expect(t, f.bookAs(c.closes, bea, session), "", time.Time{})
				expect(t, f.bookAs(c.closes.Add(time.Microsecond), cy, session), "booking_closed", c.closes)
			})
		}
	})
}

// A clock time the clocks skip on the opening day moves forward by the
// gap; one they show twice is the first of the two; a zone whose change
// is half an hour (Lord Howe) is no different; UTC has no changes.
func TestOpensAtClockChanges(t *testing.T) {
	paris, lordHowe := mustLoad(t, "Europe/Paris"), mustLoad(t, "Australia/Lord_Howe")
	for _, c := range []struct {
		name        string
		start, want time.Time
		loc         *time.Location
	}{
		{"skipped: 02:30 on the spring change is 03:30 summer time", time.Date(2030, 4, 14, 2, 30, 0, 0, paris),
			time.Date(2030, 3, 31, 1, 30, 0, 0, time.UTC), paris},
		{"twice: 02:30 on the autumn change is the summer one", time.Date(2030, 11, 10, 2, 30, 0, 0, paris),
			time.Date(2030, 10, 27, 0, 30, 0, 0, time.UTC), paris},
		{"twice, half an hour: 01:45 on Lord Howe's change is the summer one", time.Date(2030, 4, 21, 1, 45, 0, 0, lordHowe),
			time.Date(2030, 4, 6, 14, 45, 0, 0, time.UTC), lordHowe},
		{"the hour after the repeated one", time.Date(2030, 11, 10, 3, 30, 0, 0, paris),
			time.Date(2030, 10, 27, 2, 30, 0, 0, time.UTC), paris},
		{"UTC", time.Date(2030, 3, 31, 2, 30, 0, 0, time.UTC), time.Date(2030, 3, 17, 2, 30, 0, 0, time.UTC), time.UTC},
		{"a month's end", time.Date(2030, 3, 1, 7, 0, 0, 123000, time.UTC), time.Date(2030, 2, 15, 7, 0, 0, 123000, time.UTC), time.UTC},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := bookingwindow.OpensAt(c.start, 14, c.loc); !got.Equal(c.want) {
				t.Errorf("opens at %s (%s local), want %s", got, got.In(c.loc), c.want)
			}
		})
	}
}
