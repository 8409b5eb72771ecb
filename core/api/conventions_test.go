package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// These tests hold every core resource to the conventions of API.md:
// pagination, trailing slashes, body decoding and validation, error shape,
// and "a refused request writes nothing".

// cvNow is the frozen "now" of the convention tests.
var cvNow = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// cvTables are the core tables a refused request must leave alone.
var cvTables = []string{"customers", "class_types", "class_sessions", "bookings", "emails"}

// cvSnapshot reads every row of the core tables.
func cvSnapshot(t *testing.T, env *testenv.Env) map[string][]map[string]any {
	t.Helper()
	out := map[string][]map[string]any{}
	for _, table := range cvTables {
		var rows []map[string]any
		if err := env.App.DB.Table(table).Order("id").Find(&rows).Error; err != nil {
			t.Fatalf("snapshot %s: %v", table, err)
		}
		out[table] = rows
	}
	return out
}

// cvUnchanged fails t when the database differs from before.
func cvUnchanged(t *testing.T, env *testenv.Env, before map[string][]map[string]any) {
	t.Helper()
	after := cvSnapshot(t, env)
	for _, table := range cvTables {
		if !reflect.DeepEqual(before[table], after[table]) {
			t.Fatalf("a refused request changed table %s:\nbefore %v\nafter  %v", table, before[table], after[table])
		}
	}
}

// cvProblem checks that r is an RFC 9457 problem with status and code (any
// code when code is empty), and returns it.
func cvProblem(t *testing.T, r *testenv.Response, status int, code string) testenv.Problem {
	t.Helper()
	var p testenv.Problem
	dec := json.NewDecoder(bytes.NewReader(r.Body))
	if err := dec.Decode(&p); err != nil {
		t.Fatalf("status %d, body is not a JSON problem (%v): %q", r.Status, err, r.Body)
	}
	if r.Status != status || (code != "" && p.Code != code) {
		t.Fatalf("got %d %q, want %d %q: %s", r.Status, p.Code, status, code, r.Body)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("Content-Type %q, want application/problem+json: %s", ct, r.Body)
	}
	if p.Type == "" || p.Title == "" || p.Status != r.Status || p.Code == "" || p.Detail == "" {
		t.Fatalf("incomplete problem (want type, title, status %d, detail, code): %s", r.Status, r.Body)
	}
	return p
}

// cvKeys checks that body is a JSON object with exactly keys.
func cvKeys(t *testing.T, body []byte, keys ...string) {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("not a JSON object: %s", body)
	}
	var got []string
	for k := range m {
		got = append(got, k)
	}
	slices.Sort(got)
	want := slices.Clone(keys)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("fields %v, want %v: %s", got, want, body)
	}
}

// cvNoRedirects makes env's client report redirects instead of following
// them, so that a 3xx cannot pass for the answer it leads to.
func cvNoRedirects(env *testenv.Env) {
	env.HTTP.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
}

