package workouts_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/workouts"
)

// TestTextPostgreSQLCannotStore: text holding a NUL character, which
// PostgreSQL cannot store, is refused alike on both databases with 422
// naming the field, on create, replace and change, and nothing is written.
// Names and notes go through core.CheckText ("NUL"); a kind is one of two
// words, which the schema refuses first, naming it.
func TestTextPostgreSQLCannotStore(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		r := f.records()
		equipment := map[string]any{"name": "Ski erg", "kind": "cardio"}
		exercise := map[string]any{"name": "Skiing", "kind": "cardio"}
		workout := workout(r.workout.Customer, base.Add(-time.Hour), time.Time{})
		for _, c := range []struct {
			create, path string
			valid        map[string]any
			field, value string
			rule         string
		}{
			{"/api/equipment", r.equipmentPath(), equipment, "name", "Ski erg\x00", "NUL"},
			{"/api/equipment", r.equipmentPath(), equipment, "name", "\x00", "NUL"},
			{"/api/equipment", r.equipmentPath(), equipment, "kind", "cardio\x00", ""},
			{"/api/exercises", r.exercisePath(), exercise, "name", "Skiing\x00", "NUL"},
			{"/api/exercises", r.exercisePath(), exercise, "kind", "cardio\x00", ""},
			{"/api/workouts", r.workoutPath(), workout, "notes", "easy\x00day", "NUL"},
			{"/api/workouts", r.workoutPath(), workout, "notes", "\x00", "NUL"},
		} {
			for _, req := range testenv.Writes(c.create, c.path, c.valid, c.field, c.value) {
				t.Run(fmt.Sprintf("%s %s %q", req.Method, c.path, c.value), func(t *testing.T) {
					before := f.state(r)
					f.Call(req.Method, req.Path, req.Body).ExpectInvalid(t, c.field, c.rule)
					f.expectUnchanged(t, before)
				})
			}
		}
		// Invalid UTF-8, which JSON decoding would turn into U+FFFD, is
		// refused before the feature sees it (core/api's checkBody).
		for _, req := range []struct{ method, path, name string }{
			{"POST", "/api/equipment", "Ski erg"}, {"PATCH", r.equipmentPath(), "Rower"},
		} {
			before := f.state(r)
			resp := f.Call(req.method, req.path, "{\"name\": \""+req.name+"\xff\", \"kind\": \"cardio\"}")
			resp.ExpectInvalid(t, "name", "UTF-8")
			f.expectUnchanged(t, before)
		}
	})
}

// TestTimesOutsideYears: a started_at or ended_at whose UTC instant is
// outside the years 0001–9999 goes through core.CheckTime, refused alike on
// both databases naming the field, and nothing is written.
func TestTimesOutsideYears(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		r := f.records()
		started := base.Add(-time.Hour).Format(time.RFC3339)
		for _, c := range []struct{ field, value string }{
			{"started_at", "0001-01-01T00:00:00+01:00"},
			{"started_at", "9999-12-31T23:59:59-23:59"},
			{"ended_at", "0001-01-01T00:00:00+01:00"},
			{"ended_at", "9999-12-31T23:59:59-23:59"},
		} {
			valid := map[string]any{"customer": r.workout.Customer, "started_at": started, "sets": []any{}}
			for _, req := range testenv.Writes("/api/workouts", r.workoutPath(), valid, c.field, c.value) {
				t.Run(req.Method+" "+c.field+" "+c.value, func(t *testing.T) {
					before := f.state(r)
					f.Call(req.Method, req.Path, req.Body).ExpectInvalid(t, c.field, "outside the years 0001 to 9999")
					f.expectUnchanged(t, before)
				})
			}
		}
	})
}

