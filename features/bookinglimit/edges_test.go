package bookinglimit_test

import (
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// The limit holds on the first and last days Gymtastic stores, whose
// gym-local bounds fall outside the years 0001–9999 in UTC: the last day
// in UTC ends at 10000-01-01T00:00Z, which SQLite, comparing stored times
// as text, would sort before every session; at UTC+14 the gym-local day
// 10000-01-01 begins at 9999-12-31T10:00Z; the first gym-local day begins
// in the year 0000 in UTC east of Greenwich.
func TestLimitAtTheEdgesOfTime(t *testing.T) {
	z := func(s string) time.Time {
		t.Helper()
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	cases := []struct {
		zone  string
		clock string
		// same are sessions on one gym-local day: the first books, the
		// others are refused; other is on the day next to it, and books.
		same  []string
		other string
	}{
		{"UTC", "9999-12-30T00:00:00Z",
			[]string{"9999-12-31T10:00:00Z", "9999-12-31T20:00:00Z", "9999-12-31T23:59:59Z"}, "9999-12-30T23:59:59Z"},
		{"Pacific/Kiritimati", "9999-12-30T00:00:00Z",
			[]string{"9999-12-31T10:00:00Z", "9999-12-31T20:00:00Z", "9999-12-31T23:59:59Z"}, "9999-12-31T09:59:59Z"},
		{"Pacific/Pago_Pago", "9999-12-30T00:00:00Z",
			[]string{"9999-12-31T11:00:00Z", "9999-12-31T20:00:00Z", "9999-12-31T23:59:59Z"}, "9999-12-31T10:59:59Z"},
		// Before 1900 both zones keep their local mean time: Pago Pago
		// +12:37:12 (Samoa was west of the date line), Kiritimati -10:29:20.
		{"Pacific/Pago_Pago", "0001-01-01T00:00:00Z",
			[]string{"0001-01-01T00:00:01Z", "0001-01-01T05:00:00Z", "0001-01-01T11:22:47Z"}, "0001-01-01T11:22:48Z"},
		{"Pacific/Kiritimati", "0001-01-01T00:00:00Z",
			[]string{"0001-01-01T00:00:01Z", "0001-01-01T05:00:00Z", "0001-01-01T10:29:19Z"}, "0001-01-01T10:29:20Z"},
		{"UTC", "0001-01-01T00:00:00Z",
			[]string{"0001-01-01T00:00:01Z", "0001-01-01T12:00:00Z", "0001-01-01T23:59:59Z"}, "0001-01-02T00:00:00Z"},
	}
	for _, c := range cases {
		t.Run(c.zone+" "+c.clock[:4], func(t *testing.T) {
			testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
				f := newFixture(t, kind, c.zone, nil)
				f.Clock.Set(z(c.clock))
				ada := f.Customer("Ada")
				first := f.book(ada, f.Session(f.classType, z(c.same[0]), 0))
				day := z(c.same[0]).In(f.loc).Format("2006-01-02")
				for _, at := range c.same[1:] {
					expectDetail(t, f.refused(ada, f.Session(f.classType, z(at), 0)), day, bookingRef(first))
				}
				f.book(ada, f.Session(f.classType, z(c.other), 0))
			})
		})
	}
}