// cvRaw sends body as is with the given Content-Type (none when "").
func cvRaw(t *testing.T, env *testenv.Env, method, path, contentType string, body []byte) *testenv.Response {
	t.Helper()
	req, err := http.NewRequest(method, env.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Accept", "application/json")
	res, err := env.HTTP.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return &testenv.Response{Status: res.StatusCode, Header: res.Header, Body: data}
}

// cvResource describes a core resource for the generic tests.
type cvResource struct {
	name string
	path string
	// body is a valid full body, distinct for each i.
	body func(i int) map[string]any
	// required are the fields a full body must have.
	required []string
	// wrongType gives, for each writable field, a value of the wrong JSON
	// type.
	wrongType map[string]any
	// readOnly are read-only fields with made-up values.
	readOnly map[string]any
}

// cvFixture is a Gymtastic with one row of each core resource.
type cvFixture struct {
	*testenv.Env
	resources []cvResource
	items     map[string]string // resource name → an existing row's path
	classType int64             // the class type of the existing session
	next      int
}

func cvSetup(t *testing.T, kind config.DatabaseKind, opt testenv.Options) *cvFixture {
	t.Helper()
	env := testenv.New(t, kind, opt)
	env.Clock.Set(cvNow)
	cvNoRedirects(env)
	ct := env.ClassType("Pilates")
	f := &cvFixture{Env: env, items: map[string]string{}, classType: ct, next: 1}
	f.resources = []cvResource{
		{name: "customers", path: "/api/customers",
			body: func(i int) map[string]any {
				return map[string]any{"first_name": "First", "last_name": "Last", "email": fmt.Sprintf("cv%d@example.com", i)}
			},
			required:  []string{"first_name", "last_name", "email"},
			wrongType: map[string]any{"first_name": 1, "last_name": false, "email": 3.5},
			readOnly:  map[string]any{"id": 424242, "created_at": "2020-01-01T00:00:00Z"}},
		{name: "class_types", path: "/api/class_types",
			body: func(i int) map[string]any {
				return map[string]any{"name": fmt.Sprintf("Class %d", i), "description": "About it"}
			},
			required:  []string{"name"},
			wrongType: map[string]any{"name": 7, "description": []any{"x"}},
			readOnly:  map[string]any{"id": 424242}},
		{name: "class_sessions", path: "/api/class_sessions",
			body: func(i int) map[string]any {
				return map[string]any{"class_type": ct, "starts_at": cvNow.Add(time.Duration(i+24) * time.Hour).Format(time.RFC3339),
					"duration_minutes": 45, "capacity": 10}
			},
			required: []string{"class_type", "starts_at"},
			wrongType: map[string]any{"class_type": "1", "starts_at": 1772355600, "duration_minutes": "60",
				"capacity": map[string]any{"n": 1}},
			readOnly: map[string]any{"id": 424242, "booked_count": 99}},
	}
	for _, res := range f.resources {
		var id testenv.ID
		env.Expect(http.StatusCreated, "POST", res.path, res.body(0), &id)
		f.items[res.name] = fmt.Sprintf("%s/%d", res.path, id.ID)
	}
	return f
}

// fresh is a valid body for res that conflicts with no row.
func (f *cvFixture) fresh(res cvResource) map[string]any {
	f.next++
	return res.body(f.next)
}

// TestBodyRefusals sends each resource's POST, PUT and PATCH bodies that
// must be refused, and checks the answer and that nothing was written.
func TestBodyRefusals(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := cvSetup(t, kind, testenv.Options{})
		type refusal struct {
			name   string
			body   any
			ct     string // Content-Type when not application/json
			status int
			code   string
			field  string
			full   bool // POST and PUT only
		}
		for _, res := range f.resources {
			var cases []refusal
			for _, raw := range []string{`{"name": `, `{`, `not json`, `{"a": 1} trailing`, `{"a": 1,}`, `{'a': 1}`} {
				cases = append(cases, refusal{name: "malformed " + raw, body: raw, status: 400, code: "malformed_json"})
			}
			for _, raw := range []string{`[]`, `"text"`, `42`, `null`} {
				cases = append(cases, refusal{name: "not an object " + raw, body: raw, status: 422, code: "validation_failed"})
			}
			for _, ct := range []string{"text/plain", "application/x-www-form-urlencoded", "application/xml"} {
				b, _ := json.Marshal(f.fresh(res))
				cases = append(cases, refusal{name: "Content-Type " + ct, body: b, ct: ct, status: 415, code: "unsupported_media_type"})
			}
			unknown := f.fresh(res)
			unknown["nickname"] = "x"
			cases = append(cases, refusal{name: "unknown field", body: unknown, status: 422, code: "validation_failed", field: "nickname"})
			cased := f.fresh(res)
			k := res.required[0]
			cased[strings.ToUpper(k[:1])+k[1:]] = cased[k]
			delete(cased, k)
			cases = append(cases, refusal{name: "field name in another case", body: cased, status: 422, code: "validation_failed", full: true})
			for _, field := range res.required {
				b := f.fresh(res)
				delete(b, field)
				cases = append(cases, refusal{name: "missing " + field, body: b, status: 422, code: "validation_failed", field: field, full: true})
			}
			for field, v := range res.wrongType {
				b := f.fresh(res)
				b[field] = v
				cases = append(cases, refusal{name: fmt.Sprintf("%s as %T", field, v), body: b, status: 422, code: "validation_failed", field: field})
			}
			for _, c := range cases {
				for _, method := range []string{"POST", "PUT", "PATCH"} {
					if c.full && method == "PATCH" {
						continue
					}
					t.Run(res.name+"/"+method+"/"+c.name, func(t *testing.T) {
						path := res.path
						if method != "POST" {
							path = f.items[res.name]
						}
						before := cvSnapshot(t, f.Env)
						var r *testenv.Response
						if c.ct != "" {
							r = cvRaw(t, f.Env, method, path, c.ct, c.body.([]byte))
						} else {
							r = f.Call(method, path, c.body)
						}
						p := cvProblem(t, r, c.status, c.code)
						if c.field != "" && !bkHasField(p, c.field) {
							t.Fatalf("problem does not name %q: %s", c.field, r.Body)
						}
						cvUnchanged(t, f.Env, before)
					})
				}
			}
		}
	})
}

