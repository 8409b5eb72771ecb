package latecancel_test

import (
	"strings"
	"testing"

	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/features/latecancel"
)

// The config is checked at start-up, naming the key.
func TestConfig(t *testing.T) {
	cases := []struct {
		name    string
		section map[string]any
		want    string // "" means valid
	}{
		{"default", nil, ""},
		{"zero", map[string]any{"default_cutoff_minutes": 0}, ""},
		{"a week", map[string]any{"default_cutoff_minutes": 10080}, ""},
		{"from the environment", map[string]any{"default_cutoff_minutes": "90"}, ""},
		{"negative", map[string]any{"default_cutoff_minutes": -1}, "default_cutoff_minutes"},
		{"over a week", map[string]any{"default_cutoff_minutes": 10081}, "default_cutoff_minutes"},
		{"not a number", map[string]any{"default_cutoff_minutes": "soon"}, "default_cutoff_minutes"},
		{"unknown key", map[string]any{"cutoff_minutes": 5}, "cutoff_minutes"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := latecancel.New()
			reg := core.NewRegistry([]core.Feature{f})
			err := reg.Configure(map[string]map[string]any{"late_cancels": c.section})
			switch {
			case c.want == "" && err != nil:
				t.Fatalf("valid config refused: %v", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), "features.late_cancels") ||
				!strings.Contains(err.Error(), c.want)):
				t.Fatalf("error %v, want one naming features.late_cancels and %s", err, c.want)
			}
		})
	}
	if d := core.NewRegistry([]core.Feature{latecancel.New()}).Defaults(); d["features.late_cancels.default_cutoff_minutes"] != 720 {
		t.Errorf("default default_cutoff_minutes: %v", d["features.late_cancels.default_cutoff_minutes"])
	}
}
