package milestones_test

import (
	"fmt"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// TestTextPostgreSQLCannotStore: a name or interval holding a NUL
// character, which PostgreSQL cannot store, is refused alike on both
// databases with 422 naming the field, on create and on update, and
// nothing is written.
func TestTextPostgreSQLCannotStore(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		id := f.milestone("Eight a month", "P1M", 8)
		path := fmt.Sprintf("/api/milestones/%d", id)
		before, rows := f.get(id), f.count()
		for _, c := range []struct{ field, body string }{
			{"name", `"name": "Eight\u0000", "interval": "P1M", "session_count": 8`},
			{"name", `"name": "\u0000", "interval": "P1M", "session_count": 8`},
			{"interval", `"name": "Eight", "interval": "P1M\u0000", "session_count": 8`},
		} {
			for _, req := range []struct{ method, path string }{{"POST", "/api/milestones"}, {"PUT", path}, {"PATCH", path}} {
				t.Run(req.method+" "+c.body, func(t *testing.T) {
					r := f.Call(req.method, req.path, "{"+c.body+"}")
					r.ExpectInvalid(t, c.field, "NUL")
					f.expectUnchanged(t, id, before, rows)
				})
			}
		}
		// Invalid UTF-8, which JSON decoding would turn into U+FFFD, is
		// refused before the feature sees it (core/api's checkBody).
		for _, req := range []struct{ method, path string }{{"POST", "/api/milestones"}, {"PATCH", path}} {
			r := f.Call(req.method, req.path, "{\"name\": \"Eight\xff\", \"interval\": \"P1M\", \"session_count\": 8}")
			r.ExpectInvalid(t, "name", "UTF-8")
			f.expectUnchanged(t, id, before, rows)
		}
	})
}

// TestNameOneLine: a milestone's name goes into the congratulatory email's
// subject and body, so it is one line of visible text (core.Name): CR/LF,
// other control characters and invisible format characters are refused
// with 422 naming name, nothing written; one typed decomposed is stored
// composed (NFC).
func TestNameOneLine(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		id := f.milestone("Eight a month", "P1M", 8)
		path := fmt.Sprintf("/api/milestones/%d", id)
		before, rows := f.get(id), f.count()
		valid := map[string]any{"name": "Eight", "interval": "P1M", "session_count": 8}
		for _, c := range []struct{ value, rule string }{
			{"Eight\r\nBcc: eve@example.com", "control character"},
			{"Eight\ta month", "U+0009"},
			{"Eight\u0085a month", "U+0085"},
			{"Eig\u200bht", "invisible format character"},
		} {
			for _, req := range testenv.Writes("/api/milestones", path, valid, "name", c.value) {
				t.Run(fmt.Sprintf("%s %+q", req.Method, c.value), func(t *testing.T) {
					f.Call(req.Method, req.Path, req.Body).ExpectInvalid(t, "name", c.rule)
					f.expectUnchanged(t, id, before, rows)
				})
			}
		}
		if m := f.get(f.milestone("Fu\u0308nf im Monat", "P1M", 5)); m.Name != "F\u00fcnf im Monat" {
			t.Errorf("name stored as %+q, want the composed (NFC) form", m.Name)
		}
	})
}