// TestBodyAccepted: JSON with a charset, or with no Content-Type at all, is
// JSON; read-only fields sent back are ignored.
func TestBodyAccepted(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := cvSetup(t, kind, testenv.Options{})
		for _, res := range f.resources {
			t.Run(res.name, func(t *testing.T) {
				for _, ct := range []string{"application/json; charset=utf-8", "application/json;charset=UTF-8", ""} {
					b, _ := json.Marshal(f.fresh(res))
					if r := cvRaw(t, f.Env, "POST", res.path, ct, b); r.Status != http.StatusCreated {
						t.Fatalf("POST with Content-Type %q: %d %s", ct, r.Status, r.Body)
					}
				}

				// Read-only fields with made-up values, on create.
				body := f.fresh(res)
				for k, v := range res.readOnly {
					body[k] = v
				}
				var created map[string]any
				r := f.Expect(http.StatusCreated, "POST", res.path, body, &created)
				if created["id"] == float64(424242) {
					t.Fatalf("POST took the id sent: %s", r.Body)
				}
				if bc, ok := created["booked_count"]; ok && bc != float64(0) {
					t.Fatalf("POST took booked_count: %s", r.Body)
				}
				if ca, ok := created["created_at"]; ok && ca != cvNow.Format(time.RFC3339) {
					t.Fatalf("POST took created_at: %s", r.Body)
				}
				item := r.Header.Get("Location")

				// A client PUTs and PATCHes back what it got, with a change.
				for _, method := range []string{"PUT", "PATCH"} {
					var got map[string]any
					f.Expect(http.StatusOK, "GET", item, nil, &got)
					sent := f.fresh(res)
					for k, v := range got {
						if _, writable := sent[k]; !writable {
							sent[k] = v
						}
					}
					var back map[string]any
					f.Expect(http.StatusOK, method, item, sent, &back)
					for k, v := range got {
						if _, writable := res.readOnly[k]; writable || k == "created_at" || k == "booked_count" {
							if !reflect.DeepEqual(back[k], v) {
								t.Fatalf("%s changed read-only %s: %v → %v", method, k, v, back[k])
							}
						}
					}
					for k := range f.fresh(res) {
						if _, ok := back[k]; !ok {
							t.Fatalf("%s answer lacks %s: %v", method, k, back)
						}
					}
				}
			})
		}
	})
}

// TestTrailingSlash: every method works on paths with a trailing slash,
// answered in place (no redirect) exactly as without it.
func TestTrailingSlash(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := cvSetup(t, kind, testenv.Options{})
		for _, res := range f.resources {
			t.Run(res.name, func(t *testing.T) {
				for _, slash := range []string{"", "/"} {
					r := f.Call("POST", res.path+slash, f.fresh(res))
					if r.Status != http.StatusCreated {
						t.Fatalf("POST %s%s: %d %s", res.path, slash, r.Status, r.Body)
					}
					item := r.Header.Get("Location")
					if strings.HasSuffix(item, "/") {
						t.Fatalf("Location %q", item)
					}
					steps := []struct {
						method, path string
						body         any
						status       int
					}{
						{"GET", res.path + slash, nil, 200},
						{"GET", item + slash, nil, 200},
						{"PUT", item + slash, f.fresh(res), 200},
						{"PATCH", item + slash, f.fresh(res), 200},
						{"DELETE", item + slash, nil, 204},
						{"GET", item + slash, nil, 404},
					}
					for _, s := range steps {
						r := f.Call(s.method, s.path, s.body)
						if r.Status != s.status {
							t.Fatalf("%s %s: %d (Location %q), want %d: %s", s.method, s.path, r.Status, r.Header.Get("Location"), s.status, r.Body)
						}
					}
				}
			})
		}
		for _, path := range []string{"/api/bookings/", "/api/emails/", "/api/", "/api/openapi.json/", "/healthz/", "/readyz/", "/metrics/"} {
			if r := f.Call("GET", path, nil); r.Status != http.StatusOK {
				t.Errorf("GET %s: %d %s", path, r.Status, r.Body)
			}
		}
	})
}

