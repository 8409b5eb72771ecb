package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// ctClassType is a class type as the API answers it.
type ctClassType struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
}

func ctGet(t *testing.T, env *testenv.Env, id int64) ctClassType {
	t.Helper()
	var c ctClassType
	env.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/class_types/%d", id), nil, &c)
	return c
}

func ctCreate(t *testing.T, env *testenv.Env, body map[string]any) ctClassType {
	t.Helper()
	var c ctClassType
	env.Expect(http.StatusCreated, "POST", "/api/class_types", body, &c)
	return c
}

func TestClassTypeCRUD(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{})
		r := env.Expect(http.StatusCreated, "POST", "/api/class_types",
			map[string]any{"name": "Yoga", "description": "Stretch and breathe"}, nil)
		cvKeys(t, r.Body, "id", "name", "description")
		var yoga ctClassType
		r.Decode(t, &yoga)
		if yoga.ID < 1 || yoga.Name != "Yoga" || yoga.Description != "Stretch and breathe" {
			t.Fatalf("created %+v", yoga)
		}
		if loc, want := r.Header.Get("Location"), fmt.Sprintf("/api/class_types/%d", yoga.ID); loc != want {
			t.Fatalf("Location %q, want %q", loc, want)
		}
		if got := ctGet(t, env, yoga.ID); got != yoga {
			t.Fatalf("GET %+v, want %+v", got, yoga)
		}

		// The description is optional and may be empty.
		for _, body := range []map[string]any{{"name": "Spin"}, {"name": "Row", "description": ""}} {
			if c := ctCreate(t, env, body); c.Description != "" || c.Name != body["name"] {
				t.Fatalf("created %+v from %v", c, body)
			}
		}

		path := fmt.Sprintf("/api/class_types/%d", yoga.ID)
		var put ctClassType
		env.Expect(http.StatusOK, "PUT", path, map[string]any{"name": "Hatha Yoga", "description": "Slow"}, &put)
		if want := (ctClassType{yoga.ID, "Hatha Yoga", "Slow"}); put != want || ctGet(t, env, yoga.ID) != want {
			t.Fatalf("PUT answered %+v, want %+v", put, want)
		}
		// PUT replaces: a description left out becomes empty.
		env.Expect(http.StatusOK, "PUT", path, map[string]any{"name": "Hatha Yoga"}, &put)
		if want := (ctClassType{yoga.ID, "Hatha Yoga", ""}); put != want || ctGet(t, env, yoga.ID) != want {
			t.Fatalf("PUT without description answered %+v, want %+v", put, want)
		}

		patches := []struct {
			name string
			body map[string]any
			want ctClassType
		}{
			{"description", map[string]any{"description": "Gentle"}, ctClassType{yoga.ID, "Hatha Yoga", "Gentle"}},
			{"name", map[string]any{"name": "Yoga"}, ctClassType{yoga.ID, "Yoga", "Gentle"}},
			{"empty description", map[string]any{"description": ""}, ctClassType{yoga.ID, "Yoga", ""}},
			{"both", map[string]any{"name": "Yin", "description": "Still"}, ctClassType{yoga.ID, "Yin", "Still"}},
			{"nothing", map[string]any{}, ctClassType{yoga.ID, "Yin", "Still"}},
			{"same name, other case", map[string]any{"name": "YIN"}, ctClassType{yoga.ID, "YIN", "Still"}},
		}
		for _, p := range patches {
			t.Run("PATCH "+p.name, func(t *testing.T) {
				var got ctClassType
				env.Expect(http.StatusOK, "PATCH", path, p.body, &got)
				if got != p.want || ctGet(t, env, yoga.ID) != p.want {
					t.Fatalf("PATCH %v: %+v, want %+v", p.body, got, p.want)
				}
			})
		}

		env.Expect(http.StatusNoContent, "DELETE", path, nil, nil)
		env.ExpectProblem(http.StatusNotFound, "not_found", "GET", path, nil)
		env.ExpectProblem(http.StatusNotFound, "not_found", "PUT", path, map[string]any{"name": "Ghost"})
		env.ExpectProblem(http.StatusNotFound, "not_found", "PATCH", path, map[string]any{"name": "Ghost"})
		env.ExpectProblem(http.StatusNotFound, "not_found", "DELETE", path, nil)
		if n := countRows(t, env, "class_types"); n != 2 {
			t.Fatalf("%d class types left, want 2", n)
		}
	})
}

func TestClassTypeList(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{})
		zumba := ctCreate(t, env, map[string]any{"name": "Zumba"})
		aero := ctCreate(t, env, map[string]any{"name": "Aerobics", "description": "Jump"})
		box := ctCreate(t, env, map[string]any{"name": "Body Combat"})
		cases := []struct {
			query string
			want  []int64
		}{
			{"", []int64{zumba.ID, aero.ID, box.ID}},
			{"name=Aerobics", []int64{aero.ID}},
			{"name=body%20COMBAT", []int64{box.ID}},
			{"name=Body", []int64{}},
			{"name=Pilates", []int64{}},
		}
		for _, c := range cases {
			t.Run(c.query, func(t *testing.T) {
				var rows []ctClassType
				r := env.Expect(http.StatusOK, "GET", "/api/class_types?"+c.query, nil, &rows)
				if rows == nil {
					t.Fatalf("body %s: want a JSON array", r.Body)
				}
				got := []int64{}
				for _, row := range rows {
					got = append(got, row.ID)
				}
				if !slices.Equal(got, c.want) {
					t.Fatalf("?%s: %v, want %v", c.query, got, c.want)
				}
			})
		}
		var rows []ctClassType
		env.Expect(http.StatusOK, "GET", "/api/class_types", nil, &rows)
		if rows[1] != aero {
			t.Fatalf("listed %+v, want %+v", rows[1], aero)
		}
	})
}

