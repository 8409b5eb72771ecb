package waitlist_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/waitlist"
)

// fields are an entry's fields, as the contract names them.
var fields = []string{"id", "customer", "class_session", "status", "position", "booking", "reason", "created_at", "updated_at"}

// Every answer that carries an entry (join, get, list, leave), in every
// status, has exactly the contract's fields, each of its JSON type: a
// number or null for position and booking, a string or null for reason,
// RFC 3339 UTC times. The OpenAPI document publishes the same.
func TestEntryShape(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{FeatureConfig: map[string]map[string]any{
			"booking_limit": {"max_per_day": 1},
		}})
		f.ExpectPatchSchema(t, "EntryJSON", len(fields), "position", "booking", "reason")

		session, bookings := f.fullSession(start, 1)
		later, _ := f.fullSession(start.Add(24*time.Hour), 1)
		skipped, promoted, left, waiting := f.Customer("Skipped"), f.Customer("Promoted"), f.Customer("Left"), f.Customer("Waiting")
		answers := map[string][]byte{}
		for _, c := range []int64{skipped, promoted, left, waiting} {
			r := f.Expect(http.StatusCreated, "POST", "/api/waitlist_entries", map[string]any{"customer": c, "class_session": session}, nil)
			answers[fmt.Sprintf("join %d", c)] = r.Body
		}
		expired := f.join(waiting, later)
		var e []waitlist.EntryJSON
		f.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/waitlist_entries?class_session=%d", session), nil, &e)
		answers["leave"] = f.Expect(http.StatusOK, "POST", fmt.Sprintf("/api/waitlist_entries/%d/leave", e[2].ID), nil, nil).Body
		f.book(skipped, f.Session(f.yoga, start.Add(time.Hour), 0)) // the limit refuses her now
		f.cancel(bookings[0])
		f.Clock.Set(start.Add(24 * time.Hour)) // the later session has started
		for _, x := range append(e, expired) {
			answers[fmt.Sprintf("get %d", x.ID)] = f.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/waitlist_entries/%d", x.ID), nil, nil).Body
		}
		list := f.Expect(http.StatusOK, "GET", "/api/waitlist_entries", nil, nil).Body
		var rows []json.RawMessage
		if err := json.Unmarshal(list, &rows); err != nil || len(rows) != 5 {
			t.Fatalf("list: %v, %d rows: %s", err, len(rows), list)
		}
		for i, row := range rows {
			answers[fmt.Sprintf("list row %d", i)] = row
		}

		statuses := map[string]bool{}
		for name, body := range answers {
			statuses[checkShape(t, name, body)] = true
		}
		for _, s := range waitlist.Statuses {
			if !statuses[s] {
				t.Errorf("no answer showed an entry %s", s)
			}
		}
	})
}

// checkShape fails t unless body is an entry of the contract's shape, and
// returns its status.
func checkShape(t *testing.T, name string, body []byte) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("%s: %v: %s", name, err, body)
	}
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	want := slices.Clone(fields)
	slices.Sort(want)
	if !slices.Equal(keys, want) {
		t.Errorf("%s: fields %v, want %v", name, keys, want)
	}
	number := func(k string) bool { v, ok := m[k].(float64); return ok && v >= 1 && v == float64(int64(v)) }
	for _, k := range []string{"id", "customer", "class_session"} {
		if !number(k) {
			t.Errorf("%s: %s is %v, want an id", name, k, m[k])
		}
	}
	for _, k := range []string{"created_at", "updated_at"} {
		s, _ := m[k].(string)
		if at, err := time.Parse(time.RFC3339Nano, s); err != nil || at.Location() != time.UTC {
			t.Errorf("%s: %s is %v, want an RFC 3339 UTC time", name, k, m[k])
		}
	}
	status, _ := m["status"].(string)
	waiting, promoted, skipped := status == waitlist.StatusWaiting, status == waitlist.StatusPromoted, status == waitlist.StatusSkipped
	if (m["position"] != nil) != waiting || (waiting && !number("position")) {
		t.Errorf("%s: %s with position %v", name, status, m["position"])
	}
	if (m["booking"] != nil) != promoted || (promoted && !number("booking")) {
		t.Errorf("%s: %s with booking %v", name, status, m["booking"])
	}
	if reason, ok := m["reason"].(string); (m["reason"] != nil) != skipped || (skipped && (!ok || reason == "")) {
		t.Errorf("%s: %s with reason %v", name, status, m["reason"])
	}
	return status
}