// TestHead: HEAD answers as GET would, status and headers, without a body
// and without a write; a 405 lists HEAD wherever it lists GET.
func TestHead(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := cvSetup(t, kind, testenv.Options{})
		paths := []string{"/api/bookings", "/api/emails", "/api", "/api/openapi.json", "/healthz", "/readyz", "/metrics",
			"/api/customers/999999", "/api/customers/abc", "/api/nothing_here", "/api/customers?limit=0"}
		for _, res := range f.resources {
			paths = append(paths, res.path, res.path+"/", f.items[res.name])
		}
		for _, path := range paths {
			before := cvSnapshot(t, f.Env)
			get := cvRaw(t, f.Env, "GET", path, "", nil)
			head := cvRaw(t, f.Env, "HEAD", path, "", nil)
			if head.Status != get.Status || head.Header.Get("Content-Type") != get.Header.Get("Content-Type") {
				t.Errorf("HEAD %s: %d %q, GET: %d %q", path, head.Status, head.Header.Get("Content-Type"),
					get.Status, get.Header.Get("Content-Type"))
			}
			if len(head.Body) != 0 {
				t.Errorf("HEAD %s: a body of %d bytes", path, len(head.Body))
			}
			if n := head.Header.Get("Content-Length"); n != "" && n != strconv.Itoa(len(get.Body)) && path != "/metrics" {
				t.Errorf("HEAD %s: Content-Length %s, GET's body is %d bytes", path, n, len(get.Body))
			}
			cvUnchanged(t, f.Env, before)
		}
		for _, c := range []struct{ method, path, allow string }{
			{"DELETE", "/api/customers", "GET, POST, HEAD"},
			{"POST", f.items["customers"], "GET, PUT, PATCH, DELETE, HEAD"},
			{"HEAD", "/api/bookings/1/cancel", "POST"},
		} {
			r := cvRaw(t, f.Env, c.method, c.path, "", nil)
			if r.Status != http.StatusMethodNotAllowed || r.Header.Get("Allow") != c.allow {
				t.Errorf("%s %s: %d, Allow %q; want 405, Allow %q", c.method, c.path, r.Status, r.Header.Get("Allow"), c.allow)
			}
		}
	})
}

// TestPathIDs: unknown or invalid ids in a path are 404 not_found, never
// a 5xx, whatever the method.
func TestPathIDs(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := cvSetup(t, kind, testenv.Options{})
		ids := []string{"999999", "abc", "0", "-1", "1.5", "1e3", "9223372036854775807", "99999999999999999999", "%20", "1%00"}
		for _, res := range f.resources {
			for _, id := range ids {
				for _, method := range []string{"GET", "PUT", "PATCH", "DELETE"} {
					t.Run(fmt.Sprintf("%s/%s/%s", res.name, method, id), func(t *testing.T) {
						var body any
						if method == "PUT" || method == "PATCH" {
							body = f.fresh(res)
						}
						before := cvSnapshot(t, f.Env)
						cvProblem(t, f.Call(method, res.path+"/"+id, body), http.StatusNotFound, "not_found")
						cvUnchanged(t, f.Env, before)
					})
				}
			}
		}
		for _, path := range []string{"/api/bookings/", "/api/emails/", "/api/bookings/%s/cancel"} {
			for _, id := range ids {
				p := path + id
				method := "GET"
				if strings.Contains(path, "%s") {
					p, method = fmt.Sprintf(path, id), "POST"
				}
				t.Run(method+" "+p, func(t *testing.T) {
					cvProblem(t, f.Call(method, p, nil), http.StatusNotFound, "not_found")
				})
			}
		}
	})
}

