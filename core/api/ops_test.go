package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// opCorePaths are core's endpoints, as the docs write them.
var opCorePaths = map[string][]string{
	"/api/customers":            {"GET", "POST"},
	"/api/customers/{id}":       {"GET", "PUT", "PATCH", "DELETE"},
	"/api/class_types":          {"GET", "POST"},
	"/api/class_types/{id}":     {"GET", "PUT", "PATCH", "DELETE"},
	"/api/class_sessions":       {"GET", "POST"},
	"/api/class_sessions/{id}":  {"GET", "PUT", "PATCH", "DELETE"},
	"/api/bookings":             {"GET", "POST"},
	"/api/bookings/{id}":        {"GET", "PUT", "PATCH", "DELETE"},
	"/api/bookings/{id}/cancel": {"POST"},
	"/api/emails":               {"GET"},
	"/api/emails/{id}":          {"GET"},
}

// opResources are the resources GET /api lists to a JSON client.
var opResources = []string{"customers", "class_types", "class_sessions", "bookings", "emails"}

func TestHealthAndReadiness(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{})
		for _, path := range []string{"/healthz", "/readyz"} {
			r := env.Expect(http.StatusOK, "GET", path, nil, nil)
			if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") || !json.Valid(r.Body) {
				t.Fatalf("GET %s: %s %s", path, r.Header.Get("Content-Type"), r.Body)
			}
		}

		// With its database closed, the process is up but not ready.
		if err := env.App.Close(); err != nil {
			t.Fatalf("close: %v", err)
		}
		env.Expect(http.StatusOK, "GET", "/healthz", nil, nil)
		r := env.Call("GET", "/readyz", nil)
		if r.Status != http.StatusServiceUnavailable || !json.Valid(r.Body) {
			t.Fatalf("GET /readyz with the database closed: %d %s, want 503", r.Status, r.Body)
		}
	})
}

// opMetrics scrapes /metrics and parses the Prometheus text format.
func opMetrics(t *testing.T, env *testenv.Env) map[string]*dto.MetricFamily {
	t.Helper()
	r := env.Expect(http.StatusOK, "GET", "/metrics", nil, nil)
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Fatalf("/metrics Content-Type %q, want the Prometheus text format", ct)
	}
	parser := expfmt.NewTextParser(model.LegacyValidation)
	families, err := parser.TextToMetricFamilies(bytes.NewReader(r.Body))
	if err != nil {
		t.Fatalf("/metrics is not Prometheus text: %v\n%s", err, r.Body)
	}
	return families
}

// opSample returns the value of the family's sample whose labels include
// labels, and whether there is one.
func opSample(fams map[string]*dto.MetricFamily, name string, labels map[string]string) (float64, bool) {
	fam := fams[name]
	if fam == nil {
		return 0, false
	}
next:
	for _, m := range fam.GetMetric() {
		got := map[string]string{}
		for _, l := range m.GetLabel() {
			got[l.GetName()] = l.GetValue()
		}
		for k, v := range labels {
			if got[k] != v {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue(), true
		case m.Gauge != nil:
			return m.Gauge.GetValue(), true
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount()), true
		}
		return 0, true
	}
	return 0, false
}

func TestMetrics(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{})
		env.Clock.Set(cvNow)
		cust := env.Customer("Ada")
		for i := 0; i < 3; i++ {
			env.Expect(http.StatusOK, "GET", "/api/customers", nil, nil)
		}
		env.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/customers/%d/", cust), nil, nil)
		env.ExpectProblem(http.StatusNotFound, "not_found", "GET", "/api/customers/424242", nil)
		env.ExpectProblem(http.StatusNotFound, "not_found", "GET", "/no/such/path/123", nil)
		sess := env.Session(env.ClassType("Spin"), cvNow.Add(24*time.Hour), 1)
		if r := env.Book(cust, sess); r.Status != http.StatusCreated {
			t.Fatalf("book: %d %s", r.Status, r.Body)
		}
		env.ExpectProblem(http.StatusConflict, "session_full", "POST", "/api/bookings", bkBookBody(env.Customer("Bob"), sess))

		fams := opMetrics(t, env)
		for name, typ := range map[string]string{
			"gymtastic_http_requests_total":           "COUNTER",
			"gymtastic_http_request_duration_seconds": "HISTOGRAM",
			"gymtastic_http_requests_in_flight":       "GAUGE",
			"gymtastic_bookings_created_total":        "COUNTER",
			"gymtastic_bookings_refused_total":        "COUNTER",
			"go_goroutines":                           "GAUGE",
		} {
			if fams[name] == nil || fams[name].GetType().String() != typ {
				t.Errorf("metric %s: %v, want a %s", name, fams[name], typ)
			}
		}
		// Routes are labelled by pattern (/api/customers/:id or the like),
		// never by raw path.
		item := ""
		for _, m := range fams["gymtastic_http_requests_total"].GetMetric() {
			for _, l := range m.GetLabel() {
				if v := l.GetValue(); l.GetName() == "route" && strings.HasPrefix(v, "/api/customers/") && strings.Contains(v, "id") {
					item = v
				}
			}
		}
		if item == "" {
			t.Fatalf("no route label for GET /api/customers/{id}")
		}
		checks := []struct {
			name   string
			labels map[string]string
			want   float64
		}{
			{"gymtastic_http_requests_total", map[string]string{"route": "/api/customers", "method": "GET", "status": "200"}, 3},
			{"gymtastic_http_requests_total", map[string]string{"route": "/api/customers", "method": "POST", "status": "201"}, 2},
			{"gymtastic_http_requests_total", map[string]string{"route": item, "method": "GET", "status": "200"}, 1},
			{"gymtastic_http_requests_total", map[string]string{"route": item, "method": "GET", "status": "404"}, 1},
			{"gymtastic_http_requests_total", map[string]string{"route": "unmatched", "method": "GET", "status": "404"}, 1},
			{"gymtastic_http_request_duration_seconds", map[string]string{"route": "/api/customers", "method": "GET"}, 3},
			{"gymtastic_bookings_created_total", nil, 1},
			{"gymtastic_bookings_refused_total", map[string]string{"code": "session_full"}, 1},
		}
		for _, c := range checks {
			if got, ok := opSample(fams, c.name, c.labels); !ok || got != c.want {
				t.Errorf("%s%v = %v (found %v), want %v", c.name, c.labels, got, ok, c.want)
			}
		}
		for _, m := range fams["gymtastic_http_requests_total"].GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "route" && regexp.MustCompile(`/\d+`).MatchString(l.GetValue()) {
					t.Errorf("route label %q carries a raw id", l.GetValue())
				}
			}
		}
	})
}

