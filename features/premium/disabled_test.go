package premium_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/app"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/premium"
)

// startOn runs a Gymtastic with the feature enabled or not on an existing
// database, as a restart with a changed config.yaml would, its clock frozen
// at base.
func startOn(t *testing.T, dbURL string, enabled bool) (*testenv.Client, *app.App) {
	t.Helper()
	reg := core.NewRegistry([]core.Feature{premium.New()})
	cfg := testenv.Config(t, reg, dbURL, testenv.Options{})
	if err := reg.Configure(map[string]map[string]any{"premium": {"enabled": enabled}}); err != nil {
		t.Fatal(err)
	}
	a, err := app.New(context.Background(), cfg, reg, slog.New(slog.NewTextHandler(io.Discard, nil)),
		app.Options{Now: func() time.Time { return base }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Close() })
	if _, err := a.Runner.Up(context.Background()); err != nil {
		t.Fatal(err)
	}
	return testenv.AppClient(t, a), a
}

// Disabled, premium marks are ignored (everyone books), every route of the
// feature answers 404 and is not documented, and marks, plans and
// memberships stay, to apply again when the feature is enabled.
func TestDisabled(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		url := testenv.DatabaseURL(t, kind)
		on, _ := startOn(t, url, true)
		swimming := on.ClassType("Swimming")
		on.Expect(http.StatusCreated, "POST", "/api/premium_class_types", map[string]any{"class_type": swimming}, nil)
		var plan, membership testenv.ID
		on.Expect(http.StatusCreated, "POST", "/api/membership_plans", map[string]any{"name": "Premium", "price_cents": 4900,
			"duration_days": 30, "class_types": []int64{swimming}}, &plan)
		ada, bob := on.Customer("Ada"), on.Customer("Bob")
		on.Expect(http.StatusCreated, "POST", "/api/memberships", map[string]any{"customer": ada, "plan": plan.ID,
			"starts_on": "2030-03-01", "amount_paid_cents": 4900}, &membership)
		session := on.Session(swimming, base.Add(48*time.Hour), 0)
		on.ExpectProblem(http.StatusForbidden, "premium_membership_required", "POST", "/api/bookings",
			map[string]any{"customer": bob, "class_session": session})

		off, a := startOn(t, url, false)
		off.Expect(http.StatusCreated, "POST", "/api/bookings", map[string]any{"customer": bob, "class_session": session}, nil)
		for _, c := range []struct {
			method, path string
			body         any
		}{
			{"GET", "/api/premium_class_types", nil},
			{"POST", "/api/premium_class_types", map[string]any{"class_type": swimming}},
			{"GET", fmt.Sprintf("/api/premium_class_types/%d", swimming), nil},
			{"DELETE", fmt.Sprintf("/api/premium_class_types/%d", swimming), nil},
			{"GET", "/api/membership_plans", nil},
			{"POST", "/api/membership_plans", map[string]any{"name": "X", "price_cents": 1, "duration_days": 1, "class_types": []int64{}}},
			{"GET", fmt.Sprintf("/api/membership_plans/%d", plan.ID), nil},
			{"PUT", fmt.Sprintf("/api/membership_plans/%d", plan.ID), map[string]any{"name": "X"}},
			{"PATCH", fmt.Sprintf("/api/membership_plans/%d", plan.ID), map[string]any{"name": "X"}},
			{"DELETE", fmt.Sprintf("/api/membership_plans/%d", plan.ID), nil},
			{"GET", "/api/memberships", nil},
			{"POST", "/api/memberships", map[string]any{"customer": ada}},
			{"GET", fmt.Sprintf("/api/memberships/%d", membership.ID), nil},
			{"PUT", fmt.Sprintf("/api/memberships/%d", membership.ID), map[string]any{"customer": ada}},
			{"PATCH", fmt.Sprintf("/api/memberships/%d", membership.ID), map[string]any{"status": "cancelled"}},
			{"POST", fmt.Sprintf("/api/memberships/%d/cancel", membership.ID), nil},
			{"DELETE", fmt.Sprintf("/api/memberships/%d", membership.ID), nil},
		} {
			off.ExpectProblem(http.StatusNotFound, "not_found", c.method, c.path, c.body)
		}
		var doc struct{ Paths map[string]any }
		off.Expect(http.StatusOK, "GET", "/api/openapi.json", nil, &doc)
		for p := range doc.Paths {
			if strings.Contains(p, "premium") || strings.Contains(p, "membership") {
				t.Errorf("disabled feature's path %s in the OpenAPI document", p)
			}
		}
		for table, want := range map[string]int64{"premium_class_types": 1, "membership_plans": 1, "membership_plan_class_types": 1, "memberships": 1} {
			var n int64
			a.DB.Raw("SELECT COUNT(*) FROM " + table).Scan(&n)
			if n != want {
				t.Errorf("disabled: %d rows in %s, want %d", n, table, want)
			}
		}

		again, _ := startOn(t, url, true)
		later := again.Session(swimming, base.Add(72*time.Hour), 0)
		again.ExpectProblem(http.StatusForbidden, "premium_membership_required", "POST", "/api/bookings",
			map[string]any{"customer": bob, "class_session": later})
		again.Expect(http.StatusCreated, "POST", "/api/bookings", map[string]any{"customer": ada, "class_session": later}, nil)
		again.Expect(http.StatusOK, "GET", "/api/openapi.json", nil, &doc)
		for _, p := range []string{"/premium_class_types", "/premium_class_types/{id}", "/membership_plans",
			"/membership_plans/{id}", "/memberships", "/memberships/{id}", "/memberships/{id}/cancel"} {
			if doc.Paths[p] == nil {
				t.Errorf("enabled: %s missing from the OpenAPI document", p)
			}
		}
		page, err := again.DoWithHeader("GET", "/api", nil, http.Header{"Accept": {"text/html"}})
		if err != nil || page.Status != http.StatusOK || !strings.Contains(string(page.Body), "/memberships/{id}/cancel") {
			t.Errorf("the docs page does not list the feature's routes: %v", err)
		}
		var list []premium.MembershipJSON
		again.Expect(http.StatusOK, "GET", "/api/memberships", nil, &list)
		if len(list) != 1 || list[0].ID != membership.ID {
			t.Errorf("memberships after re-enabling: %+v", list)
		}
	})
}

// The feature takes only enabled: any other key stops start-up, naming it.
func TestConfig(t *testing.T) {
	reg := core.NewRegistry([]core.Feature{premium.New()})
	if err := reg.Configure(map[string]map[string]any{"premium": {"enabled": "false"}}); err != nil || reg.IsEnabled("premium") {
		t.Errorf("enabled: false from the environment: %v, enabled %v", err, reg.IsEnabled("premium"))
	}
	err := core.NewRegistry([]core.Feature{premium.New()}).Configure(map[string]map[string]any{"premium": {"price": 5}})
	if err == nil || !strings.Contains(err.Error(), "features.premium") {
		t.Errorf("unknown key: %v", err)
	}
	if d := core.NewRegistry([]core.Feature{premium.New()}).Defaults(); d["features.premium.enabled"] != true {
		t.Errorf("defaults: %v", d)
	}
}