// cvNextLink returns the rel="next" link, or "". With neither
// server.public_url nor a trusted proxy it is relative (links_test.go).
func cvNextLink(t *testing.T, r *testenv.Response) string {
	t.Helper()
	l := r.Header.Get("Link")
	if l == "" {
		return ""
	}
	m := regexp.MustCompile(`^<([^>]+)>; rel="next"$`).FindStringSubmatch(l)
	if m == nil || !strings.HasPrefix(m[1], "/api/") {
		t.Fatalf("Link %q: want </api/…>; rel=\"next\"", l)
	}
	return m[1]
}

// cvPage gets a list page and returns its ids and next link.
func cvPage(t *testing.T, env *testenv.Env, path string) ([]int64, string) {
	t.Helper()
	r := env.Expect(http.StatusOK, "GET", path, nil, nil)
	var rows []testenv.ID
	r.Decode(t, &rows)
	if rows == nil {
		t.Fatalf("GET %s: %s, want a JSON array", path, r.Body)
	}
	ids := make([]int64, len(rows))
	for i, row := range rows {
		ids[i] = row.ID
	}
	return ids, cvNextLink(t, r)
}

// TestPagination walks each core list: default page 100, at most 1000, a
// next link exactly when more rows follow, and following it gives the next
// page.
func TestPagination(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		const n = 103
		env := testenv.New(t, kind, testenv.Options{})
		env.Clock.Set(cvNow)
		ctx, svc := context.Background(), env.App.Service
		all := map[string][]int64{}
		for i := 0; i < n; i++ {
			c, err := svc.CreateCustomer(ctx, core.CustomerInput{FirstName: "F", LastName: "L", Email: fmt.Sprintf("p%d@example.com", i)})
			if err != nil {
				t.Fatal(err)
			}
			ct, err := svc.CreateClassType(ctx, core.ClassTypeInput{Name: fmt.Sprintf("Type %d", i)})
			if err != nil {
				t.Fatal(err)
			}
			s, err := svc.CreateSession(ctx, core.SessionInput{ClassTypeID: ct.ID, StartsAt: cvNow.Add(time.Duration(i) * time.Hour), DurationMinutes: 60})
			if err != nil {
				t.Fatal(err)
			}
			all["/api/customers"] = append(all["/api/customers"], c.ID)
			all["/api/class_types"] = append(all["/api/class_types"], ct.ID)
			all["/api/class_sessions"] = append(all["/api/class_sessions"], s.ID)
		}
		for _, path := range []string{"/api/customers", "/api/class_types", "/api/class_sessions"} {
			want := all[path]
			t.Run(path, func(t *testing.T) {
				ids, next := cvPage(t, env, path)
				if !slices.Equal(ids, want[:100]) || next == "" {
					t.Fatalf("default page: %d rows, next %q; want the first 100 and a next link", len(ids), next)
				}
				ids, next2 := cvPage(t, env, next)
				if !slices.Equal(ids, want[100:]) || next2 != "" {
					t.Fatalf("page after %s: %v, next %q; want %v and no link", next, ids, next2, want[100:])
				}
				for _, c := range []struct {
					query    string
					rows     []int64
					wantNext bool
				}{
					{"limit=1000", want, false},
					{"limit=103", want, false},
					{"limit=102", want[:102], true},
					{"limit=1", want[:1], true},
					{"limit=3&offset=100", want[100:], false},
					{"limit=2&offset=100", want[100:102], true},
					{"offset=103", []int64{}, false},
					{"offset=5000", []int64{}, false},
					{"offset=0&limit=100", want[:100], true},
				} {
					ids, next := cvPage(t, env, path+"?"+c.query)
					if !slices.Equal(ids, c.rows) || (next != "") != c.wantNext {
						t.Fatalf("?%s: %d rows, next %q; want %d rows, next link %v", c.query, len(ids), next, len(c.rows), c.wantNext)
					}
				}
				// Following the links, page by page, visits every row once, in order.
				var walked []int64
				pages := 0
				for next := path + "/?limit=10"; next != ""; pages++ {
					var ids []int64
					ids, next = cvPage(t, env, next)
					walked = append(walked, ids...)
					if pages > n {
						t.Fatal("the next links never end")
					}
				}
				if !slices.Equal(walked, want) || pages != 11 {
					t.Fatalf("walked %d rows in %d pages, want %d in 11", len(walked), pages, n)
				}
			})
		}
		// The link keeps the filters.
		sessionPath := fmt.Sprintf("/api/class_sessions?starts_after=%s&limit=50", cvNow.Add(10*time.Hour).Format("2006-01-02T15:04:05Z"))
		ids, next := cvPage(t, env, sessionPath)
		if !slices.Equal(ids, all["/api/class_sessions"][10:60]) || !strings.Contains(next, "starts_after=") {
			t.Fatalf("filtered page: %v, next %q", ids, next)
		}
		ids, _ = cvPage(t, env, next)
		if !slices.Equal(ids, all["/api/class_sessions"][60:]) {
			t.Fatalf("filtered next page %v, want %v", ids, all["/api/class_sessions"][60:])
		}
	})
}

