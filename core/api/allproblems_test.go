package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// TestEveryFieldProblemAtOnce: a body with several fields at fault gets
// one 422 naming each of them, whether core's checks find them all or the
// schema refuses some and core's checks find the rest, on both databases,
// and nothing is written.
func TestEveryFieldProblemAtOnce(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{})
		ada := env.Customer("Ada")
		yoga := env.ClassType("Yoga")
		sess := env.Session(yoga, time.Now().Add(48*time.Hour), 0)
		tooEarly := "0001-01-01T00:00:00+01:00" // 0000-12-31 in UTC: nothing is stored that early
		for _, c := range []struct {
			method, path string
			body         map[string]any
			fields       []string
		}{
			{"POST", "/api/customers", map[string]any{"first_name": " ", "last_name": "\t", "email": "eve@example.com"},
				[]string{"first_name", "last_name"}},
			{"POST", "/api/customers", map[string]any{"first_name": " ", "last_name": "X", "email": "eve@nodot"},
				[]string{"email", "first_name"}},
			{"PUT", fmt.Sprintf("/api/customers/%d", ada), map[string]any{"first_name": " ", "last_name": " ", "email": "Ada <a@example.com>"},
				[]string{"email", "first_name", "last_name"}},
			{"POST", "/api/class_sessions", map[string]any{"class_type": 987654, "starts_at": tooEarly},
				[]string{"class_type", "starts_at"}},
			{"PUT", fmt.Sprintf("/api/class_sessions/%d", sess), map[string]any{"class_type": 987654, "starts_at": tooEarly},
				[]string{"class_type", "starts_at"}},
			// The schema refuses one field; core's checks name the others
			// in the same answer.
			{"POST", "/api/customers", map[string]any{"first_name": 5, "last_name": " ", "email": "eve@nodot"},
				[]string{"email", "first_name", "last_name"}},
			{"PUT", fmt.Sprintf("/api/customers/%d", ada), map[string]any{"first_name": "Ada", "last_name": " ", "email": true},
				[]string{"email", "last_name"}},
			{"POST", "/api/class_sessions", map[string]any{"class_type": 987654, "starts_at": tooEarly, "capacity": -1},
				[]string{"capacity", "class_type", "starts_at"}},
			{"PUT", fmt.Sprintf("/api/class_sessions/%d", sess), map[string]any{"class_type": 987654, "starts_at": "soon"},
				[]string{"class_type", "starts_at"}},
		} {
			p := env.ExpectProblem(http.StatusUnprocessableEntity, "validation_failed", c.method, c.path, c.body)
			// (the schema may say two things of one field)
			if got := slices.Compact(p.SortedFields()); !slices.Equal(got, c.fields) {
				t.Errorf("%s %s: errors name %v, want %v: %+v", c.method, c.path, got, c.fields, p.Errors)
			}
		}
		var customers, sessions []map[string]any
		env.Expect(http.StatusOK, "GET", "/api/customers", nil, &customers)
		env.Expect(http.StatusOK, "GET", "/api/class_sessions", nil, &sessions)
		if len(customers) != 1 || customers[0]["first_name"] != "Ada" || len(sessions) != 1 || sessions[0]["class_type"] != float64(yoga) {
			t.Errorf("a refused request wrote: %v %v", customers, sessions)
		}
	})
}
