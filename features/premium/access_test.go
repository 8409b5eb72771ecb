package premium_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/premium"
)

// membershipIDs lists the memberships a caller sees at path.
func membershipIDs(t *testing.T, c *testenv.Client, path string) []int64 {
	t.Helper()
	var out []premium.MembershipJSON
	c.Expect(http.StatusOK, "GET", path, nil, &out)
	ids := []int64{}
	for _, m := range out {
		ids = append(ids, m.ID)
	}
	return ids
}

// A customer token reads her own memberships alone: lists hold only hers
// (a filter on another customer finds none), another's by id is 404 as one
// that does not exist, and every write is staff's (403, before the id is
// looked up). Staff see every membership.
func TestCustomerReadsOwnMembershipsOnly(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "")
		ada, bea := f.Customer("Ada"), f.Customer("Bea")
		mine := f.membership(ada, f.plan, "2030-03-01", "")
		theirs := f.membership(bea, f.plan, "2030-03-01", "")

		staff := f.As(f.Key(t, core.RoleStaff))
		if got := membershipIDs(t, staff, "/api/memberships"); len(got) != 2 {
			t.Errorf("staff list %v, want both", got)
		}
		staff.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/memberships/%d", theirs.ID), nil, nil)

		c := f.As(f.CustomerToken(t, ada))
		for _, q := range []string{"", fmt.Sprintf("?customer=%d", ada), fmt.Sprintf("?plan=%d", f.plan),
			"?status=active", "?active_on=2030-03-04"} {
			if got := membershipIDs(t, c, "/api/memberships"+q); fmt.Sprint(got) != fmt.Sprint([]int64{mine.ID}) {
				t.Errorf("list%s: %v, want her own %d alone", q, got, mine.ID)
			}
		}
		if got := membershipIDs(t, c, fmt.Sprintf("/api/memberships?customer=%d", bea)); len(got) != 0 {
			t.Errorf("list of Bea's: %v, want none", got)
		}
		var got premium.MembershipJSON
		c.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/memberships/%d", mine.ID), nil, &got)
		if got.Customer != ada {
			t.Errorf("her membership %+v", got)
		}
		p := c.ExpectProblem(http.StatusNotFound, "not_found", "GET", fmt.Sprintf("/api/memberships/%d", theirs.ID), nil)
		if want := fmt.Sprintf("membership %d does not exist", theirs.ID); p.Detail != want {
			t.Errorf("detail %q, want %q (as for one that does not exist)", p.Detail, want)
		}

		body := map[string]any{"customer": ada, "plan": f.plan, "starts_on": "2030-03-01", "amount_paid_cents": 0}
		for _, req := range []struct {
			method, path string
			body         any
		}{
			{"POST", "/api/memberships", body},
			{"PUT", fmt.Sprintf("/api/memberships/%d", mine.ID), body},
			{"PATCH", fmt.Sprintf("/api/memberships/%d", mine.ID), map[string]any{"amount_paid_cents": 0}},
			{"POST", fmt.Sprintf("/api/memberships/%d/cancel", mine.ID), nil},
			{"DELETE", fmt.Sprintf("/api/memberships/%d", theirs.ID), nil},
		} {
			c.ExpectProblem(http.StatusForbidden, "forbidden", req.method, req.path, req.body)
		}
		if n := f.Count("SELECT COUNT(*) FROM memberships WHERE status = 'active' AND amount_paid_cents = 4900"); n != 2 {
			t.Errorf("%d memberships untouched, want 2: a refused write wrote", n)
		}
	})
}

// A customer whose id passes 2^31 (ids are 64-bit) reads her membership
// too: her id is bound as a 64-bit parameter, never compared where
// PostgreSQL would type it int4.
func TestCustomerWithLargeIDReadsOwnMembership(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "")
		const big = int64(3_000_000_000)
		if err := f.App.DB.Exec("INSERT INTO customers (id, first_name, last_name, email, created_at) VALUES (?, ?, ?, ?, ?)",
			big, "Cy", "Large", "cy@example.com", base).Error; err != nil {
			t.Fatal(err)
		}
		m := f.membership(big, f.plan, "2030-03-01", "")
		c := f.As(f.CustomerToken(t, big))
		c.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/memberships/%d", m.ID), nil, nil)
		if got := membershipIDs(t, c, "/api/memberships"); len(got) != 1 {
			t.Errorf("her list %v, want her one", got)
		}
	})
}
