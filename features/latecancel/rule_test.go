package latecancel_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/latecancel"
)

// The boundary is exact: a cancel exactly cutoff minutes before the start
// is on time, one second later is late, under the default and under a class
// type's own cutoff, by the cancel endpoint and by PATCH.
func TestBoundary(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		ada := f.Customer("Ada")
		yoga := f.ClassType("Yoga")       // default: 720 minutes
		spin := f.ClassType("Spinning")   // own policy: 90 minutes
		zero := f.ClassType("Stretching") // own policy: 0, never late
		f.setPolicy(spin, 90)
		f.setPolicy(zero, 0)
		cases := []struct {
			name      string
			classType int64
			cutoff    time.Duration
			offset    time.Duration // cancel at start - cutoff + offset
			patch     bool
			want      string
			source    string
		}{
			{"default, a second before the deadline", yoga, 720 * time.Minute, -time.Second, false, core.StatusCancelled, "default"},
			{"default, exactly at the deadline", yoga, 720 * time.Minute, 0, false, core.StatusCancelled, "default"},
			{"default, a second past the deadline", yoga, 720 * time.Minute, time.Second, false, core.StatusLateCancelled, "default"},
			{"default, a microsecond past the deadline", yoga, 720 * time.Minute, time.Microsecond, false, core.StatusLateCancelled, "default"},
			{"default, by PATCH, a second past", yoga, 720 * time.Minute, time.Second, true, core.StatusLateCancelled, "default"},
			{"default, by PATCH, at the deadline", yoga, 720 * time.Minute, 0, true, core.StatusCancelled, "default"},
			{"class type, a second before", spin, 90 * time.Minute, -time.Second, false, core.StatusCancelled, "class_type"},
			{"class type, exactly at", spin, 90 * time.Minute, 0, false, core.StatusCancelled, "class_type"},
			{"class type, a second past", spin, 90 * time.Minute, time.Second, false, core.StatusLateCancelled, "class_type"},
			{"class type, long before", spin, 90 * time.Minute, -6 * time.Hour, false, core.StatusCancelled, "class_type"},
			{"cutoff 0, a second before the start", zero, 0, -time.Second, false, core.StatusCancelled, "class_type"},
		}
		for i, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				starts := base.Add(72*time.Hour + time.Duration(i)*time.Hour)
				id := f.bookAt(ada, c.classType, starts)
				now := starts.Add(-c.cutoff + c.offset)
				f.Clock.Set(now)
				var status string
				if c.patch {
					var out struct{ Status string }
					f.Expect(http.StatusOK, "PATCH", fmt.Sprintf("/api/bookings/%d", id), map[string]any{"status": "cancelled"}, &out)
					status = out.Status
				} else {
					status = f.cancelAt(id, now).Status
				}
				if status != c.want {
					t.Fatalf("cancel %s before the start: %s, want %s", starts.Sub(now), status, c.want)
				}
				b := f.booking(id)
				if b.Status != c.want || b.CancelledAt == nil || !b.CancelledAt.Equal(now) {
					t.Errorf("stored booking: %+v, want %s cancelled at %s", b, c.want, now)
				}
				d := f.decision(id)
				if d.CutoffMinutes != int(c.cutoff/time.Minute) || d.Source != c.source ||
					!d.Deadline.Equal(starts.Add(-c.cutoff)) || d.Late != (c.want == core.StatusLateCancelled) ||
					!d.CancelledAt.Equal(now) || d.Status != c.want || d.Forgiven {
					t.Errorf("decision %+v", d)
				}
			})
		}
	})
}

