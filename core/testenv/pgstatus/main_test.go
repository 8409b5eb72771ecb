package main

import (
	"errors"
	"strings"
	"testing"
)

func TestStatus(t *testing.T) {
	refused := errors.New("failed to connect:\n\t127.0.0.1:5432: connection refused")
	for _, c := range []struct {
		name string
		url  string
		err  error
		ci   bool
		want []string
	}{
		{"reachable", "postgres://postgres@127.0.0.1:5432/postgres", nil, false, []string{"reachable: its suites run"}},
		{"skipped", "postgres://postgres@127.0.0.1:5432/postgres", refused, false,
			[]string{"not reachable (failed to connect: 127.0.0.1:5432: connection refused)", "SKIPPED", "CI=true"}},
		{"failed under CI", "postgres://postgres@127.0.0.1:5432/postgres", refused, true, []string{"its suites fail"}},
		{"password hidden", "postgres://me:secret@db:5432/x", refused, false, []string{"me:xxxxx@db"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := status(c.url, c.err, c.ci)
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("status = %q, want %q in it", got, w)
				}
			}
			if strings.Contains(got, "secret") || strings.Contains(got, "\n") {
				t.Errorf("status = %q: want one line, without the password", got)
			}
		})
	}
}
