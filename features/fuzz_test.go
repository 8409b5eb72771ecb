package features_test

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features"
)

// Hostile input: every POST body and every list's query parameters, with
// every feature on. No input may produce a 5xx, and a refused request may
// not write.
//
// Run as ordinary tests, the seed corpora (the f.Add calls, and any
// testdata/fuzz/<target> files the fuzzing engine writes) check each input on
// SQLite and on PostgreSQL, as subtests named like testenv.ForEachDB's, so a
// PostgreSQL-only failure (such as text holding NUL) is caught and
// PostgreSQL skips, or fails under CI=true, as it does in every suite.
// Under `go test -fuzz=FuzzPostBody ./features/`, which explores further,
// every input goes to SQLite alone: it is faster and needs no server, and a
// failing input it saves is then replayed on both databases as a seed.

// fuzzEnv is a Gymtastic on one database with every feature on and the core
// fixtures loaded, so that ids 1, 2, 3… exist; it lists the API's
// operations from its own OpenAPI document, so that a new endpoint is
// fuzzed without being added here.
type fuzzEnv struct {
	*testenv.Env
	posts  []string // POST paths, {params} replaced by 1
	lists  []string // GET paths without parameters
	tables []string
}

var pathParam = regexp.MustCompile(`\{[^}]+\}`)

// fuzzEnvs are the Gymtastics each input is checked on, by database.
type fuzzEnvs map[config.DatabaseKind]*fuzzEnv

// fuzzing reports whether go test runs with -fuzz rather than replaying the
// seeds.
func fuzzing() bool {
	fl := flag.Lookup("test.fuzz")
	return fl != nil && fl.Value.String() != ""
}

// newFuzzEnvs starts the SQLite Gymtastic and, unless fuzzing or PostgreSQL
// is unreachable (each input's PostgreSQL subtest then skips or fails), the
// PostgreSQL one.
func newFuzzEnvs(f *testing.F) fuzzEnvs {
	f.Helper()
	envs := fuzzEnvs{config.SQLite: newFuzzEnv(f, config.SQLite)}
	if !fuzzing() && testenv.PostgresErr() == nil {
		pg := newFuzzEnv(f, config.Postgres)
		if fmt.Sprint(pg.posts, pg.lists) != fmt.Sprint(envs[config.SQLite].posts, envs[config.SQLite].lists) {
			f.Fatal("the OpenAPI document differs between SQLite and PostgreSQL")
		}
		envs[config.Postgres] = pg
	}
	return envs
}

// check runs fn on each database: one subtest per database when replaying
// the seeds, SQLite alone when fuzzing.
func (envs fuzzEnvs) check(t *testing.T, fn func(t *testing.T, e *fuzzEnv)) {
	if fuzzing() {
		fn(t, envs[config.SQLite])
		return
	}
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		fn(t, envs[kind])
	})
}

func newFuzzEnv(tb testing.TB, kind config.DatabaseKind) *fuzzEnv {
	tb.Helper()
	e := &fuzzEnv{Env: testenv.New(tb, kind, testenv.Options{Features: features.All()})}
	if _, err := e.App.Service.CreateFixtures(context.Background(), false); err != nil {
		tb.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	e.Expect(http.StatusOK, "GET", "/api/openapi.json", nil, &doc)
	for path, ops := range doc.Paths {
		path = "/api" + path // the document's server is /api
		if _, ok := ops["post"]; ok {
			e.posts = append(e.posts, pathParam.ReplaceAllString(path, "1"))
		}
		if _, ok := ops["get"]; ok && !strings.Contains(path, "{") {
			e.lists = append(e.lists, path)
		}
	}
	sort.Strings(e.posts)
	sort.Strings(e.lists)
	if len(e.posts) < 5 || len(e.lists) < 5 {
		tb.Fatalf("the OpenAPI document lists %d POST and %d GET operations", len(e.posts), len(e.lists))
	}
	tables, err := e.App.DB.Migrator().GetTables() // sqlite_master; information_schema of the current schema
	if err != nil {
		tb.Fatal(err)
	}
	for _, t := range tables {
		switch {
		case strings.HasPrefix(t, "sqlite_"), t == "schema_migrations", t == "idempotency_keys":
		default:
			e.tables = append(e.tables, t)
		}
	}
	sort.Strings(e.tables)
	return e
}

// rows is the number of rows in every table: what a refused request must
// leave as it was.
func (e *fuzzEnv) rows(tb testing.TB) string {
	tb.Helper()
	parts := make([]string, len(e.tables))
	for i, t := range e.tables {
		parts[i] = fmt.Sprintf("(SELECT COUNT(*) FROM %q)", t)
	}
	var counts []int64
	row := e.App.DB.Raw("SELECT " + strings.Join(parts, ", ")).Row()
	counts = make([]int64, len(parts))
	ptrs := make([]any, len(counts))
	for i := range counts {
		ptrs[i] = &counts[i]
	}
	if err := row.Scan(ptrs...); err != nil {
		tb.Fatal(err)
	}
	return fmt.Sprint(counts)
}

func (e *fuzzEnv) serve(method, target, contentType string, body []byte) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, "/", strings.NewReader(string(body)))
	req.URL.RawQuery = ""
	path, query, _ := strings.Cut(target, "?")
	req.URL.Path, req.URL.RawQuery, req.RequestURI = path, query, target
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Authorization", "Bearer "+e.Secret) // an admin: every operation is reached
	rec := httptest.NewRecorder()
	e.App.Handler.ServeHTTP(rec, req)
	return rec
}

