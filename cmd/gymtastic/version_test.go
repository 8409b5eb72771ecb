package main

import (
	"context"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/gymtastic/gymtastic/config"
)

// version and --version print the same: the module version, the revision
// and the Go that built it.
func TestVersionCommand(t *testing.T) {
	c := newCLI(t, config.SQLite, "")
	sub := c.must("version")
	flag := c.must("--version")
	if sub != flag {
		t.Errorf("version printed\n%s--version printed\n%s", sub, flag)
	}
	for _, want := range []string{"gymtastic ", "revision ", "built with go"} {
		if !strings.Contains(sub, want) {
			t.Errorf("version printed\n%s\nwant %q in it", sub, want)
		}
	}
	if _, err := c.run(context.Background(), "version", "x"); err == nil {
		t.Error("version x succeeded")
	}
}

func TestFormatVersion(t *testing.T) {
	stamped := &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "536e21a0"}, {Key: "vcs.time", Value: "2026-12-05T00:28:53Z"},
		{Key: "vcs.modified", Value: "true"},
	}}
	for _, tc := range []struct {
		name string
		info *debug.BuildInfo
		want []string
	}{
		{"stamped", stamped, []string{"gymtastic v1.2.3\n", "revision 536e21a0 (2026-12-05T00:28:53Z) with uncommitted changes\n"}},
		{"checkout without vcs", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}},
			[]string{"gymtastic (devel)\n", "revision unknown"}},
		{"no build info", nil, []string{"gymtastic unknown\n"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := formatVersion(tc.info)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("formatVersion = %q, want %q in it", got, w)
				}
			}
		})
	}
}