// TestTextRules: equipment and exercise names are one line of visible
// text stored in Unicode NFC (core.Name): "Rudergerät" typed decomposed is
// the name typed composed (409 name_taken), and CR/LF, other control
// characters and invisible format characters are refused naming name.
// Notes are free text (core.CheckLines): line breaks and tabs are kept as
// sent, other control characters refused naming notes. Nothing refused is
// written.
func TestTextRules(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		r := f.records()
		var eq workouts.EquipmentJSON
		f.Expect(http.StatusCreated, "POST", "/api/equipment", map[string]any{"name": "Rudergera\u0308t", "kind": "cardio"}, &eq)
		var ex workouts.ExerciseJSON
		f.Expect(http.StatusCreated, "POST", "/api/exercises", map[string]any{"name": "Kniebeuge mit Gewichtsweste (sa\u0308tze)", "kind": "strength"}, &ex)
		if eq.Name != "Ruderger\u00e4t" || ex.Name != "Kniebeuge mit Gewichtsweste (s\u00e4tze)" {
			t.Fatalf("stored %+q and %+q, want the composed (NFC) forms", eq.Name, ex.Name)
		}
		for _, c := range []struct {
			method, path string
			body         map[string]any
		}{
			{"POST", "/api/equipment", map[string]any{"name": "Ruderger\u00e4t", "kind": "cardio"}},
			{"PATCH", r.equipmentPath(), map[string]any{"name": "RUDERGERA\u0308T"}},
			{"POST", "/api/exercises", map[string]any{"name": "kniebeuge mit gewichtsweste (S\u00c4TZE)", "kind": "strength"}},
			{"PUT", r.exercisePath(), map[string]any{"name": "Kniebeuge mit Gewichtsweste (sa\u0308tze)", "kind": "cardio"}},
		} {
			t.Run(fmt.Sprintf("%s %s %+q", c.method, c.path, c.body["name"]), func(t *testing.T) {
				before := f.state(r)
				f.ExpectProblem(http.StatusConflict, "name_taken", c.method, c.path, c.body)
				f.expectUnchanged(t, before)
			})
		}
		notes := "Felt strong.\n\tBench: 5x5\r\n\tRow: 2 km"
		body := workout(r.workout.Customer, base.Add(-time.Hour), time.Time{})
		body["notes"] = notes
		if got := f.create(body); got.Notes != notes {
			t.Errorf("notes stored as %+q, want %+q", got.Notes, notes)
		}
		equipment := map[string]any{"name": "Ski erg", "kind": "cardio"}
		exercise := map[string]any{"name": "Skiing", "kind": "cardio"}
		for _, c := range []struct {
			create, path string
			valid        map[string]any
			field, value string
			rule         string
		}{
			{"/api/equipment", r.equipmentPath(), equipment, "name", "Ski\r\nerg", "control character"},
			{"/api/equipment", r.equipmentPath(), equipment, "name", "Ski\u2028erg", "line or paragraph separator"},
			{"/api/exercises", r.exercisePath(), exercise, "name", "Ski\u200eing", "invisible format character"},
			{"/api/exercises", r.exercisePath(), exercise, "name", "Ski\x1bing", "U+001B"},
			{"/api/workouts", r.workoutPath(), body, "notes", "easy\x07day", "U+0007"},
			{"/api/workouts", r.workoutPath(), body, "notes", "easy\rday", "carriage return"},
		} {
			for _, req := range testenv.Writes(c.create, c.path, c.valid, c.field, c.value) {
				t.Run(fmt.Sprintf("%s %s %+q", req.Method, c.path, c.value), func(t *testing.T) {
					before := f.state(r)
					f.Call(req.Method, req.Path, req.Body).ExpectInvalid(t, c.field, c.rule)
					f.expectUnchanged(t, before)
				})
			}
		}
	})
}

// TestTimeOffsetsPast2359: an offset Go's parser takes and RFC 3339 does
// not (an hour of 24, a minute of 60) is refused naming the field, and
// nothing is written.
func TestTimeOffsetsPast2359(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		r := f.records()
		started := base.Add(-time.Hour).Format(time.RFC3339)
		for _, field := range []string{"started_at", "ended_at"} {
			for _, off := range []string{"+24:00", "-24:00", "+23:60", "+05:60"} {
				value := base.Add(-30*time.Minute).Format("2006-01-02T15:04:05") + off
				valid := map[string]any{"customer": r.workout.Customer, "started_at": started, "sets": []any{}}
				for _, req := range testenv.Writes("/api/workouts", r.workoutPath(), valid, field, value) {
					t.Run(req.Method+" "+field+" "+value, func(t *testing.T) {
						before := f.state(r)
						f.Call(req.Method, req.Path, req.Body).ExpectInvalid(t, field, "±23:59")
						f.expectUnchanged(t, before)
					})
				}
			}
		}
	})
}