// TestListParamsInvalid: every list refuses a bad limit or offset with 422
// naming the parameter.
func TestListParamsInvalid(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{})
		cases := []struct{ query, field string }{
			{"limit=0", "limit"}, {"limit=-1", "limit"}, {"limit=1001", "limit"}, {"limit=abc", "limit"},
			{"limit=1.5", "limit"}, {"limit=99999999999999999999", "limit"},
			{"offset=-1", "offset"}, {"offset=abc", "offset"}, {"offset=1.5", "offset"},
		}
		for _, path := range []string{"/api/customers", "/api/class_types", "/api/class_sessions", "/api/bookings", "/api/emails"} {
			for _, c := range cases {
				t.Run(path+"?"+c.query, func(t *testing.T) {
					p := cvProblem(t, env.Call("GET", path+"?"+c.query, nil), http.StatusUnprocessableEntity, "validation_failed")
					if !bkHasField(p, c.field) {
						t.Fatalf("problem does not name %q: %+v", c.field, p)
					}
				})
			}
		}
	})
}

// TestErrorsAreProblems: each kind of error the API gives is
// application/problem+json with type, title, status, detail and code.
func TestErrorsAreProblems(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := cvSetup(t, kind, testenv.Options{})
		cust := f.items["customers"]
		cases := []struct {
			method, path string
			body         any
			status       int
			code         string
		}{
			{"GET", "/api/nothing_here", nil, 404, "not_found"},
			{"GET", "/nothing_here", nil, 404, "not_found"},
			{"GET", "/api/customers/1/extra", nil, 404, "not_found"},
			{"GET", "/api/customers/999999", nil, 404, "not_found"},
			{"DELETE", "/api/customers", nil, 405, "method_not_allowed"},
			{"PUT", "/api/class_types", map[string]any{"name": "x"}, 405, "method_not_allowed"},
			{"POST", "/api/customers/1", map[string]any{}, 405, "method_not_allowed"},
			{"POST", "/api/emails", map[string]any{}, 405, "method_not_allowed"},
			{"PATCH", cust, `{"first_name": "Ad`, 400, "malformed_json"},
			{"POST", "/api/customers", "", 400, "malformed_json"},
			{"PUT", cust, "", 400, "malformed_json"},
			{"POST", "/api/customers", map[string]any{"first_name": "A"}, 422, "validation_failed"},
			{"GET", "/api/customers?limit=0", nil, 422, "validation_failed"},
			{"POST", "/api/customers", map[string]any{"first_name": "A", "last_name": "B", "email": "cv0@example.com"}, 409, "email_taken"},
			{"DELETE", fmt.Sprintf("/api/class_types/%d", f.classType), nil, 409, "class_type_in_use"},
			{"POST", "/api/class_sessions", map[string]any{"class_type": 999999, "starts_at": "2026-04-01T09:00:00Z"}, 422, "validation_failed"},
		}
		for _, c := range cases {
			t.Run(fmt.Sprintf("%s %s %d", c.method, c.path, c.status), func(t *testing.T) {
				before := cvSnapshot(t, f.Env)
				cvProblem(t, f.Call(c.method, c.path, c.body), c.status, c.code)
				cvUnchanged(t, f.Env, before)
			})
		}
	})
}