func FuzzPostBody(f *testing.F) {
	envs := newFuzzEnvs(f)
	posts := envs[config.SQLite].posts // the same on both databases
	for _, body := range []string{
		`{"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"}`,
		`{"name": "Pilates", "description": "Core strength"}`,
		`{"class_type": 1, "starts_at": "2030-01-01T09:00:00Z", "duration_minutes": 60, "capacity": 10}`,
		`{"customer": 1, "class_session": 1}`,
		`{"name": "Ten in a month", "interval": "P1M", "session_count": 10}`,
		`{"customer": 1, "class_session": 99999999999999999999}`,
		`{"customer": -1, "class_session": 0}`,
		`{"email": "not an email", "first_name": "", "last_name": "x"}`,
		`{"starts_at": "2030-02-30T25:61:00Z", "class_type": 1, "duration_minutes": -5}`,
		`{"interval": "P0D", "session_count": 0, "name": "x"}`,
		`{"interval": "PT1H", "session_count": 1e308, "name": "x"}`,
		`{"customer": "1", "class_session": [1]}`,
		`{"id": 1, "created_at": "yesterday", "unknown": true}`,
		`{"first_name": "\u0000", "last_name": "\ud800", "email": "a@b.c"}`,
		`{"name": "` + strings.Repeat("x", 5000) + `"}`,
		`[]`, `null`, `"string"`, `1`, `{`, `{"a":`, ``, `{}`, `{"customer": 1}{"customer": 2}`,
		`{"customer": 1, "customer": 2, "class_session": 1}`,
		// Valid but for a value PostgreSQL stores differently or not at all.
		`{"name": "Yoga\u0000", "description": "Stretch"}`,
		`{"name": "Bike\u0000", "kind": "cardio"}`,
		`{"name": "Gold\u0000", "description": "d", "price_cents": 1, "duration_days": 30, "class_types": [1]}`,
		`{"customer": 1, "started_at": "2030-01-01T09:00:00Z", "notes": "\u0000"}`,
		`{"customer": 1, "plan": 1, "starts_on": "2030-01-01", "amount_paid_cents": 0, "payment_method": "cash\u0000"}`,
		"{\"first_name\": \"A\xff\xc0\x80\", \"last_name\": \"B\", \"email\": \"ab@example.com\"}",
		`{"class_type": 1, "starts_at": "0001-01-01T00:00:00+01:00", "duration_minutes": 60}`,
		`{"customer": 1, "started_at": "2030-01-01T09:00:00Z", "ended_at": "9999-12-31T23:59:59-01:00"}`,
		`{"customer": 1, "plan": 1, "starts_on": "9999-12-31", "amount_paid_cents": 0, "payment_method": "cash"}`,
	} {
		for op := range posts { // every body to every endpoint
			f.Add(uint8(op), []byte(body))
		}
	}
	f.Fuzz(func(t *testing.T, op uint8, body []byte) {
		path := posts[int(op)%len(posts)]
		envs.check(t, func(t *testing.T, e *fuzzEnv) {
			before := e.rows(t)
			rec := e.serve("POST", path, "application/json", body)
			if rec.Code >= 500 {
				t.Fatalf("POST %s %q: %d %s", path, body, rec.Code, rec.Body)
			}
			if rec.Code >= 400 {
				if after := e.rows(t); after != before {
					t.Fatalf("POST %s %q: %d, yet rows %s became %s", path, body, rec.Code, before, after)
				}
				if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
					t.Fatalf("POST %s %q: %d with Content-Type %q", path, body, rec.Code, ct)
				}
			}
		})
	})
}

func FuzzListQuery(f *testing.F) {
	envs := newFuzzEnvs(f)
	lists := envs[config.SQLite].lists // the same on both databases
	for _, q := range []string{
		"limit=10&offset=5", "limit=0", "limit=-1", "limit=1001", "limit=abc", "offset=-3",
		"offset=99999999999999999999", "limit=1e3", "customer=1", "customer=x", "customer=-1",
		"class_type=1&date=2030-01-01", "date=2030-13-40", "from=2030-01-01&to=2029-01-01",
		"from=yesterday", "to=2030-01-01T00:00:00Z", "status=late_cancelled", "status=bogus",
		"active_on=2030-02-29", "class_session=1&status=booked", "unknown=1", "limit=1&limit=2",
		"%zz", "&&&==", "date=", "customer=" + strings.Repeat("9", 400), "from=0000-01-01&to=9999-12-31",
		"name=%25_%5C", "email=%ff%fe", "kind=cardio%00", "active=maybe", "customer=9223372036854775808",
		"starts_after=0000-12-31T23:00:00-01:00", "starts_before=10000-01-01T00:00:00Z", "milestone=9223372036854775807",
	} {
		for op := range lists { // every query to every list
			f.Add(uint8(op), q)
		}
	}
	f.Fuzz(func(t *testing.T, op uint8, query string) {
		path := lists[int(op)%len(lists)]
		target := path + "?" + query
		if strings.ContainsAny(query, " \t\r\n#") {
			return // not a request line an HTTP client can send
		}
		envs.check(t, func(t *testing.T, e *fuzzEnv) {
			before := e.rows(t)
			rec := e.serve("GET", target, "", nil)
			if rec.Code >= 500 {
				t.Fatalf("GET %s: %d %s", target, rec.Code, rec.Body)
			}
			if after := e.rows(t); after != before {
				t.Fatalf("GET %s wrote: rows %s became %s", target, before, after)
			}
		})
	})
}
