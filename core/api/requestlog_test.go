package api_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// The request's log line gives its duration in milliseconds, a number a
// person reads and a collector sums, not Go's nanoseconds.
func TestRequestLogDurationMilliseconds(t *testing.T) {
	logs := &testenv.LogBuffer{}
	env := testenv.New(t, config.SQLite, testenv.Options{Logs: logs})
	env.Expect(http.StatusOK, "GET", "/api/customers", nil, nil)
	var line string
	for _, l := range strings.Split(logs.String(), "\n") {
		if strings.Contains(l, "msg=request") && strings.Contains(l, "route=/api/customers") {
			line = l
		}
	}
	if !regexp.MustCompile(` duration_ms=\d+(\.\d+)?( |$)`).MatchString(line) || strings.Contains(line, " duration=") {
		t.Errorf("request line %q, want duration_ms=<milliseconds>", line)
	}
}