// TestClassTypeNameUnique: names are unique ignoring case, on create and on
// update.
func TestClassTypeNameUnique(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{})
		ctCreate(t, env, map[string]any{"name": "Yoga"})
		ctCreate(t, env, map[string]any{"name": "Rückenfit"})
		spin := ctCreate(t, env, map[string]any{"name": "Spin"})
		spinPath := fmt.Sprintf("/api/class_types/%d", spin.ID)
		cases := []struct {
			name, method, path string
			body               map[string]any
		}{
			{"create, same name", "POST", "/api/class_types", map[string]any{"name": "Yoga"}},
			{"create, other case", "POST", "/api/class_types", map[string]any{"name": "yOGA", "description": "x"}},
			{"create, surrounding spaces", "POST", "/api/class_types", map[string]any{"name": "  Yoga "}},
			{"replace with a taken name", "PUT", spinPath, map[string]any{"name": "YOGA"}},
			{"patch to a taken name", "PATCH", spinPath, map[string]any{"name": "yoga"}},
			// Every letter, not only ASCII: SQLite's own lower() leaves Ü.
			{"create, other case beyond ASCII", "POST", "/api/class_types", map[string]any{"name": "RÜCKENFIT"}},
			{"patch to a taken name beyond ASCII", "PATCH", spinPath, map[string]any{"name": "rÜckenFit"}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				before := cvSnapshot(t, env)
				cvProblem(t, env.Call(c.method, c.path, c.body), http.StatusConflict, "name_taken")
				cvUnchanged(t, env, before)
			})
		}
		// The name filter ignores case the same way.
		var found []ctClassType
		env.Expect(http.StatusOK, "GET", "/api/class_types?name="+url.QueryEscape("RÜCKENFIT"), nil, &found)
		if len(found) != 1 || found[0].Name != "Rückenfit" {
			t.Fatalf("?name=RÜCKENFIT found %+v, want Rückenfit", found)
		}
	})
}

func TestClassTypeInvalid(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{})
		yoga := ctCreate(t, env, map[string]any{"name": "Yoga", "description": "d"})
		cases := []struct {
			name  string
			body  map[string]any
			field string
			full  bool // POST and PUT only
		}{
			{"missing name", map[string]any{"description": "x"}, "name", true},
			{"empty name", map[string]any{"name": ""}, "name", false},
			{"blank name", map[string]any{"name": " \t "}, "name", false},
			{"name too long", map[string]any{"name": strings.Repeat("n", 257)}, "name", false},
			{"name a number", map[string]any{"name": 3}, "name", false},
			{"name null", map[string]any{"name": nil}, "name", false},
			{"description a number", map[string]any{"name": "Pilates", "description": 1}, "description", false},
			{"description too long", map[string]any{"name": "Pilates", "description": strings.Repeat("d", 10001)}, "description", false},
			{"unknown field", map[string]any{"name": "Pilates", "level": "hard"}, "level", false},
			{"created_at is not a class type field", map[string]any{"name": "Pilates", "created_at": "2026-01-01T00:00:00Z"}, "created_at", false},
		}
		for _, c := range cases {
			for _, method := range []string{"POST", "PUT", "PATCH"} {
				if c.full && method == "PATCH" {
					continue
				}
				t.Run(method+" "+c.name, func(t *testing.T) {
					path := "/api/class_types"
					if method != "POST" {
						path = fmt.Sprintf("/api/class_types/%d", yoga.ID)
					}
					before := cvSnapshot(t, env)
					p := cvProblem(t, env.Call(method, path, c.body), http.StatusUnprocessableEntity, "validation_failed")
					if !bkHasField(p, c.field) {
						t.Fatalf("problem does not name %q: %+v", c.field, p)
					}
					cvUnchanged(t, env, before)
				})
			}
		}
		// The bounds are accepted.
		ctCreate(t, env, map[string]any{"name": strings.Repeat("ü", 256), "description": strings.Repeat("d", 10000)})
	})
}

// TestClassTypeDeleteInUse: a class type with sessions is kept (409
// class_type_in_use), whatever the sessions' bookings; once its sessions
// are gone it can be deleted.
func TestClassTypeDeleteInUse(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{})
		env.Clock.Set(cvNow)
		yoga := env.ClassType("Yoga")
		spin := env.ClassType("Spin")
		s1 := env.Session(yoga, cvNow.Add(24*time.Hour), 0)
		s2 := env.Session(yoga, cvNow.Add(48*time.Hour), 0)
		path := fmt.Sprintf("/api/class_types/%d", yoga)
		for _, p := range []string{path, path + "/"} {
			before := cvSnapshot(t, env)
			cvProblem(t, env.Call("DELETE", p, nil), http.StatusConflict, "class_type_in_use")
			cvUnchanged(t, env, before)
		}
		// Moving one session away still leaves one.
		env.Expect(http.StatusOK, "PATCH", fmt.Sprintf("/api/class_sessions/%d", s1), map[string]any{"class_type": spin}, nil)
		cvProblem(t, env.Call("DELETE", path, nil), http.StatusConflict, "class_type_in_use")
		env.Expect(http.StatusNoContent, "DELETE", fmt.Sprintf("/api/class_sessions/%d", s2), nil, nil)
		env.Expect(http.StatusNoContent, "DELETE", path, nil, nil)
		env.ExpectProblem(http.StatusNotFound, "not_found", "GET", path, nil)
		cvProblem(t, env.Call("DELETE", fmt.Sprintf("/api/class_types/%d", spin), nil), http.StatusConflict, "class_type_in_use")
	})
}
