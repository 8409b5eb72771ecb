package latecancel_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// A customer token reads the late-cancel decision of her own bookings
// alone: another's booking is 404 with the detail of one that does not
// exist, whether it has a decision or not (so neither its existence nor
// its status is told). Staff read every decision.
func TestCustomerReadsOwnDecisionsOnly(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		yoga := f.ClassType("Yoga")
		ada, bea := f.Customer("Ada"), f.Customer("Bea")
		start := base.Add(48 * time.Hour)
		mine := f.bookAt(ada, yoga, start)
		theirs := f.bookAt(bea, yoga, start.Add(time.Hour))
		uncancelled := f.bookAt(bea, yoga, start.Add(2*time.Hour))
		f.cancelAt(mine, start.Add(-time.Hour))
		f.cancelAt(theirs, start.Add(-time.Hour))

		path := func(booking int64) string { return fmt.Sprintf("/api/bookings/%d/late_cancel", booking) }
		staff := f.As(f.Key(t, core.RoleStaff))
		for _, b := range []int64{mine, theirs} {
			staff.Expect(http.StatusOK, "GET", path(b), nil, nil)
		}

		c := f.As(f.CustomerToken(t, ada))
		var d struct {
			Booking  int64 `json:"booking"`
			Customer int64 `json:"customer"`
			Late     bool  `json:"late"`
		}
		c.Expect(http.StatusOK, "GET", path(mine), nil, &d)
		if d.Booking != mine || d.Customer != ada || !d.Late {
			t.Errorf("her own decision: %+v", d)
		}
		for _, b := range []int64{theirs, uncancelled} {
			p := c.ExpectProblem(http.StatusNotFound, "not_found", "GET", path(b), nil)
			if want := fmt.Sprintf("booking %d does not exist", b); p.Detail != want {
				t.Errorf("booking %d: detail %q, want %q (as for one that does not exist)", b, p.Detail, want)
			}
		}
	})
}

// A customer whose id passes 2^31 (ids are 64-bit) reads her decisions
// too: her id is bound as a 64-bit parameter, never compared where
// PostgreSQL would type it int4.
func TestCustomerWithLargeIDReadsOwnDecision(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		const big = int64(3_000_000_000)
		if err := f.App.DB.Exec("INSERT INTO customers (id, first_name, last_name, email, created_at) VALUES (?, ?, ?, ?, ?)",
			big, "Cy", "Large", "cy@example.com", base).Error; err != nil {
			t.Fatal(err)
		}
		start := base.Add(48 * time.Hour)
		b := f.bookAt(big, f.ClassType("Yoga"), start)
		f.cancelAt(b, start.Add(-time.Hour))
		c := f.As(f.CustomerToken(t, big))
		c.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/bookings/%d/late_cancel", b), nil, nil)
		c.ExpectProblem(http.StatusNotFound, "not_found", "GET", fmt.Sprintf("/api/bookings/%d/late_cancel", b+1), nil)
	})
}
