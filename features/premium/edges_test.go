package premium_test

import (
	"strings"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// A session on the first or last gym-local day Gymtastic stores is judged
// like any other, though its day is no date to PostgreSQL (0000-12-31:
// there is no year 0) or sorts wrongly as text on SQLite (10000-01-01
// sorts before 2999): no membership covers it, and the detail says why.
func TestRuleAtTheEdgesOfTime(t *testing.T) {
	z := func(s string) time.Time {
		t.Helper()
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	cases := []struct {
		zone, clock, session string
		day, want            string
	}{
		// Before 1900 Kiritimati keeps its local mean time, -10:29:20.
		{"Pacific/Kiritimati", "0001-01-01T00:00:00Z", "0001-01-01T00:00:01Z", "0000-12-31", "has not started yet (it starts on 1900-01-01)"},
		{"Pacific/Pago_Pago", "0001-01-01T00:00:00Z", "0001-01-01T00:00:01Z", "0001-01-01", "has not started yet (it starts on 1900-01-01)"},
		{"Pacific/Kiritimati", "9999-12-30T00:00:00Z", "9999-12-31T10:00:00Z", "10000-01-01", "expired on 2999-12-31"},
		{"UTC", "9999-12-30T00:00:00Z", "9999-12-31T23:59:59Z", "9999-12-31", "expired on 2999-12-31"},
	}
	for _, c := range cases {
		t.Run(c.zone+" "+c.day, func(t *testing.T) {
			testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
				f := newFixture(t, kind, c.zone)
				ada := f.Customer("Ada")
				f.membership(ada, f.plan, "1900-01-01", "2999-12-31")
				f.Clock.Set(z(c.clock))
				d := f.refused(ada, f.Session(f.swimming, z(c.session), 0))
				if !strings.Contains(d, c.want) || !strings.Contains(d, " on "+c.day+" ") {
					t.Errorf("detail %q, want %q and the gym-local day %s", d, c.want, c.day)
				}
			})
		})
	}
}
