package schedules_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/schedules"
)

// Bad input is 422 naming the field, on create, replace and patch, and
// writes nothing.
func TestValidation(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "", nil)
		cases := []struct {
			name   string
			fields map[string]any
			field  string
		}{
			{"unknown weekday", map[string]any{"weekdays": []string{"mon", "funday"}}, "weekdays"},
			{"no weekday", map[string]any{"weekdays": []string{}}, "weekdays"},
			{"hour 25", map[string]any{"start_time": "25:00"}, "start_time"},
			{"24:00", map[string]any{"start_time": "24:00"}, "start_time"},
			{"minute 60", map[string]any{"start_time": "18:60"}, "start_time"},
			{"one-digit hour", map[string]any{"start_time": "7:30"}, "start_time"},
			{"seconds", map[string]any{"start_time": "18:30:00"}, "start_time"},
			{"ends before it starts", map[string]any{"starts_on": "2030-03-10", "ends_on": "2030-03-09"}, "ends_on"},
			{"no such date", map[string]any{"starts_on": "2030-02-30"}, "starts_on"},
			{"a time for a date", map[string]any{"ends_on": "2030-03-09T00:00:00Z"}, "ends_on"},
			{"year 10000", map[string]any{"starts_on": "9999-12-31"}, "starts_on"},
			{"unknown class type", map[string]any{"class_type": 999}, "class_type"},
			{"duration 0", map[string]any{"duration_minutes": 0}, "duration_minutes"},
			{"duration over a day", map[string]any{"duration_minutes": 1441}, "duration_minutes"},
			{"capacity 0", map[string]any{"capacity": 0}, "capacity"},
			{"unknown field", map[string]any{"room": "A"}, "room"},
			{"no start time", map[string]any{"start_time": nil}, "start_time"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				f.Call("POST", "/api/class_schedules", f.schedule(c.fields)).ExpectInvalid(t, c.field, "")
			})
		}
		if n := f.count("class_schedules") + f.count("class_sessions"); n != 0 {
			t.Errorf("refused creates wrote %d rows", n)
		}
		s := f.create(nil)
		before := f.sessions(s.ID)
		for _, c := range cases[:12] {
			t.Run("PUT "+c.name, func(t *testing.T) {
				f.Call("PUT", path(s.ID), f.schedule(c.fields)).ExpectInvalid(t, c.field, "")
			})
			t.Run("PATCH "+c.name, func(t *testing.T) {
				f.Call("PATCH", path(s.ID), c.fields).ExpectInvalid(t, c.field, "")
			})
		}
		f.Call("PATCH", path(s.ID), map[string]any{"weekdays": nil}).ExpectInvalid(t, "weekdays", "null")
		if after := f.sessions(s.ID); len(after) != len(before) || after[0].ID != before[0].ID {
			t.Errorf("refused changes touched the sessions: %v", f.local(after))
		}
		var got schedules.ScheduleJSON
		f.Expect(http.StatusOK, "GET", path(s.ID), nil, &got)
		if got.StartTime != "18:30" || got.EndsOn != nil {
			t.Errorf("refused changes changed the schedule: %+v", got)
		}
		// Days are case-insensitive and shown Monday first, once each.
		var c schedules.ScheduleChangeJSON
		f.Expect(http.StatusCreated, "POST", "/api/class_schedules", f.schedule(map[string]any{"weekdays": []string{"SUN", "wed", "mon", "wed"}}), &c)
		if len(c.Weekdays) != 3 || c.Weekdays[0] != "mon" || c.Weekdays[1] != "wed" || c.Weekdays[2] != "sun" {
			t.Errorf("weekdays %v, want [mon wed sun]", c.Weekdays)
		}
	})
}

// A PATCH publishes each field as one type, capacity and ends_on
// nullable (null clears them); null elsewhere is refused.
func TestPatchSchema(t *testing.T) {
	f := newFixture(t, config.SQLite, "", nil)
	f.ExpectPatchSchema(t, "SchedulePatch", 11, "capacity", "ends_on")
	s := f.create(map[string]any{"ends_on": "2030-03-31"})
	var got schedules.ScheduleChangeJSON
	f.Expect(http.StatusOK, "PATCH", path(s.ID), map[string]any{"capacity": nil, "ends_on": nil}, &got)
	if got.Capacity != nil || got.EndsOn != nil {
		t.Errorf("after nulls: %+v", got.ScheduleJSON)
	}
	for _, field := range []string{"class_type", "weekdays", "start_time", "duration_minutes", "starts_on", "active"} {
		f.Call("PATCH", path(s.ID), map[string]any{field: nil}).ExpectInvalid(t, field, "null")
	}
}

// A class type with a schedule cannot be deleted: 409 class_type_in_use.
func TestClassTypeInUse(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "", nil)
		pilates := f.ClassType("Pilates")
		f.create(map[string]any{"class_type": pilates, "starts_on": "2031-01-01"}) // no session yet
		f.ExpectProblem(http.StatusConflict, "class_type_in_use", "DELETE", "/api/class_types/"+itoa(pilates), nil)
	})
}

// The config is checked at start-up, naming the key.
func TestConfig(t *testing.T) {
	testenv.ExpectConfig(t, func() core.Feature { return schedules.New() }, []testenv.ConfigCase{
		{Name: "default", Section: nil, Want: ""},
		{Name: "one day", Section: map[string]any{"horizon_days": 1}, Want: ""},
		{Name: "two years", Section: map[string]any{"horizon_days": 731}, Want: ""},
		{Name: "from the environment", Section: map[string]any{"horizon_days": "28"}, Want: ""},
		{Name: "zero", Section: map[string]any{"horizon_days": 0}, Want: "horizon_days"},
		{Name: "negative", Section: map[string]any{"horizon_days": -7}, Want: "horizon_days"},
		{Name: "too far", Section: map[string]any{"horizon_days": 732}, Want: "horizon_days"},
		{Name: "not a number", Section: map[string]any{"horizon_days": "eight weeks"}, Want: "horizon_days"},
		{Name: "unknown key", Section: map[string]any{"horizon": 56}, Want: "horizon"},
	}, map[string]any{"enabled": true, "horizon_days": 56})
}

// A body the schema refuses gets one 422 naming its other faults too.
func TestEveryFieldProblemAtOnce(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "", nil)
		body := f.schedule(map[string]any{"duration_minutes": 0, "weekdays": []string{"funday"}, "start_time": "25:00",
			"class_type": 999, "ends_on": "2030-01-01"})
		want := []string{"class_type", "duration_minutes", "ends_on", "start_time", "weekdays"}
		p := f.ExpectProblem(http.StatusUnprocessableEntity, "validation_failed", "POST", "/api/class_schedules", body)
		if got := p.SortedFields(); !slices.Equal(got, want) {
			t.Errorf("POST: errors name %v, want %v: %+v", got, want, p.Errors)
		}
		s := f.create(nil)
		p = f.ExpectProblem(http.StatusUnprocessableEntity, "validation_failed", "PUT", path(s.ID), body)
		if got := p.SortedFields(); !slices.Equal(got, want) {
			t.Errorf("PUT: errors name %v, want %v: %+v", got, want, p.Errors)
		}
	})
}
