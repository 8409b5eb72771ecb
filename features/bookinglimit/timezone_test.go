package bookinglimit_test

import (
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// Days are gym-local: two sessions the same UTC day can be on different
// gym days and the other way round, and the 23- and 25-hour days of a
// daylight-saving change are whole days.
func TestGymLocalDays(t *testing.T) {
	type pair struct {
		name          string
		first, second string // gym-local wall times
		sameDay       bool
		day           string // named in the refusal, when sameDay
		dayHours      float64
	}
	zones := []struct {
		zone  string
		cases []pair
	}{
		{"Pacific/Auckland", []pair{
			// NZDT is UTC+13: 10:30Z and 11:30Z on 5 March.
			{"same UTC day, different gym days", "2030-03-05 23:30", "2030-03-06 00:30", false, "", 24},
			// 11:30Z on 4 March and 10:30Z on 5 March.
			{"different UTC days, same gym day", "2030-03-05 00:30", "2030-03-05 23:30", true, "2030-03-05", 24},
			// Daylight time ends on 7 April 2030: a 25-hour day.
			{"25-hour day", "2030-04-07 00:30", "2030-04-07 23:30", true, "2030-04-07", 25},
			{"after the 25-hour day", "2030-04-07 23:30", "2030-04-08 00:30", false, "", 25},
			// Daylight time starts on 29 September 2030: a 23-hour day.
			{"23-hour day", "2030-09-29 00:30", "2030-09-29 23:30", true, "2030-09-29", 23},
			{"before the 23-hour day", "2030-09-28 23:30", "2030-09-29 00:30", false, "", 24},
		}},
		{"America/New_York", []pair{
			// Clocks spring forward on 10 March 2030.
			{"spring-forward day", "2030-03-10 00:30", "2030-03-10 23:30", true, "2030-03-10", 23},
			{"the evening before spring forward", "2030-03-09 23:30", "2030-03-10 00:30", false, "", 24},
			{"the morning after spring forward", "2030-03-10 23:30", "2030-03-11 00:30", false, "", 23},
			// Clocks fall back on 3 November 2030.
			{"fall-back day", "2030-11-03 00:30", "2030-11-03 23:30", true, "2030-11-03", 25},
			{"the morning after fall back", "2030-11-03 23:30", "2030-11-04 00:30", false, "", 25},
			// 23:30 EST is 04:30Z the next UTC day.
			{"same UTC day, different gym days", "2030-01-15 23:30", "2030-01-16 18:00", false, "", 24},
		}},
	}
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		for _, z := range zones {
			f := newFixture(t, kind, z.zone, nil)
			for _, c := range z.cases {
				// The case is what it says it is.
				start, end := core.DayBounds(f.at(c.first), f.loc)
				if h := end.Sub(start).Hours(); h != c.dayHours {
					t.Fatalf("%s %s: the first session's day has %v hours, want %v", z.zone, c.name, h, c.dayHours)
				}
				first, second := f.at(c.first), f.at(c.second)
				if c.name == "same UTC day, different gym days" && first.UTC().YearDay() != second.UTC().YearDay() {
					t.Fatalf("%s %s: not the same UTC day: %v, %v", z.zone, c.name, first.UTC(), second.UTC())
				}
				if c.name == "different UTC days, same gym day" && first.UTC().YearDay() == second.UTC().YearDay() {
					t.Fatalf("%s %s: the same UTC day: %v, %v", z.zone, c.name, first.UTC(), second.UTC())
				}

				cust := f.Customer("Tz")
				held := f.book(cust, f.session(c.first))
				s2 := f.session(c.second)
				if c.sameDay {
					expectDetail(t, f.refused(cust, s2), c.day, bookingRef(held))
				} else {
					f.book(cust, s2)
				}
				// And in the other order, with another customer.
				other := f.Customer("Tz")
				f.book(other, s2)
				s1 := f.session(c.first)
				if c.sameDay {
					f.refused(other, s1)
				} else {
					f.book(other, s1)
				}
			}
		}
	})
}
