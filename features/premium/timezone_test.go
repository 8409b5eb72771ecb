package premium_test

import (
	"strings"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// A membership covers whole gym-local days, however far the gym is from
// UTC: at UTC+14 (Kiritimati) a membership ending on 31 March covers a
// session at 23:30 gym time on 31 March (09:30Z) and not one at 00:30 on
// 1 April (10:30Z, still 31 March in UTC); one starting on 10 March covers
// 00:30 on 10 March (9 March in UTC) and not 23:30 on 9 March. In Auckland
// the last day is the 25-hour day daylight saving ends (7 April 2030).
func TestDaysInGymTimeZone(t *testing.T) {
	zones := []struct {
		zone, last, next string
	}{
		{"Pacific/Kiritimati", "2030-03-31", "2030-04-01"},
		{"Pacific/Auckland", "2030-04-07", "2030-04-08"},
	}
	for _, z := range zones {
		t.Run(z.zone, func(t *testing.T) {
			testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
				f := newFixture(t, kind, z.zone)
				ada := f.Customer("Ada")
				f.membership(ada, f.plan, "2030-03-10", z.last)

				cases := []struct {
					local string
					want  string // "" books
				}{
					{"2030-03-09 23:30", "has not started yet (it starts on 2030-03-10)"},
					{"2030-03-10 00:30", ""},
					{z.last + " 23:30", ""},
					{z.next + " 00:30", "expired on " + z.last},
				}
				for _, c := range cases {
					session := f.Session(f.swimming, f.at(c.local), 0)
					if c.want == "" {
						f.book(ada, session)
						continue
					}
					if d := f.refused(ada, session); !strings.Contains(d, c.want) || !strings.Contains(d, " on "+c.local[:10]+" ") {
						t.Errorf("session at %s: detail %q, want %q and the gym-local day", c.local, d, c.want)
					}
				}
			})
		})
	}
}
