package schedules_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/api"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/schedules"
)

// base is when the tests' clock stands: Monday 4 March 2030, 09:00 UTC.
var base = time.Date(2030, 3, 4, 9, 0, 0, 0, time.UTC)

// fixture is a running Gymtastic with the schedules feature alone, in
// the time zone given, its clock at base and a Yoga class type.
type fixture struct {
	*testenv.Env
	t       *testing.T
	feature *schedules.Feature
	loc     *time.Location
	yoga    int64
}

func newFixture(t *testing.T, kind config.DatabaseKind, tz string, section map[string]any) *fixture {
	t.Helper()
	if tz == "" {
		tz = "UTC"
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		t.Fatal(err)
	}
	feature := schedules.New()
	env := testenv.New(t, kind, testenv.Options{Features: []core.Feature{feature}, Timezone: tz,
		FeatureConfig: map[string]map[string]any{"schedules": section}})
	env.Clock.Set(base)
	return &fixture{Env: env, t: t, feature: feature, loc: loc, yoga: env.ClassType("Yoga")}
}

// schedule is a body for a schedule of Yoga, changed by fields.
func (f *fixture) schedule(fields map[string]any) map[string]any {
	b := map[string]any{"class_type": f.yoga, "weekdays": []string{"mon", "wed"}, "start_time": "18:30",
		"duration_minutes": 60, "capacity": 10, "starts_on": "2030-03-04"}
	for k, v := range fields {
		if v == nil {
			delete(b, k)
			continue
		}
		b[k] = v
	}
	return b
}

// create creates a schedule and returns the answer.
func (f *fixture) create(fields map[string]any) schedules.ScheduleChangeJSON {
	f.t.Helper()
	var out schedules.ScheduleChangeJSON
	f.Expect(http.StatusCreated, "POST", "/api/class_schedules", f.schedule(fields), &out)
	return out
}

// sessions lists the sessions schedule id made.
func (f *fixture) sessions(id int64) []api.ClassSession {
	f.t.Helper()
	var out []api.ClassSession
	f.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/class_schedules/%d/sessions?limit=1000", id), nil, &out)
	return out
}

// local is the sessions' starts, gym-local, as "2006-01-02 Mon 15:04 -0700".
func (f *fixture) local(list []api.ClassSession) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = s.StartsAt.In(f.loc).Format("2006-01-02 Mon 15:04 -0700")
	}
	return out
}

// book books a new customer into session.
func (f *fixture) book(session int64) int64 {
	f.t.Helper()
	var out testenv.ID
	f.Expect(http.StatusCreated, "POST", "/api/bookings", map[string]any{"customer": f.Customer(fmt.Sprintf("C%d", time.Now().UnixNano())),
		"class_session": session}, &out)
	return out.ID
}

// run runs the feature's background job.
func (f *fixture) run() {
	f.t.Helper()
	if err := f.feature.RunJob(f.t.Context()); err != nil {
		f.t.Fatal(err)
	}
}

// count returns the rows of table.
func (f *fixture) count(table string) int64 {
	var n int64
	f.App.DB.Table(table).Count(&n)
	return n
}
