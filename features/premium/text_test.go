package premium_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/premium"
)

// TestTextPostgreSQLCannotStore: text holding a NUL character, which
// PostgreSQL cannot store, is refused alike on both databases with 422
// naming the field, on create, replace and change, and nothing is written.
// A plan's name and description go through core.CheckText ("NUL"); a
// membership's text fields are dates and fixed words, which the schema
// refuses first, naming the field.
func TestTextPostgreSQLCannotStore(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "")
		ada := f.Customer("Ada")
		m := f.membership(ada, f.plan, "2030-03-01", "")
		planPath := fmt.Sprintf("/api/membership_plans/%d", f.plan)
		membershipPath := fmt.Sprintf("/api/memberships/%d", m.ID)
		planBody := map[string]any{"name": "Gold", "description": "Pool", "price_cents": 100, "duration_days": 30,
			"class_types": []int64{f.swimming}}
		membershipBody := map[string]any{"customer": ada, "plan": f.plan, "starts_on": "2030-03-01", "ends_on": "2030-03-31",
			"status": "active", "amount_paid_cents": 4900, "payment_method": "cash"}
		for _, c := range []struct {
			create, path string
			valid        map[string]any
			field, value string
			rule         string
		}{
			{"/api/membership_plans", planPath, planBody, "name", "Gold\x00", "NUL"},
			{"/api/membership_plans", planPath, planBody, "name", "\x00", "NUL"},
			{"/api/membership_plans", planPath, planBody, "description", "Pool\x00", "NUL"},
			{"/api/memberships", membershipPath, membershipBody, "starts_on", "2030-03-01\x00", ""},
			{"/api/memberships", membershipPath, membershipBody, "ends_on", "2030-03-31\x00", ""},
			{"/api/memberships", membershipPath, membershipBody, "status", "active\x00", ""},
			{"/api/memberships", membershipPath, membershipBody, "payment_method", "cash\x00", ""},
		} {
			for _, req := range testenv.Writes(c.create, c.path, c.valid, c.field, c.value) {
				t.Run(fmt.Sprintf("%s %s %q", req.Method, c.field, c.value), func(t *testing.T) {
					before := f.state(f.plan, m.ID)
					f.Call(req.Method, req.Path, req.Body).ExpectInvalid(t, c.field, c.rule)
					f.expectUnchanged(t, before)
				})
			}
		}
		// Invalid UTF-8, which JSON decoding would turn into U+FFFD, is
		// refused before the feature sees it (core/api's checkBody).
		for _, req := range []struct{ method, path, name string }{
			{"POST", "/api/membership_plans", "Gold"}, {"PATCH", planPath, "Premium"},
		} {
			before := f.state(f.plan, m.ID)
			r := f.Call(req.method, req.path, "{\"name\": \""+req.name+"\xff\", \"price_cents\": 100, \"duration_days\": 30, \"class_types\": []}")
			r.ExpectInvalid(t, "name", "UTF-8")
			f.expectUnchanged(t, before)
		}
	})
}

// TestPaidAtOutsideYears: a paid_at whose UTC instant is outside the
// years 0001–9999 goes through core.CheckTime, and one whose offset RFC
// 3339 does not allow (+24:00) is refused by the schema, alike on both
// databases naming paid_at, and nothing is written.
func TestPaidAtOutsideYears(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "")
		ada := f.Customer("Ada")
		m := f.membership(ada, f.plan, "2030-03-01", "")
		path := fmt.Sprintf("/api/memberships/%d", m.ID)
		for _, paid := range []string{"0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-23:59",
			"2030-03-01T09:00:00+24:00", "2030-03-01T09:00:00+23:60"} {
			rule := "outside the years 0001 to 9999"
			if paid[:4] == "2030" { // an offset RFC 3339 does not allow
				rule = "±23:59"
			}
			valid := map[string]any{"customer": ada, "plan": f.plan, "starts_on": "2030-03-01", "amount_paid_cents": 4900}
			for _, req := range testenv.Writes("/api/memberships", path, valid, "paid_at", paid) {
				t.Run(req.Method+" "+paid, func(t *testing.T) {
					before := f.state(f.plan, m.ID)
					f.Call(req.Method, req.Path, req.Body).ExpectInvalid(t, "paid_at", rule)
					f.expectUnchanged(t, before)
				})
			}
		}
	})
}

// TestPlanTextRules: a plan's name is one line of visible text stored in
// Unicode NFC (core.Name): "Été" typed decomposed is the name typed
// composed (409 name_taken), and CR/LF, other control characters and
// invisible format characters are refused naming name. The description is
// free text (core.CheckLines): line breaks and tabs are kept as sent,
// other control characters refused naming description. Nothing refused
// is written.
func TestPlanTextRules(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "")
		ada := f.Customer("Ada")
		m := f.membership(ada, f.plan, "2030-03-01", "")
		body := func(name, description string) map[string]any {
			return map[string]any{"name": name, "description": description, "price_cents": 100, "duration_days": 30,
				"class_types": []int64{}}
		}
		var ete premium.PlanJSON
		f.Expect(http.StatusCreated, "POST", "/api/membership_plans", body("E\u0301te\u0301", "Summer:\n\t- pool\r\n\t- sauna"), &ete)
		if ete.Name != "\u00c9t\u00e9" || ete.Description != "Summer:\n\t- pool\r\n\t- sauna" {
			t.Fatalf("stored %+q / %+q: want the name composed (NFC), the description as sent", ete.Name, ete.Description)
		}
		planPath := fmt.Sprintf("/api/membership_plans/%d", f.plan)
		for _, req := range []struct {
			method, path, name string
		}{
			{"POST", "/api/membership_plans", "\u00c9t\u00e9"},
			{"POST", "/api/membership_plans", "E\u0301TE\u0301"},
			{"PUT", planPath, "e\u0301te\u0301"},
			{"PATCH", planPath, "\u00e9t\u00e9"},
		} {
			t.Run(req.method+" "+req.name, func(t *testing.T) {
				before := f.state(f.plan, m.ID)
				b := body(req.name, "")
				if req.method == "PATCH" {
					b = map[string]any{"name": req.name}
				}
				f.ExpectProblem(http.StatusConflict, "name_taken", req.method, req.path, b)
				f.expectUnchanged(t, before)
			})
		}
		valid := body("Gold", "Pool")
		for _, c := range []struct{ field, value, rule string }{
			{"name", "Gold\r\nBcc: eve@example.com", "control character"},
			{"name", "Gold\tPlus", "U+0009"},
			{"name", "Go\u200bld", "invisible format character"},
			{"description", "Pool\x07", "U+0007"},
			{"description", "Pool\rsauna", "carriage return"},
		} {
			for _, req := range testenv.Writes("/api/membership_plans", planPath, valid, c.field, c.value) {
				t.Run(fmt.Sprintf("%s %s %+q", req.Method, c.field, c.value), func(t *testing.T) {
					before := f.state(f.plan, m.ID)
					f.Call(req.Method, req.Path, req.Body).ExpectInvalid(t, c.field, c.rule)
					f.expectUnchanged(t, before)
				})
			}
		}
	})
}
