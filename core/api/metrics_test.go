package api_test

import (
	"bytes"
	"math/rand/v2"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// TestMetricsIgnoreInventedMethods: a method a client makes up is labelled
// "other", so 300 of them leave /metrics as long as it was (they grew it
// from 1,023 lines to 6,123), and the request log bounds its length.
func TestMetricsIgnoreInventedMethods(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		logs := &testenv.LogBuffer{}
		env := testenv.New(t, kind, testenv.Options{Logs: logs})
		rng := rand.New(rand.NewPCG(21, 7))
		invent := func(n int) string {
			b := make([]byte, n)
			for i := range b {
				b[i] = 'A' + byte(rng.IntN(26))
			}
			return string(b)
		}
		send := func(method string) {
			for _, path := range []string{"/healthz", "/api/customers", "/api/customers/1", "/no/such/path"} {
				if _, err := env.Do(method, path, nil); err != nil {
					t.Fatalf("%.40s %s: %v", method, path, err)
				}
			}
		}
		lines := func() int {
			return bytes.Count(env.Expect(http.StatusOK, "GET", "/metrics", nil, nil).Body, []byte("\n"))
		}
		send(invent(10))
		lines()
		before := lines()
		for i := 0; i < 300; i++ {
			send(invent(5 + rng.IntN(20)))
		}
		if after := lines(); after != before {
			t.Errorf("/metrics grew from %d to %d lines with 300 invented methods", before, after)
		}
		fams := opMetrics(t, env)
		for _, name := range []string{"gymtastic_http_requests_total", "gymtastic_http_request_duration_seconds"} {
			for _, m := range fams[name].GetMetric() {
				for _, l := range m.GetLabel() {
					if l.GetName() == "method" && !regexp.MustCompile(`^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|CONNECT|TRACE|other)$`).MatchString(l.GetValue()) {
						t.Errorf("%s has method label %q", name, l.GetValue())
					}
				}
			}
		}
		if got, ok := opSample(fams, "gymtastic_http_requests_total", map[string]string{"route": "unmatched", "method": "other", "status": "404"}); !ok || got != 301 {
			t.Errorf("invented methods on an unknown path counted %v (found %v), want 301", got, ok)
		}

		long := invent(5000)
		send(long)
		if log := logs.String(); strings.Contains(log, long[:100]) || !strings.Contains(log, long[:32]+"…") {
			t.Errorf("the request log does not bound a 5,000-character method to 32 characters")
		}
	})
}
