package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// TestBodyMediaTypes: a body is read as JSON when its Content-Type is
// application/json in any case, with no charset or charset=utf-8, or when
// it has none; anything else, +json types and media types that do not
// parse included, is 415 unsupported_media_type and writes nothing. What
// is read as JSON is checked as text (checkBody) whatever the case of its
// Content-Type, and what is refused is never checked or decoded.
func TestBodyMediaTypes(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{})
		n := 0
		customer := func() []byte {
			n++
			return fmt.Appendf(nil, `{"first_name": "Ada", "last_name": "Lovelace", "email": "mt%d@example.com"}`, n)
		}
		for _, ct := range []string{"", "application/json", "APPLICATION/JSON", "Application/Json; Charset=UTF-8",
			`application/json; charset="utf-8"`, "application/json;charset=utf-8", "application/json; version=2"} {
			if r := cvRaw(t, env, "POST", "/api/customers", ct, customer()); r.Status != http.StatusCreated {
				t.Errorf("POST with Content-Type %q: %d %s, want 201", ct, r.Status, r.Body)
			}
		}
		id := env.Customer("Grace")
		one := fmt.Sprintf("/api/customers/%d", id)
		for _, c := range []struct{ method, path, ct string }{
			{"POST", "/api/customers", ";;;"},
			{"POST", "/api/customers", "application/vnd.evil+json"},
			{"POST", "/api/customers", "application/problem+json"},
			{"POST", "/api/customers", "json"},
			{"POST", "/api/customers", "application/json; charset=iso-8859-1"},
			{"POST", "/api/customers", "application/json; charset"},
			{"POST", "/api/customers", "application/json, text/plain"},
			{"POST", "/api/customers", "text/plain"},
			{"PUT", one, "application/merge-patch+json"},
			{"PATCH", one, "application/merge-patch+json"},
			{"PATCH", one, "APPLICATION/VND.EVIL+JSON"},
		} {
			t.Run(c.method+" "+c.ct, func(t *testing.T) {
				before := cvSnapshot(t, env)
				cvProblem(t, cvRaw(t, env, c.method, c.path, c.ct, customer()), http.StatusUnsupportedMediaType, "unsupported_media_type")
				// Refused before its text is read: not 422.
				cvProblem(t, cvRaw(t, env, c.method, c.path, c.ct, []byte("{\"first_name\": \"\xff\"}")),
					http.StatusUnsupportedMediaType, "unsupported_media_type")
				cvUnchanged(t, env, before)
			})
		}
		t.Run("two Content-Type headers", func(t *testing.T) {
			r, err := env.DoWithHeader("POST", "/api/customers", customer(),
				http.Header{"Content-Type": {"application/json", "text/plain"}})
			if err != nil {
				t.Fatal(err)
			}
			cvProblem(t, r, http.StatusUnsupportedMediaType, "unsupported_media_type")
		})
		// Read as JSON, so checked as text, in any case.
		for _, ct := range []string{"APPLICATION/JSON", "application/json; charset=UTF-8"} {
			r := cvRaw(t, env, "PATCH", one, ct, []byte("{\"first_name\": \"\xff\"}"))
			r.ExpectInvalid(t, "first_name", "UTF-8")
		}
		// PATCH in any case is the same JSON merge as ever.
		var got struct {
			FirstName string `json:"first_name"`
			LastName  string `json:"last_name"`
		}
		r := cvRaw(t, env, "PATCH", one, "Application/JSON", []byte(`{"first_name": "Ada"}`))
		if r.Status != http.StatusOK {
			t.Fatalf("PATCH: %d %s", r.Status, r.Body)
		}
		if r.Decode(t, &got); got.FirstName != "Ada" || got.LastName == "" {
			t.Errorf("PATCH gave %+v", got)
		}
	})
}
