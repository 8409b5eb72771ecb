package premium_test

import (
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/premium"
)

func ptr[T any](v T) *T { return &v }

// Memberships: defaults, read, replace, change, cancel, delete.
func TestMembershipsCRUD(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "")
		ada, bob := f.Customer("Ada"), f.Customer("Bob")
		var m premium.MembershipJSON
		r := f.Expect(http.StatusCreated, "POST", "/api/memberships/", map[string]any{
			"customer": ada, "plan": f.plan, "starts_on": "2030-03-01", "amount_paid_cents": 4500,
		}, &m)
		want := premium.MembershipJSON{ID: m.ID, Customer: ada, Plan: f.plan, StartsOn: "2030-03-01", EndsOn: ptr("2030-03-30"),
			Status: "active", AmountPaidCents: 4500, PaymentMethod: "cash", PaidAt: ptr(base), CreatedAt: base}
		if !reflect.DeepEqual(m, want) {
			t.Errorf("created %+v, want %+v", m, want)
		}
		if loc := r.Header.Get("Location"); loc != fmt.Sprintf("/api/memberships/%d", m.ID) {
			t.Errorf("Location %q", loc)
		}
		path := fmt.Sprintf("/api/memberships/%d", m.ID)
		var got premium.MembershipJSON
		if f.Expect(http.StatusOK, "GET", path, nil, &got); !reflect.DeepEqual(got, want) {
			t.Errorf("GET %+v, want %+v", got, want)
		}

		// PUT: what GET gave, changed (read-only fields sent back are
		// ignored); omitted optional fields take their defaults.
		paid := base.Add(-24 * time.Hour)
		f.Clock.Set(base.Add(time.Hour))
		put := map[string]any{"id": 77, "created_at": "2001-01-01T00:00:00Z", "cancelled_at": nil, "customer": bob,
			"plan": f.plan, "starts_on": "2030-04-01", "ends_on": "2030-04-10", "status": "active",
			"amount_paid_cents": 0, "payment_method": "cash", "paid_at": paid.Format(time.RFC3339)}
		f.Expect(http.StatusOK, "PUT", path+"/", put, &got)
		want = premium.MembershipJSON{ID: m.ID, Customer: bob, Plan: f.plan, StartsOn: "2030-04-01", EndsOn: ptr("2030-04-10"),
			Status: "active", AmountPaidCents: 0, PaymentMethod: "cash", PaidAt: &paid, CreatedAt: base}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("PUT %+v, want %+v", got, want)
		}
		f.Expect(http.StatusOK, "PUT", path, map[string]any{"customer": bob, "plan": f.plan, "starts_on": "2030-04-01",
			"amount_paid_cents": 100}, &got)
		if *got.EndsOn != "2030-04-30" || !got.PaidAt.Equal(base.Add(time.Hour)) || got.Status != "active" {
			t.Errorf("PUT with defaults: %+v", got)
		}

		// PATCH changes only what is given: ends_on is not recomputed.
		f.Expect(http.StatusOK, "PATCH", path, map[string]any{"starts_on": "2030-04-05", "status": "cancelled"}, &got)
		if got.StartsOn != "2030-04-05" || *got.EndsOn != "2030-04-30" || got.AmountPaidCents != 100 || got.Customer != bob ||
			got.Status != "cancelled" || got.CancelledAt == nil || !got.CancelledAt.Equal(base.Add(time.Hour)) {
			t.Errorf("PATCH %+v", got)
		}
		f.ExpectProblem(http.StatusUnprocessableEntity, "validation_failed", "PATCH", path, map[string]any{"starts_on": "2030-05-01"})
		f.Expect(http.StatusOK, "POST", path+"/cancel/", nil, &got)
		if got.Status != "cancelled" {
			t.Errorf("cancel of a cancelled membership: %+v", got)
		}

		f.Expect(http.StatusNoContent, "DELETE", path, nil, nil)
		for _, method := range []string{"GET", "PUT", "PATCH", "DELETE"} {
			f.ExpectProblem(http.StatusNotFound, "not_found", method, path, put)
		}
		f.ExpectProblem(http.StatusNotFound, "not_found", "POST", path+"/cancel", nil)
		f.ExpectProblem(http.StatusNotFound, "not_found", "GET", "/api/memberships/x", nil)
	})
}

