package main

import (
	"encoding/json"
	"testing"

	"github.com/gymtastic/gymtastic/config"
)

// `gymtastic openapi` prints the document without a database: every
// feature's operations by default, whatever the configuration says, and
// only the configured ones with --as-configured.
func TestOpenAPICommand(t *testing.T) {
	c := newCLI(t, config.SQLite, "features:\n  waitlist:\n    enabled: false\n")
	read := func(args ...string) map[string]any {
		var doc struct {
			OpenAPI string         `json:"openapi"`
			Paths   map[string]any `json:"paths"`
		}
		out := c.must(args...)
		if err := json.Unmarshal([]byte(out), &doc); err != nil || doc.OpenAPI == "" {
			t.Fatalf("gymtastic %v: not an OpenAPI document (%v):\n%.300s", args, err, out)
		}
		return doc.Paths
	}
	if _, ok := read("openapi")["/waitlist_entries"]; !ok {
		t.Errorf("gymtastic openapi: no /waitlist_entries, though every feature is in it by default")
	}
	paths := read("openapi", "--as-configured")
	if _, ok := paths["/waitlist_entries"]; ok {
		t.Errorf("gymtastic openapi --as-configured: /waitlist_entries, though the waitlist is disabled")
	}
	if _, ok := paths["/bookings"]; !ok {
		t.Errorf("gymtastic openapi --as-configured: no /bookings")
	}
}