// TestDocsPage: GET /api answers a browser with Swagger UI's page on
// /api/openapi.json, its assets served from the binary (gzipped or not, as
// the browser asks), and nothing loaded from another host. That the page
// renders every operation and tries a request is checked in a real
// browser: features.TestDocsPageInBrowser.
func TestDocsPage(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{})
		browser := http.Header{"Accept": {"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}}
		for _, path := range []string{"/api", "/api/"} {
			r, err := env.DoWithHeader("GET", path, nil, browser)
			if err != nil {
				t.Fatal(err)
			}
			if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
				t.Fatalf("GET %s as a browser: %d %s", path, r.Status, r.Header.Get("Content-Type"))
			}
			page := html.UnescapeString(string(r.Body))
			if !strings.Contains(strings.ToLower(page), "<!doctype html>") || !strings.Contains(page, `data-openapi="/api/openapi.json"`) {
				t.Fatalf("not a docs page: %.300s", page)
			}
			if strings.Contains(page, "<script>") {
				t.Errorf("the page holds an inline script; it should work under script-src 'self'")
			}
			remote := regexp.MustCompile(`(?i)(<(script|img|iframe)[^>]+src|<link[^>]+href)\s*=\s*["']?(https?:)?//|@import|url\(\s*["']?(https?:)?//`)
			if m := remote.FindString(page); m != "" {
				t.Errorf("the docs page loads %q from another host; it must work offline", m)
			}
			for _, asset := range regexp.MustCompile(`(?:src|href)="(/api/docs/[^"]+)"`).FindAllStringSubmatch(page, -1) {
				for _, enc := range []string{"", "gzip"} {
					r, err := env.DoWithHeader("GET", asset[1], nil, http.Header{"Accept-Encoding": {enc}})
					if err != nil || r.Status != http.StatusOK || len(r.Body) < 100 {
						t.Errorf("GET %s (Accept-Encoding %q): %v %v", asset[1], enc, err, r)
					}
				}
			}
		}
		env.ExpectProblem(http.StatusNotFound, "not_found", "GET", "/api/docs/nothing.js", nil)
		env.ExpectProblem(http.StatusNotFound, "not_found", "GET", "/api/docs/", nil)
	})
}

// TestDocsIndex: GET /api answers a JSON client with the resources, each
// a working URL (relative, as every link without server.public_url or a
// trusted proxy).
func TestDocsIndex(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{})
		for _, path := range []string{"/api", "/api/"} {
			var index map[string]string
			r := env.Expect(http.StatusOK, "GET", path, nil, &index)
			if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
				t.Fatalf("GET %s: Content-Type %q", path, r.Header.Get("Content-Type"))
			}
			for _, name := range append(opResources, "openapi") {
				u, ok := index[name]
				if !ok || !strings.HasPrefix(u, "/api/") {
					t.Fatalf("GET %s: %q → %q, want a URL under /api (%s)", path, name, u, r.Body)
				}
				env.Expect(http.StatusOK, "GET", u, nil, nil)
			}
		}
	})
}

// TestOpenAPI: /api/openapi.json is an OpenAPI 3 document of every core
// path and operation.
func TestOpenAPI(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{})
		r := env.Expect(http.StatusOK, "GET", "/api/openapi.json", nil, nil)
		var doc struct {
			OpenAPI string                                `json:"openapi"`
			Info    struct{ Title, Version string }       `json:"info"`
			Servers []struct{ URL string }                `json:"servers"`
			Paths   map[string]map[string]json.RawMessage `json:"paths"`
		}
		if err := json.Unmarshal(r.Body, &doc); err != nil {
			t.Fatalf("/api/openapi.json is not JSON: %v", err)
		}
		if !strings.HasPrefix(doc.OpenAPI, "3.") || doc.Info.Title == "" {
			t.Fatalf("openapi %q, title %q: want an OpenAPI 3 document", doc.OpenAPI, doc.Info.Title)
		}
		base := ""
		if len(doc.Servers) > 0 {
			base = strings.TrimSuffix(doc.Servers[0].URL, "/")
		}
		full := map[string]map[string]json.RawMessage{}
		var listed []string
		for p, ops := range doc.Paths {
			full[base+p] = ops
			listed = append(listed, base+p)
		}
		sort.Strings(listed)
		for p, methods := range opCorePaths {
			ops, ok := full[p]
			if !ok {
				t.Errorf("the document does not list %s (it lists %v)", p, listed)
				continue
			}
			for _, m := range methods {
				if _, ok := ops[strings.ToLower(m)]; !ok {
					t.Errorf("the document lacks %s %s", m, p)
				}
			}
		}
	})
}