// cvPadded is a JSON body of exactly size bytes: body, padded with spaces.
func cvPadded(t *testing.T, body map[string]any, size int) []byte {
	t.Helper()
	b, _ := json.Marshal(body)
	if len(b) > size {
		t.Fatalf("body of %d bytes cannot be padded to %d", len(b), size)
	}
	return append(append([]byte{'{'}, bytes.Repeat([]byte{' '}, size-len(b))...), b[1:]...)
}

// TestBodyTooLarge: a body larger than server.max_body_bytes is 413
// body_too_large and writes nothing; a body up to the limit is read.
func TestBodyTooLarge(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		for _, limit := range []int{4096, 1 << 20, 2 << 20} {
			t.Run(fmt.Sprint("max_body_bytes ", limit), func(t *testing.T) {
				f := cvSetup(t, kind, testenv.Options{Configure: func(c *config.Config) { c.Server.MaxBodyBytes = int64(limit) }})
				res := f.resources[0]
				for _, size := range []int{limit + 1, limit + 100_000} {
					before := cvSnapshot(t, f.Env)
					r := cvRaw(t, f.Env, "POST", res.path, "application/json", cvPadded(t, f.fresh(res), size))
					cvProblem(t, r, http.StatusRequestEntityTooLarge, "body_too_large")
					cvUnchanged(t, f.Env, before)
				}
				for _, size := range []int{limit - 100, limit} {
					r := cvRaw(t, f.Env, "POST", res.path, "application/json", cvPadded(t, f.fresh(res), size))
					if r.Status != http.StatusCreated {
						t.Errorf("a body of %d bytes (limit %d): %d %s, want 201", size, limit, r.Status, r.Body)
					}
				}
			})
		}
	})
}

// cvOddPost posts body as is and accepts 201 (with a JSON body) or 422
// naming field with nothing written; anything else fails t.
func cvOddPost(t *testing.T, env *testenv.Env, path, body, field string) {
	t.Helper()
	before := cvSnapshot(t, env)
	r := cvRaw(t, env, "POST", path, "application/json", []byte(body))
	switch r.Status {
	case http.StatusCreated:
		if !json.Valid(r.Body) {
			t.Errorf("POST %s %s: 201 with a body that is not JSON: %s", path, body, r.Body)
		}
	case http.StatusUnprocessableEntity:
		if p := cvProblem(t, r, http.StatusUnprocessableEntity, "validation_failed"); !bkHasField(p, field) {
			t.Errorf("POST %s %s: 422 does not name %q: %s", path, body, field, r.Body)
		}
		cvUnchanged(t, env, before)
	default:
		t.Errorf("POST %s %s: %d %s, want 201, or 422 naming %s", path, body, r.Status, r.Body, field)
	}
}

// TestNULCharacter: PostgreSQL cannot store a NUL character in text. A
// string holding one is bad input: 4xx naming the field (or stored, where
// the database can), never a 5xx; in a filter it matches nothing.
func TestNULCharacter(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := cvSetup(t, kind, testenv.Options{})
		cases := []struct{ path, body, field string }{
			{"/api/customers", `{"first_name": "Ada\u0000", "last_name": "L", "email": "nul1@example.com"}`, "first_name"},
			{"/api/customers", `{"first_name": "Ada", "last_name": "\u0000", "email": "nul2@example.com"}`, "last_name"},
			{"/api/class_types", `{"name": "Yoga\u0000"}`, "name"},
			{"/api/class_types", `{"name": "Yin", "description": "a\u0000b"}`, "description"},
		}
		for _, c := range cases {
			t.Run(c.body, func(t *testing.T) { cvOddPost(t, f.Env, c.path, c.body, c.field) })
		}
		for _, q := range []string{"/api/customers?email=a%00b", "/api/class_types?name=a%00b"} {
			if r := f.Call("GET", q, nil); r.Status >= 500 {
				t.Errorf("GET %s: %d %s, want 200 or 422", q, r.Status, r.Body)
			}
		}
		for _, res := range f.resources {
			if r := f.Call("GET", res.path, nil); r.Status != http.StatusOK || !json.Valid(r.Body) {
				t.Errorf("GET %s afterwards: %d %s", res.path, r.Status, r.Body)
			}
		}
	})
}

