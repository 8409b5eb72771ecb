package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// boundedProblem is a problem with its errors_total.
type boundedProblem struct {
	Detail string `json:"detail"`
	Errors []struct {
		Field   string `json:"field"`
		Message string `json:"message"`
	} `json:"errors"`
	ErrorsTotal int `json:"errors_total"`
}

// TestProblemsAreBounded: a request however bad gets an answer of a few
// kilobytes: at most 100 entries in errors, with errors_total counting them
// all, a detail that summarizes the first ten, and no entry or detail
// echoing a long input whole. A body of too many values, or nested too
// deep, is refused naming the field before it is decoded. Nothing is
// written.
func TestProblemsAreBounded(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{})
		valid := `"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"`
		var unknown strings.Builder
		for i := range 5000 {
			fmt.Fprintf(&unknown, `, "x%d": 0`, i)
		}
		long := strings.Repeat("é", 100_000)
		for _, c := range []struct {
			name, body string
			status     int
			total      int    // errors_total, 0: errors is whole
			field      string // an entry names it, when not ""
			rule       string
		}{
			{"5000 unknown properties", "{" + valid + unknown.String() + "}", 422, 5000, "", "unexpected property"},
			{"a long unknown property", `{` + valid + `, "` + long + `": 1}`, 422, 0, "", "unexpected property"},
			{"a number of 200,000 digits", `{"first_name": ` + strings.Repeat("9", 200_000) + `}`, 400, 0, "", ""},
			{"an array of 150,000 values", `{"first_name": [` + strings.Repeat("0,", 150_000) + `0]}`, 422, 0, "first_name", "more than 10000 values"},
			{"nested 100,000 deep", `{"first_name": ` + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + `}`,
				422, 0, "first_name" + strings.Repeat("[0]", 31), "deeper than 32"},
		} {
			t.Run(c.name, func(t *testing.T) {
				before := cvSnapshot(t, env)
				r := cvRaw(t, env, "POST", "/api/customers", "application/json", []byte(c.body))
				cvProblem(t, r, c.status, "")
				if len(r.Body) > 64<<10 {
					t.Errorf("answer of %d bytes to a body of %d", len(r.Body), len(c.body))
				}
				var p boundedProblem
				r.Decode(t, &p)
				if len(p.Detail) > 2048 {
					t.Errorf("detail of %d bytes", len(p.Detail))
				}
				if len(p.Errors) > 100 || p.ErrorsTotal != c.total {
					t.Errorf("%d errors, errors_total %d, want at most 100 and %d", len(p.Errors), p.ErrorsTotal, c.total)
				}
				if c.total > 0 && (len(p.Errors) != 100 || !strings.Contains(p.Detail, fmt.Sprintf("and %d more", c.total-10))) {
					t.Errorf("%d errors, detail %q: want the first 100, and the first ten summarized", len(p.Errors), p.Detail)
				}
				found := c.field == "" && c.rule == ""
				for _, e := range p.Errors {
					if len(e.Field) > 256 || len(e.Message) > 512 {
						t.Errorf("an entry of %d + %d bytes", len(e.Field), len(e.Message))
					}
					if (c.field == "" || e.Field == c.field) && strings.Contains(e.Message, c.rule) {
						found = true
					}
				}
				if !found {
					t.Errorf("no entry names %q with %q: %s", c.field, c.rule, r.Body)
				}
				cvUnchanged(t, env, before)
			})
		}
		// A long path is no longer answer for it.
		r := env.Call("GET", "/api/"+strings.Repeat("a", 30_000), nil)
		if p := r.Problem(); r.Status != http.StatusNotFound || len(p.Detail) > 2048 {
			t.Errorf("GET of a long path: %d, detail of %d bytes", r.Status, len(p.Detail))
		}
		env.Expect(http.StatusCreated, "POST", "/api/customers", "{"+valid+"}", nil)
	})
}
