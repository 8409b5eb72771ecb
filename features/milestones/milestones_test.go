package milestones_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/milestones"
)

// base is when the tests' frozen clock starts; sessions start a month later.
var base = time.Date(2030, 3, 4, 9, 0, 0, 0, time.UTC)

// fixture is a running Gymtastic with the feature, a customer and a supply
// of future sessions.
type fixture struct {
	*testenv.Env
	t         *testing.T
	classType int64
	sessions  int
}

func newFixture(t *testing.T, kind config.DatabaseKind, opt testenv.Options) *fixture {
	t.Helper()
	opt.Features = []core.Feature{milestones.New()}
	env := testenv.New(t, kind, opt)
	env.Clock.Set(base)
	return &fixture{Env: env, t: t, classType: env.ClassType("Spinning")}
}

// session creates a session starting well after the clock.
func (f *fixture) session() int64 {
	f.t.Helper()
	f.sessions++
	return f.Session(f.classType, f.Clock.Now().AddDate(0, 2, 0).Add(time.Duration(f.sessions)*time.Hour), 0)
}

// book books customer into a new session and returns the booking id.
func (f *fixture) book(customer int64) int64 {
	f.t.Helper()
	var out testenv.ID
	f.Expect(http.StatusCreated, "POST", "/api/bookings", map[string]any{"customer": customer, "class_session": f.session()}, &out)
	return out.ID
}

func (f *fixture) milestone(name, interval string, count int) int64 {
	f.t.Helper()
	var out testenv.ID
	f.Expect(http.StatusCreated, "POST", "/api/milestones",
		map[string]any{"name": name, "interval": interval, "session_count": count}, &out)
	return out.ID
}

func (f *fixture) achievements(query string) []milestones.AchievementJSON {
	f.t.Helper()
	var out []milestones.AchievementJSON
	f.Expect(http.StatusOK, "GET", "/api/milestone_achievements"+query, nil, &out)
	return out
}

// emails returns the milestone emails in the outbox.
func (f *fixture) emails() []core.Email {
	f.t.Helper()
	var out []core.Email
	if err := f.App.DB.Where("kind = ?", milestones.EmailKind).Order("id").Find(&out).Error; err != nil {
		f.t.Fatal(err)
	}
	return out
}

func (f *fixture) expectCounts(achievements, emails int) {
	f.t.Helper()
	if a, e := len(f.achievements("")), len(f.emails()); a != achievements || e != emails {
		f.t.Fatalf("%d achievements and %d emails, want %d and %d", a, e, achievements, emails)
	}
}

func TestMilestonesCRUD(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		var m milestones.MilestoneJSON
		r := f.Expect(http.StatusCreated, "POST", "/api/milestones/",
			map[string]any{"name": " Ten a month ", "interval": "p1m", "session_count": 10}, &m)
		if m.Name != "Ten a month" || m.Interval != "P1M" || m.SessionCount != 10 || m.Active == nil || !*m.Active ||
			!m.CreatedAt.Equal(base) {
			t.Fatalf("created %+v", m)
		}
		if loc := r.Header.Get("Location"); loc != fmt.Sprintf("/api/milestones/%d", m.ID) {
			t.Errorf("Location %q", loc)
		}
		path := fmt.Sprintf("/api/milestones/%d", m.ID)

		// PUT back what GET gave, read-only fields included, with changes.
		m.Name, m.Interval = "Fifteen in six weeks", "P6W"
		m.SessionCount = 15
		var put milestones.MilestoneJSON
		f.Expect(http.StatusOK, "PUT", path, m, &put)
		if put.Name != m.Name || put.Interval != "P6W" || put.SessionCount != 15 || !*put.Active {
			t.Errorf("after PUT: %+v", put)
		}
		var patched milestones.MilestoneJSON
		f.Expect(http.StatusOK, "PATCH", path+"/", map[string]any{"active": false}, &patched)
		if *patched.Active || patched.Name != m.Name {
			t.Errorf("after PATCH: %+v", patched)
		}
		var list []milestones.MilestoneJSON
		f.Expect(http.StatusOK, "GET", "/api/milestones?active=false", nil, &list)
		if len(list) != 1 || list[0].ID != m.ID {
			t.Errorf("inactive list: %+v", list)
		}
		f.Expect(http.StatusOK, "GET", "/api/milestones?active=true", nil, &list)
		if len(list) != 0 {
			t.Errorf("active list: %+v", list)
		}
		f.Expect(http.StatusNoContent, "DELETE", path, nil, nil)
		f.ExpectProblem(http.StatusNotFound, "not_found", "GET", path, nil)
		f.ExpectProblem(http.StatusNotFound, "not_found", "DELETE", path, nil)
		f.ExpectProblem(http.StatusNotFound, "not_found", "PATCH", path, map[string]any{"active": true})

		doc := string(f.Expect(http.StatusOK, "GET", "/api/openapi.json", nil, nil).Body)
		for _, p := range []string{`"/milestones/{id}"`, `"/milestone_achievements"`} {
			if !strings.Contains(doc, p) {
				t.Errorf("the OpenAPI document lacks %s", p)
			}
		}
	})
}

func TestMilestoneValidation(t *testing.T) {
	f := newFixture(t, config.SQLite, testenv.Options{})
	for _, c := range []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"hours are not a calendar interval", map[string]any{"name": "x", "interval": "PT12H", "session_count": 1}, "interval"},
		{"words are not ISO 8601", map[string]any{"name": "x", "interval": "1 month", "session_count": 1}, "interval"},
		{"zero interval", map[string]any{"name": "x", "interval": "P0D", "session_count": 1}, "interval"},
		{"session_count below 1", map[string]any{"name": "x", "interval": "P1M", "session_count": 0}, "session_count"},
		{"blank name", map[string]any{"name": "   ", "interval": "P1M", "session_count": 1}, "name"},
		// core/api names no field for a missing property (reported).
		{"missing interval", map[string]any{"name": "x", "session_count": 1}, ""},
		{"unknown field", map[string]any{"name": "x", "interval": "P1M", "session_count": 1, "colour": "red"}, "colour"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := f.ExpectProblem(http.StatusUnprocessableEntity, "validation_failed", "POST", "/api/milestones", c.body)
			found := c.field == ""
			for _, e := range p.Errors {
				found = found || e.Field == c.field
			}
			if !found {
				t.Errorf("errors %+v do not name %s", p.Errors, c.field)
			}
		})
	}
	f.ExpectProblem(http.StatusNotFound, "not_found", "GET", "/api/milestones/999", nil)
	f.ExpectProblem(http.StatusNotFound, "not_found", "GET", "/api/milestone_achievements/999", nil)
	f.expectCounts(0, 0)
}