// TestTextThatIsNotUnicode: a string holding invalid UTF-8, or half of a
// UTF-16 surrogate pair as a \u escape, is refused with 422 naming the
// field and writes nothing, where encoding/json alone would store U+FFFD.
// Whole pairs, an escaped backslash and U+FFFD itself are stored as sent.
func TestTextThatIsNotUnicode(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := cvSetup(t, kind, testenv.Options{})
		id := f.Customer("Ada")
		one := fmt.Sprintf("/api/customers/%d", id)
		for _, c := range []struct{ method, path, body, field, rule string }{
			{"POST", "/api/customers", "{\"first_name\": \"Ad\xffa\", \"last_name\": \"L\", \"email\": \"u1@example.com\"}", "first_name", "UTF-8"},
			{"POST", "/api/customers", `{"first_name": "Ada", "last_name": "L\ud800", "email": "u2@example.com"}`, "last_name", "surrogate"},
			{"PUT", one, `{"first_name": "Ada", "last_name": "\udc00", "email": "u3@example.com"}`, "last_name", "surrogate"},
			{"PATCH", one, "{\"first_name\": \"\xc0\x80\"}", "first_name", "UTF-8"},
			{"POST", "/api/class_types", "{\"name\": \"Yoga\", \"description\": \"\xed\xa0\x80\"}", "description", "UTF-8"},
		} {
			t.Run(c.method+" "+c.body, func(t *testing.T) {
				before := cvSnapshot(t, f.Env)
				r := cvRaw(t, f.Env, c.method, c.path, "application/json", []byte(c.body))
				r.ExpectInvalid(t, c.field, c.rule)
				cvUnchanged(t, f.Env, before)
			})
		}
		// Of another content type, the body is refused unread: 415.
		r := cvRaw(t, f.Env, "POST", "/api/customers", "text/plain", []byte("{\"first_name\": \"\xff\"}"))
		cvProblem(t, r, http.StatusUnsupportedMediaType, "")

		var got struct {
			FirstName string `json:"first_name"`
			LastName  string `json:"last_name"`
		}
		r = cvRaw(t, f.Env, "POST", "/api/customers", "application/json",
			[]byte(`{"first_name": "\ud83d\ude00 \ufffd \\ud800", "last_name": "\uFFFD", "email": "u4@example.com"}`))
		if r.Status != http.StatusCreated {
			t.Fatalf("POST with whole pairs and U+FFFD: %d %s", r.Status, r.Body)
		}
		r.Decode(t, &got)
		if want := "\U0001F600 \uFFFD \\ud800"; got.FirstName != want || got.LastName != "\uFFFD" {
			t.Errorf("stored %q %q, want %q %q", got.FirstName, got.LastName, want, "\uFFFD")
		}
	})
}

// TestIntegersWrittenAsFloats: 60.0 is an integer to JSON Schema, and so
// to the published document. It is accepted, or refused with 422 naming
// the field, like any other invalid value.
func TestIntegersWrittenAsFloats(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := cvSetup(t, kind, testenv.Options{})
		ct := f.classType
		cases := []struct{ body, field string }{
			{fmt.Sprintf(`{"class_type": %d, "starts_at": "2026-04-01T09:00:00Z", "duration_minutes": 60.0}`, ct), "duration_minutes"},
			{fmt.Sprintf(`{"class_type": %d, "starts_at": "2026-04-01T10:00:00Z", "capacity": 1e1}`, ct), "capacity"},
			{fmt.Sprintf(`{"class_type": %d.0, "starts_at": "2026-04-01T11:00:00Z"}`, ct), "class_type"},
		}
		for _, c := range cases {
			t.Run(c.body, func(t *testing.T) { cvOddPost(t, f.Env, "/api/class_sessions", c.body, c.field) })
		}
	})
}
