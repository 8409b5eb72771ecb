package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// badOffsets are offsets Go's time parser takes and RFC 3339 does not: an
// hour of 24 or a minute of 60.
var badOffsets = []string{"+24:00", "-24:00", "+23:60", "+05:60", "+24:59"}

// TestTimeOffsetsPast2359: a time whose offset RFC 3339 does not allow is
// refused with 422 naming the field, in a body (POST, PUT, PATCH of a
// session's starts_at) as in a query (every range parameter), on both
// databases, and nothing is written; ±23:59 is the largest offset taken.
func TestTimeOffsetsPast2359(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{})
		env.Clock.Set(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
		ct := env.ClassType("Yoga")
		id := env.Session(ct, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), 0)
		path := fmt.Sprintf("/api/class_sessions/%d", id)
		var before map[string]any
		env.Expect(http.StatusOK, "GET", path, nil, &before)
		for _, off := range badOffsets {
			at := "2026-03-05T09:00:00" + off
			valid := map[string]any{"class_type": ct, "starts_at": at, "duration_minutes": 60}
			for _, w := range testenv.Writes("/api/class_sessions", path, valid, "starts_at", at) {
				env.Call(w.Method, w.Path, w.Body).ExpectInvalid(t, "starts_at", "±23:59")
			}
			for _, q := range []struct{ path, field string }{
				{"/api/class_sessions", "starts_after"}, {"/api/class_sessions", "starts_before"},
				{"/api/bookings", "from"}, {"/api/bookings", "to"},
			} {
				env.Call("GET", q.path+"?"+q.field+"="+url.QueryEscape(at), nil).ExpectInvalid(t, q.field, "±23:59")
			}
		}
		var after map[string]any
		env.Expect(http.StatusOK, "GET", path, nil, &after)
		var all []map[string]any
		env.Expect(http.StatusOK, "GET", "/api/class_sessions", nil, &all)
		if fmt.Sprint(before) != fmt.Sprint(after) || len(all) != 1 {
			t.Errorf("a refused write changed something: %v became %v, %d sessions", before, after, len(all))
		}

		for _, off := range []string{"+23:59", "-23:59", "Z"} {
			at := "2026-03-05T09:00:00" + off
			env.Expect(http.StatusCreated, "POST", "/api/class_sessions",
				map[string]any{"class_type": ct, "starts_at": at, "duration_minutes": 60}, nil)
			env.Expect(http.StatusOK, "GET", "/api/class_sessions?starts_after="+url.QueryEscape(at), nil, nil)
			env.Expect(http.StatusOK, "GET", "/api/bookings?to="+url.QueryEscape(at), nil, nil)
		}
	})
}