// A class type's own cutoff overrides the default; DELETE returns it to the
// default; and a cancel keeps the cutoff that applied to it whatever the
// policy becomes afterwards.
func TestPolicyOverridesDefault(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{FeatureConfig: map[string]map[string]any{
			"late_cancels": {"default_cutoff_minutes": 300},
		}})
		ada := f.Customer("Ada")
		yoga, spin := f.ClassType("Yoga"), f.ClassType("Spinning")
		if p := f.policy(spin); p.CutoffMinutes != 300 || p.Source != "default" || p.ClassType != spin {
			t.Fatalf("policy before PUT: %+v", p)
		}
		if p := f.setPolicy(spin, 60); p.CutoffMinutes != 60 || p.Source != "class_type" || p.ClassType != spin {
			t.Fatalf("PUT answered %+v", p)
		}
		if p := f.policy(spin); p.CutoffMinutes != 60 || p.Source != "class_type" {
			t.Fatalf("policy after PUT: %+v", p)
		}
		if p := f.policy(yoga); p.CutoffMinutes != 300 || p.Source != "default" {
			t.Fatalf("other class type: %+v", p)
		}

		// Two hours before: late under the default (5 h), on time under 1 h.
		starts := base.Add(48 * time.Hour)
		yogaBooking := f.bookAt(ada, yoga, starts)
		spinBooking := f.bookAt(ada, spin, starts.Add(2*time.Hour))
		if got := f.cancelAt(yogaBooking, starts.Add(-2*time.Hour)).Status; got != core.StatusLateCancelled {
			t.Errorf("default cutoff 300, cancel 2 h before: %s", got)
		}
		if got := f.cancelAt(spinBooking, starts.Add(2*time.Hour-2*time.Hour)).Status; got != core.StatusCancelled {
			t.Errorf("policy cutoff 60, cancel 2 h before: %s", got)
		}

		// A second, longer policy replaces the first, then DELETE resets it.
		f.setPolicy(spin, 240)
		if p := f.policy(spin); p.CutoffMinutes != 240 {
			t.Fatalf("replaced policy: %+v", p)
		}
		f.Expect(http.StatusNoContent, "DELETE", policyPath(spin), nil, nil)
		if p := f.policy(spin); p.CutoffMinutes != 300 || p.Source != "default" {
			t.Fatalf("policy after DELETE: %+v", p)
		}
		f.Expect(http.StatusNoContent, "DELETE", policyPath(spin), nil, nil) // nothing left to reset
		again := f.bookAt(ada, spin, starts.Add(24*time.Hour))
		if got := f.cancelAt(again, starts.Add(22*time.Hour)).Status; got != core.StatusLateCancelled {
			t.Errorf("after DELETE, default 300, cancel 2 h before: %s", got)
		}

		// History: the first spinning cancel still shows the 60 minutes.
		if d := f.decision(spinBooking); d.CutoffMinutes != 60 || d.Source != "class_type" || d.Late {
			t.Errorf("decision rewritten by later policy changes: %+v", d)
		}
		if d := f.decision(again); d.CutoffMinutes != 300 || d.Source != "default" || !d.Late {
			t.Errorf("decision after DELETE: %+v", d)
		}
	})
}

// A late cancel is never refused: it frees the place, and the customer may
// book the session again; past the start, core's session_started applies.
func TestLateCancelIsNeverRefused(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		ada, bob := f.Customer("Ada"), f.Customer("Bob")
		yoga := f.ClassType("Yoga")
		f.setPolicy(yoga, latecancel.MaxCutoffMinutes)
		f.Clock.Set(base)
		starts := base.Add(48 * time.Hour)
		session := f.Session(yoga, starts, 1)
		var first testenv.ID
		f.Expect(http.StatusCreated, "POST", "/api/bookings", map[string]any{"customer": ada, "class_session": session}, &first)
		if r := f.Book(bob, session); r.Status != http.StatusConflict {
			t.Fatalf("second booking of a full session: %d %s", r.Status, r.Body)
		}
		if got := f.cancelAt(first.ID, starts.Add(-time.Second)).Status; got != core.StatusLateCancelled {
			t.Fatalf("cancel a second before the start: %s", got)
		}
		var sess struct {
			BookedCount int `json:"booked_count"`
		}
		f.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/class_sessions/%d", session), nil, &sess)
		if sess.BookedCount != 0 {
			t.Errorf("booked_count after a late cancel: %d", sess.BookedCount)
		}
		if r := f.Book(bob, session); r.Status != http.StatusCreated {
			t.Fatalf("booking the place a late cancel freed: %d %s", r.Status, r.Body)
		}

		// Past the start the cancel is refused by core, and nothing is recorded.
		other := f.bookAt(ada, yoga, starts.Add(time.Hour))
		f.Clock.Set(starts.Add(time.Hour))
		f.ExpectProblem(http.StatusConflict, "session_started", "POST", fmt.Sprintf("/api/bookings/%d/cancel", other), nil)
		if n := f.Count("SELECT COUNT(*) FROM late_cancel_decisions WHERE booking_id = ?", other); n != 0 {
			t.Errorf("%d decisions recorded for a refused cancel", n)
		}
		if b := f.booking(other); b.Status != core.StatusBooked {
			t.Errorf("refused cancel changed the booking: %+v", b)
		}
	})
}

