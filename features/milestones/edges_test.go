package milestones_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// A milestone's window may begin before the first instant Gymtastic
// stores (a year back from the year 0001, at UTC+14 in Kiritimati's
// local mean time of -10:29:20 before 1900): bookings are counted all the
// same, on both databases, and each milestone is achieved once.
func TestWindowsAtTheEdgesOfTime(t *testing.T) {
	for _, zone := range []string{"UTC", "Pacific/Kiritimati"} {
		t.Run(zone, func(t *testing.T) {
			testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
				f := newFixture(t, kind, testenv.Options{Timezone: zone})
				f.Clock.Set(time.Date(1, 1, 5, 0, 0, 0, 0, time.UTC))
				f.milestone("Two in a year", "P1Y", 2)
				f.milestone("Three in a century", "P100Y", 3)
				ada := f.Customer("Ada")
				for i := range 4 {
					f.Clock.Advance(time.Hour)
					var out testenv.ID
					s := f.Session(f.classType, time.Date(1, 2, 1+i, 9, 0, 0, 0, time.UTC), 0)
					f.Expect(http.StatusCreated, "POST", "/api/bookings", map[string]any{"customer": ada, "class_session": s}, &out)
				}
				f.expectCounts(2, 2)
			})
		})
	}
}
