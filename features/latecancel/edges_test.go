package latecancel_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// The report's from/to at both ends of the years Gymtastic stores, in a
// gym at UTC+14 (Kiritimati): its gym-local day 9999-12-31 ends at
// 9999-12-31T10:00Z, and before 1900, in its local mean time of -10:29:20,
// its day 0000-12-31 ends at 0001-01-01T10:29:20Z. A bound that could
// match nothing is refused naming the parameter.
func TestReportAtTheEdgesOfTime(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{Timezone: "Pacific/Kiritimati"})
		yoga := f.ClassType("Yoga")
		ada := f.Customer("Ada")
		lateCancel := func(clock, starts string) {
			now, _ := time.Parse(time.RFC3339, clock)
			at, _ := time.Parse(time.RFC3339, starts)
			f.Clock.Set(now)
			var out testenv.ID
			f.Expect(http.StatusCreated, "POST", "/api/bookings",
				map[string]any{"customer": ada, "class_session": f.Session(yoga, at, 0)}, &out)
			if got := f.cancelAt(out.ID, at.Add(-time.Minute)).Status; got != "late_cancelled" {
				t.Fatalf("cancel a minute before %s: %s", starts, got)
			}
		}
		lateCancel("0001-01-01T00:00:00Z", "0001-01-01T09:00:00Z")
		lateCancel("9999-12-30T00:00:00Z", "9999-12-31T09:00:00Z")
		lateCancel("9999-12-30T00:00:00Z", "9999-12-31T10:00:00Z")
		lateCancel("9999-12-30T00:00:00Z", "9999-12-31T23:59:59Z")
		for query, want := range map[string]int64{
			"":                               4,
			"?from=9999-12-31":               3,
			"?to=9999-12-31":                 2,
			"?from=0001-01-01":               3,
			"?from=0000-12-31":               4,
			"?to=0000-12-31":                 1,
			"?from=0000-12-31&to=9999-12-31": 2,
			"?from=9999-12-31T23:59:59Z":     1,
			"?to=9999-12-31T23:59:59-23:59":  4,
		} {
			var got int64
			for _, r := range f.report(query) {
				got += r.LateCancels
			}
			if got != want {
				t.Errorf("GET /api/late_cancels%s: %d late cancels, want %d", query, got, want)
			}
		}
		for query, field := range map[string]string{
			"?to=0000-12-30":                  "to",
			"?from=9999-12-31T23:59:59-23:59": "from",
		} {
			p := f.ExpectProblem(http.StatusUnprocessableEntity, "validation_failed", "GET", "/api/late_cancels"+query, nil)
			if len(p.Errors) == 0 || p.Errors[0].Field != field {
				t.Errorf("%s: errors %+v, want one naming %s", query, p.Errors, field)
			}
		}
	})
}