// Staff forgive a late cancel with PATCH {"status": "cancelled"}: the
// booking becomes cancelled, keeps its cancelled_at, leaves the report and
// is shown forgiven. It cannot be forgiven twice, and a booked booking
// cannot be set late_cancelled by hand.
func TestForgiveness(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		ada := f.Customer("Ada")
		yoga := f.ClassType("Yoga")
		starts := base.Add(48 * time.Hour)
		late := f.bookAt(ada, yoga, starts)
		kept := f.bookAt(ada, yoga, starts.Add(time.Hour))
		booked := f.bookAt(ada, yoga, starts.Add(2*time.Hour))
		cancelledAt := starts.Add(-time.Hour)
		f.cancelAt(late, cancelledAt)
		f.cancelAt(kept, cancelledAt)

		var list []struct{ ID int64 }
		f.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/bookings?status=late_cancelled&customer=%d", ada), nil, &list)
		if len(list) != 2 || list[0].ID != late || list[1].ID != kept {
			t.Fatalf("late_cancelled bookings: %+v", list)
		}

		// Forgive after the session has started: forgiving has no deadline.
		f.Clock.Set(starts.Add(30 * time.Minute))
		var out struct {
			Status      string
			CancelledAt *time.Time `json:"cancelled_at"`
		}
		f.Expect(http.StatusOK, "PATCH", fmt.Sprintf("/api/bookings/%d", late), map[string]any{"status": "cancelled"}, &out)
		if out.Status != core.StatusCancelled || out.CancelledAt == nil || !out.CancelledAt.Equal(cancelledAt) {
			t.Fatalf("forgiven booking: %+v", out)
		}
		if d := f.decision(late); !d.Late || !d.Forgiven || d.Status != core.StatusCancelled {
			t.Errorf("decision of a forgiven booking: %+v", d)
		}
		if rows := f.report(""); len(rows) != 1 || rows[0].LateCancels != 1 || rows[0].Bookings[0] != kept {
			t.Errorf("report after forgiving: %+v", rows)
		}
		// Forgiven, it is cancelled: asking for cancelled again changes nothing.
		var again struct {
			UpdatedAt time.Time `json:"updated_at"`
		}
		f.Clock.Set(starts.Add(40 * time.Minute))
		f.Expect(http.StatusOK, "PATCH", fmt.Sprintf("/api/bookings/%d", late), map[string]any{"status": "cancelled"}, &again)
		if !again.UpdatedAt.Equal(starts.Add(30 * time.Minute)) {
			t.Errorf("updated_at %v after a PATCH to the status it had, want %v (unchanged)", again.UpdatedAt, starts.Add(30*time.Minute))
		}
		f.ExpectProblem(http.StatusConflict, "invalid_transition", "PATCH", fmt.Sprintf("/api/bookings/%d", booked),
			map[string]any{"status": "late_cancelled"})
		f.ExpectProblem(http.StatusConflict, "invalid_transition", "PATCH", fmt.Sprintf("/api/bookings/%d", kept),
			map[string]any{"status": "booked"})
		if n := f.Count("SELECT COUNT(*) FROM late_cancel_decisions"); n != 2 {
			t.Errorf("%d decisions, want 2 (forgiving records none)", n)
		}
	})
}