// Filters: customer, plan, status and active_on (active, starts_on ≤ date
// ≤ ends_on); lists are ordered by id and paginated.
func TestMembershipFilters(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "")
		ada, bob := f.Customer("Ada"), f.Customer("Bob")
		other := f.newPlan("Other", 10)
		m1 := f.membership(ada, f.plan, "2030-03-01", "2030-03-31").ID
		m2 := f.membership(ada, other, "2030-03-20", "2030-04-10").ID
		m3 := f.membership(bob, f.plan, "2030-03-10", "2030-03-15").ID
		m4 := f.membership(bob, f.plan, "2030-03-01", "2030-12-31").ID
		f.cancelMembership(m4)

		cases := []struct {
			query string
			want  []int64
		}{
			{"", []int64{m1, m2, m3, m4}},
			{"?customer=" + fmt.Sprint(ada), []int64{m1, m2}},
			{"?customer=" + fmt.Sprint(bob), []int64{m3, m4}},
			{"?customer=999", nil},
			{"?plan=" + fmt.Sprint(other), []int64{m2}},
			{"?status=cancelled", []int64{m4}},
			{"?status=active", []int64{m1, m2, m3}},
			{"?active_on=2030-02-28", nil},
			{"?active_on=2030-03-01", []int64{m1}},
			{"?active_on=2030-03-10", []int64{m1, m3}},
			{"?active_on=2030-03-15", []int64{m1, m3}},
			{"?active_on=2030-03-16", []int64{m1}},
			{"?active_on=2030-03-20", []int64{m1, m2}},
			{"?active_on=2030-03-31", []int64{m1, m2}},
			{"?active_on=2030-04-01", []int64{m2}},
			{"?active_on=2030-04-11", nil},
			{"?active_on=2030-03-20&customer=" + fmt.Sprint(bob), nil},
			{"?active_on=2030-03-12&customer=" + fmt.Sprint(bob), []int64{m3}},
			{"?limit=2&offset=1", []int64{m2, m3}},
		}
		for _, c := range cases {
			var rows []premium.MembershipJSON
			f.Expect(http.StatusOK, "GET", "/api/memberships"+c.query, nil, &rows)
			var ids []int64
			for _, r := range rows {
				ids = append(ids, r.ID)
			}
			if !reflect.DeepEqual(ids, c.want) {
				t.Errorf("%s: %v, want %v", c.query, ids, c.want)
			}
		}
		r := f.Expect(http.StatusOK, "GET", "/api/memberships?limit=3", nil, nil)
		if !strings.Contains(r.Header.Get("Link"), "offset=3") {
			t.Errorf("Link %q", r.Header.Get("Link"))
		}
		for _, q := range []string{"active_on=2030-02-30", "active_on=tomorrow", "status=expired", "customer=-1", "limit=0"} {
			field := strings.Split(q, "=")[0]
			expectInvalid(t, f, "GET", "/api/memberships?"+q, nil, field)
		}
	})
}

