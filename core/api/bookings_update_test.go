package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// TestUpdateBookingInvalid checks what PATCH and PUT refuse before any
// status change: moving a booking, bad statuses, unknown fields and ids.
func TestUpdateBookingInvalid(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := bkSetup(t, kind, testenv.Options{})
		sess, other := f.session(24*time.Hour, 0), f.session(48*time.Hour, 0)
		b := f.book(f.Customer("Ada"), sess)
		someone := f.Customer("Bea")
		path := fmt.Sprintf("/api/bookings/%d", b.ID)
		cases := []struct {
			name   string
			path   string
			body   any
			status int
			code   string
			field  string
		}{
			{"another customer", path, map[string]any{"customer": someone, "status": "cancelled"}, 422, "validation_failed", "customer"},
			{"another session", path, map[string]any{"class_session": other, "status": "cancelled"}, 422, "validation_failed", "class_session"},
			{"unknown status", path, map[string]any{"status": "paused"}, 422, "validation_failed", "status"},
			{"unknown field", path, map[string]any{"status": "cancelled", "reason": "ill"}, 422, "validation_failed", "reason"},
			{"malformed JSON", path, `{"status": "canc`, 400, "malformed_json", ""},
			{"unknown booking", "/api/bookings/999999", map[string]any{"status": "cancelled"}, 404, "not_found", ""},
		}
		for _, c := range cases {
			for _, method := range []string{"PATCH", "PUT"} {
				t.Run(method+" "+c.name, func(t *testing.T) {
					p := f.ExpectProblem(c.status, c.code, method, c.path, c.body)
					if c.field != "" && !bkHasField(p, c.field) {
						t.Fatalf("problem does not name %q: %+v", c.field, p)
					}
					if got := f.get(b.ID); !got.same(b) {
						t.Fatalf("a refused update changed the booking: %+v → %+v", b, got)
					}
				})
			}
		}
		f.ExpectProblem(http.StatusNotFound, "not_found", "POST", "/api/bookings/999999/cancel", nil)
	})
}

// TestPutBookingSentBack PUTs back what GET answered, with the status
// changed, as a client that round-trips the object does.
func TestPutBookingSentBack(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := bkSetup(t, kind, testenv.Options{})
		b := f.book(f.Customer("Ada"), f.session(24*time.Hour, 0))
		body := map[string]any{"id": b.ID, "customer": b.Customer, "class_session": b.ClassSession, "status": "cancelled",
			"created_at": b.CreatedAt, "updated_at": b.UpdatedAt, "cancelled_at": nil}
		for _, method := range []string{"PUT", "PATCH"} {
			t.Run(method, func(t *testing.T) {
				f.Clock.Set(bkNow)
				c := f.book(f.Customer(method), b.ClassSession)
				body["id"], body["customer"] = c.ID, c.Customer
				var got bkBooking
				f.Expect(http.StatusOK, method, fmt.Sprintf("/api/bookings/%d", c.ID), body, &got)
				if got.Status != "cancelled" || got.CancelledAt == nil || got.Customer != c.Customer {
					t.Fatalf("%s sent back: %+v", method, got)
				}
			})
		}
	})
}

func TestDeleteBookingUseCancel(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := bkSetup(t, kind, testenv.Options{})
		b := f.book(f.Customer("Ada"), f.session(24*time.Hour, 0))
		for _, path := range []string{"/api/bookings/%d", "/api/bookings/%d/"} {
			p := f.ExpectProblem(http.StatusMethodNotAllowed, "use_cancel", "DELETE", fmt.Sprintf(path, b.ID), nil)
			if want := fmt.Sprintf("/api/bookings/%d/cancel", b.ID); !strings.Contains(p.Detail, want) {
				t.Fatalf("detail %q does not name %s", p.Detail, want)
			}
		}
		if got := f.get(b.ID); !got.same(b) {
			t.Fatalf("DELETE changed the booking: %+v → %+v", b, got)
		}
	})
}
