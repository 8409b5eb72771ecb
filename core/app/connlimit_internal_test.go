package app

import (
	"strings"
	"testing"
)

// The cap: 1024 or what the file-descriptor limit leaves after the files
// the database and the process keep; a configured cap the limit cannot hold
// is refused naming the key.
func TestMaxConnections(t *testing.T) {
	cases := []struct {
		name       string
		configured int
		fdLimit    uint64
		pool       int
		want       int
		err        string
	}{
		{"default under a high limit", 0, 1 << 20, 16, 1024, ""},
		{"default under a low limit", 0, 1024, 16, 1024 - 128 - 48, ""},
		{"default, limit unknown", 0, 0, 4, 1024, ""},
		{"default, no limit", 0, ^uint64(0), 4, 1024, ""},
		{"limit too low for any", 0, 100, 4, 0, "server.max_connections: the file-descriptor limit (ulimit -n) is 100"},
		{"configured", 20, 1024, 4, 20, ""},
		{"configured above the default", 10000, 1 << 20, 4, 10000, ""},
		{"configured at what the limit allows", 1024 - 128 - 12, 1024, 4, 1024 - 128 - 12, ""},
		{"configured past the limit", 1024, 1024, 4, 0, "server.max_connections: 1024 is more than the file-descriptor limit (ulimit -n 1024) allows"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := maxConnections(c.configured, c.fdLimit, c.pool)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("maxConnections = %d, %v; want an error with %q", got, err, c.err)
				}
				return
			}
			if err != nil || got != c.want {
				t.Fatalf("maxConnections = %d, %v; want %d", got, err, c.want)
			}
		})
	}
}
