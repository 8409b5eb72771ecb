package bookingwindow_test

import (
	"strings"
	"testing"

	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/features/bookingwindow"
)

// The config is checked at start-up, enabled or not, naming the key.
func TestConfig(t *testing.T) {
	cases := []struct {
		name    string
		section map[string]any
		want    string // "" means valid
	}{
		{"default", nil, ""},
		{"bounds", map[string]any{"opens_days_before": 365, "closes_minutes_before": 10080}, ""},
		{"a day, closing just in time", map[string]any{"opens_days_before": 1, "closes_minutes_before": 1379}, ""},
		{"from the environment", map[string]any{"opens_days_before": "28", "closes_minutes_before": "30", "staff_exempt": "false"}, ""},
		{"disabled, still checked", map[string]any{"enabled": false, "opens_days_before": 0}, "opens_days_before"},
		{"opens 0", map[string]any{"opens_days_before": 0}, "opens_days_before"},
		{"opens past a year", map[string]any{"opens_days_before": 366}, "opens_days_before"},
		{"closes negative", map[string]any{"closes_minutes_before": -1}, "closes_minutes_before"},
		{"closes past a week", map[string]any{"closes_minutes_before": 10081}, "closes_minutes_before"},
		{"closes before it opens", map[string]any{"opens_days_before": 1, "closes_minutes_before": 1380}, "closes_minutes_before"},
		{"not a number", map[string]any{"opens_days_before": "soon"}, "opens_days_before"},
		{"not a bool", map[string]any{"staff_exempt": "maybe"}, "staff_exempt"},
		{"unknown key", map[string]any{"opens_hours_before": 5}, "opens_hours_before"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			reg := core.NewRegistry([]core.Feature{bookingwindow.New()})
			err := reg.Configure(map[string]map[string]any{"booking_window": c.section})
			switch {
			case c.want == "" && err != nil:
				t.Fatalf("valid config refused: %v", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), "features.booking_window") ||
				!strings.Contains(err.Error(), c.want)):
				t.Fatalf("error %v, want one naming features.booking_window and %s", err, c.want)
			}
		})
	}
	d := core.NewRegistry([]core.Feature{bookingwindow.New()}).Defaults()
	for key, want := range map[string]any{"enabled": true, "opens_days_before": 14, "closes_minutes_before": 0, "staff_exempt": true} {
		if got := d["features.booking_window."+key]; got != want {
			t.Errorf("default %s: %v, want %v", key, got, want)
		}
	}
}
