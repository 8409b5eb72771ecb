package waitlist_test

import (
	"strings"
	"testing"

	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/features/waitlist"
)

// The config is checked at start-up, naming the key.
func TestConfig(t *testing.T) {
	cases := []struct {
		name    string
		section map[string]any
		want    string // "" means valid
	}{
		{"default", nil, ""},
		{"no cap", map[string]any{"max_size": 0}, ""},
		{"largest", map[string]any{"max_size": 10000, "promotion_cutoff_minutes": 10080}, ""},
		{"no cutoff", map[string]any{"promotion_cutoff_minutes": 0}, ""},
		{"from the environment", map[string]any{"max_size": "5"}, ""},
		{"negative size", map[string]any{"max_size": -1}, "max_size"},
		{"too large", map[string]any{"max_size": 10001}, "max_size"},
		{"negative cutoff", map[string]any{"promotion_cutoff_minutes": -1}, "promotion_cutoff_minutes"},
		{"cutoff over a week", map[string]any{"promotion_cutoff_minutes": 10081}, "promotion_cutoff_minutes"},
		{"not a number", map[string]any{"max_size": "many"}, "max_size"},
		{"unknown key", map[string]any{"size": 5}, "size"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			reg := core.NewRegistry([]core.Feature{waitlist.New()})
			err := reg.Configure(map[string]map[string]any{"waitlist": c.section})
			switch {
			case c.want == "" && err != nil:
				t.Fatalf("valid config refused: %v", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), "features.waitlist") ||
				!strings.Contains(err.Error(), c.want)):
				t.Fatalf("error %v, want one naming features.waitlist and %s", err, c.want)
			}
		})
	}
	d := core.NewRegistry([]core.Feature{waitlist.New()}).Defaults()
	if d["features.waitlist.max_size"] != 20 || d["features.waitlist.promotion_cutoff_minutes"] != 60 ||
		d["features.waitlist.enabled"] != true {
		t.Errorf("defaults: %v", d)
	}
}