// Every field of a membership is validated on POST, PUT and PATCH, naming
// the field; nothing is written.
func TestMembershipValidation(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "")
		ada := f.Customer("Ada")
		existing := f.membership(ada, f.plan, "2030-03-01", "")
		valid := func(change map[string]any) map[string]any {
			b := map[string]any{"customer": ada, "plan": f.plan, "starts_on": "2030-03-01", "ends_on": "2030-03-31",
				"status": "active", "amount_paid_cents": 4900, "payment_method": "cash", "paid_at": base.Format(time.RFC3339)}
			for k, v := range change {
				if v == nil {
					delete(b, k)
				} else {
					b[k] = v
				}
			}
			return b
		}
		cases := []struct {
			name, field string
			change      map[string]any
		}{
			{"customer missing", "customer", map[string]any{"customer": nil}},
			{"customer zero", "customer", map[string]any{"customer": 0}},
			{"customer unknown", "customer", map[string]any{"customer": 999}},
			{"customer not a number", "customer", map[string]any{"customer": "ada"}},
			{"plan missing", "plan", map[string]any{"plan": nil}},
			{"plan unknown", "plan", map[string]any{"plan": 999}},
			{"plan too large", "plan", map[string]any{"plan": 9007199254740992}},
			{"starts_on missing", "starts_on", map[string]any{"starts_on": nil}},
			{"starts_on not a date", "starts_on", map[string]any{"starts_on": "01/03/2030"}},
			{"starts_on impossible", "starts_on", map[string]any{"starts_on": "2030-02-30"}},
			{"starts_on a time", "starts_on", map[string]any{"starts_on": "2030-03-01T00:00:00Z"}},
			{"starts_on too early", "starts_on", map[string]any{"starts_on": "1899-12-31"}},
			{"ends_on impossible", "ends_on", map[string]any{"ends_on": "2030-04-31"}},
			{"ends_on before starts_on", "ends_on", map[string]any{"ends_on": "2030-02-28"}},
			{"ends_on too late", "ends_on", map[string]any{"ends_on": "3000-01-01"}},
			{"default ends_on too late", "ends_on", map[string]any{"starts_on": "2999-12-31", "ends_on": nil}},
			{"status unknown", "status", map[string]any{"status": "expired"}},
			{"amount missing", "amount_paid_cents", map[string]any{"amount_paid_cents": nil}},
			{"amount negative", "amount_paid_cents", map[string]any{"amount_paid_cents": -1}},
			{"amount too high", "amount_paid_cents", map[string]any{"amount_paid_cents": 1_000_000_000_001}},
			{"amount fractional", "amount_paid_cents", map[string]any{"amount_paid_cents": 10.5}},
			{"payment by card", "payment_method", map[string]any{"payment_method": "card"}},
			{"paid_at not a time", "paid_at", map[string]any{"paid_at": "yesterday"}},
			{"paid_at without offset", "paid_at", map[string]any{"paid_at": "2030-03-04T09:00:00"}},
			{"paid_at in the future", "paid_at", map[string]any{"paid_at": base.Add(time.Hour).Format(time.RFC3339)}},
			{"unknown field", "amount", map[string]any{"amount": 5}},
		}
		before := f.Count("SELECT COUNT(*) FROM memberships")
		path := fmt.Sprintf("/api/memberships/%d", existing.ID)
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				for _, req := range []struct{ method, path string }{{"POST", "/api/memberships"}, {"PUT", path}, {"PATCH", path}} {
					body := valid(c.change)
					if req.method == "PATCH" {
						if v, changed := c.change[c.field]; !changed || v == nil {
							continue // PATCH has no required fields
						}
						body = map[string]any{c.field: c.change[c.field]}
					}
					expectInvalid(t, f, req.method, req.path, body, c.field)
				}
			})
		}
		if n := f.Count("SELECT COUNT(*) FROM memberships"); n != before {
			t.Errorf("refused requests wrote: %d memberships, had %d", n, before)
		}
		var got premium.MembershipJSON
		f.Expect(http.StatusOK, "GET", path, nil, &got)
		if !reflect.DeepEqual(got, existing) {
			t.Errorf("the membership changed: %+v, was %+v", got, existing)
		}
		// A cancel takes no body, or {}: a field in it would be ignored.
		f.Call("POST", path+"/cancel", `{"reason": "moved away"}`).ExpectInvalid(t, "reason", "unexpected property")
		f.Expect(http.StatusOK, "GET", path, nil, &got)
		if !reflect.DeepEqual(got, existing) {
			t.Errorf("a refused cancel changed the membership: %+v, was %+v", got, existing)
		}
		// A minute of clock skew is allowed.
		f.Expect(http.StatusOK, "PATCH", path, map[string]any{"paid_at": base.Add(time.Minute).Format(time.RFC3339)}, nil)
		f.ExpectProblem(http.StatusBadRequest, "malformed_json", "POST", "/api/memberships", `{"customer": 1,`)
	})
}

// A customer with memberships cannot be deleted, even when they have no
// booking: core answers 409 (never 500) and the customer stays.
func TestCustomerWithMembershipIsKept(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "")
		ada := f.Customer("Ada")
		f.cancelMembership(f.membership(ada, f.plan, "2030-03-01", "").ID)
		f.ExpectProblem(http.StatusConflict, "customer_has_bookings", "DELETE", fmt.Sprintf("/api/customers/%d", ada), nil)
		f.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/customers/%d", ada), nil, nil)
		// Without memberships the customer can go.
		bob := f.Customer("Bob")
		f.Expect(http.StatusNoContent, "DELETE", fmt.Sprintf("/api/customers/%d", bob), nil, nil)
	})
}

// TestAmountPaidIsWhatWasTaken pins a decision: amount_paid_cents records
// the cash actually taken, which need not be the plan's price. 0 is a
// comped membership, less a discount, more (up to 10^12) a price raised
// since or a deposit kept; all are recorded as given. A negative amount
// is no payment (refunds are not recorded here): 422 naming the field.
func TestAmountPaidIsWhatWasTaken(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "")
		var plan testenv.ID
		f.Expect(http.StatusCreated, "POST", "/api/membership_plans", map[string]any{"name": "Annual", "price_cents": 50_000,
			"duration_days": 365, "class_types": []int64{f.swimming}}, &plan)
		ada := f.Customer("Ada")
		body := func(amount int64) map[string]any {
			return map[string]any{"customer": ada, "plan": plan.ID, "starts_on": "2030-03-01", "amount_paid_cents": amount}
		}
		for _, amount := range []int64{0, 1, 49_999, 50_000, 60_000, premium.MaxAmountCents} {
			var m premium.MembershipJSON
			f.Expect(http.StatusCreated, "POST", "/api/memberships", body(amount), &m)
			if m.AmountPaidCents != amount {
				t.Errorf("amount_paid_cents %d stored as %d", amount, m.AmountPaidCents)
			}
		}
		f.Call("POST", "/api/memberships", body(-1)).ExpectInvalid(t, "amount_paid_cents", "")
	})
}
