package features_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features"
)

// TestAccessMatrix sends every operation of the OpenAPI document, every
// feature on, as each principal, and checks the outcome against the
// matrix (access_table_test.go): who is refused (401, 403), who may not
// even learn a row exists (404), who gets past access control; and that a
// customer's lists hold her rows alone.
func TestAccessMatrix(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{Features: features.All()})
		env.Clock.Set(base)
		ops := documented(t, env)
		for i, who := range principals {
			t.Run(who, func(t *testing.T) {
				f := newFixture(t, env, i)
				column(t, f, env.As(f.secrets[i]), ops, i, true)
			})
		}
	})
}

// TestAccessSettings checks the matrix under the auth settings that change
// it: with auth.public_schedule off the timetable is for signed-in callers
// alone; with auth.enabled off (the trusted-client mode) an anonymous
// caller is an admin.
func TestAccessSettings(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		t.Run("private schedule", func(t *testing.T) {
			env := testenv.New(t, kind, testenv.Options{Features: features.All(),
				Configure: func(c *config.Config) { c.Auth.PublicSchedule = false }})
			env.Clock.Set(base)
			ops := documented(t, env)
			f := newFixture(t, env, 0)
			env.As("").ExpectProblem(http.StatusUnauthorized, "unauthenticated", "GET", "/api/class_sessions", nil)
			column(t, f, env.As(""), ops, 0, false)
			customer := env.As(f.secrets[1])
			for _, op := range ops {
				if r := matrix[op.id]; r.want == timetable {
					path := strings.ReplaceAll(op.path, "{id}", fmt.Sprint(f.ids[r.id]))
					customer.Expect(http.StatusOK, op.method, path, nil, nil)
				}
			}
		})
		t.Run("trusted", func(t *testing.T) {
			env := testenv.New(t, kind, testenv.Options{Features: features.All(),
				Configure: func(c *config.Config) { c.Auth.Enabled = false }})
			env.Clock.Set(base)
			ops := documented(t, env)
			f := newFixture(t, env, 0)
			anonymous := env.As("")
			var me struct {
				Kind    string
				Trusted bool
			}
			anonymous.Expect(http.StatusOK, "GET", "/api/me", nil, &me)
			if me.Kind != "admin" || !me.Trusted {
				t.Errorf("GET /api/me in the trusted mode: %+v, want an admin, trusted", me)
			}
			anonymous.Expect(http.StatusOK, "GET", "/api/api_keys", nil, nil)
			column(t, f, anonymous, ops, len(principals)-1, true) // every caller is an admin
		})
	})
}

// column sends every operation, in ops' order, through c on f's rows and
// checks each outcome against principal i's column of the matrix; public
// is auth.public_schedule.
func column(t *testing.T, f *fixture, c *testenv.Client, ops []operation, i int, public bool) {
	t.Helper()
	who := principals[i]
	extrasDone := false
	for _, op := range ops {
		r := matrix[op.id]
		if !extrasDone && (op.method == http.MethodDelete || op.id == "revoke-current-token") {
			runExtras(t, f, c, i)
			extrasDone = true
		}
		path := strings.ReplaceAll(op.path, "{id}", fmt.Sprint(f.ids[r.id]))
		var body any
		switch {
		case r.body != nil:
			body = r.body(f)
		case op.hasBody:
			body = map[string]any{}
		}
		res := c.Call(op.method, path, body)
		if !r.want[i].allows(res.Status, public) {
			t.Errorf("%s (%s %s) as %s: %d, want %s: %s", op.id, op.method, path, who, res.Status, r.want[i], res.Body)
			continue
		}
		if l, ok := scopedLists[op.id]; ok && res.Status == http.StatusOK {
			checkList(t, f, c, i, op, l.field, l.row, res)
		}
	}
}

// allows reports whether status is the outcome o, auth.public_schedule
// being public.
func (o outcome) allows(status int, public bool) bool {
	switch {
	case o == ok, o == schedule && public:
		return status < 500 && status != http.StatusUnauthorized && status != http.StatusForbidden &&
			status != http.StatusNotFound
	case o == o401, o == schedule:
		return status == http.StatusUnauthorized
	case o == o403:
		return status == http.StatusForbidden
	default:
		return status == http.StatusNotFound
	}
}
