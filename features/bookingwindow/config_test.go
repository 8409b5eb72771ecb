package bookingwindow_test

import (
	"testing"

	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/bookingwindow"
)

// The config is checked at start-up, enabled or not, naming the key.
func TestConfig(t *testing.T) {
	testenv.ExpectConfig(t, func() core.Feature { return bookingwindow.New() }, []testenv.ConfigCase{
		{Name: "default", Section: nil, Want: ""},
		{Name: "bounds", Section: map[string]any{"opens_days_before": 365, "closes_minutes_before": 10080}, Want: ""},
		{Name: "a day, closing just in time", Section: map[string]any{"opens_days_before": 1, "closes_minutes_before": 1379}, Want: ""},
		{Name: "from the environment", Section: map[string]any{"opens_days_before": "28", "closes_minutes_before": "30", "staff_exempt": "false"}, Want: ""},
		{Name: "disabled, still checked", Section: map[string]any{"enabled": false, "opens_days_before": 0}, Want: "opens_days_before"},
		{Name: "opens 0", Section: map[string]any{"opens_days_before": 0}, Want: "opens_days_before"},
		{Name: "opens past a year", Section: map[string]any{"opens_days_before": 366}, Want: "opens_days_before"},
		{Name: "closes negative", Section: map[string]any{"closes_minutes_before": -1}, Want: "closes_minutes_before"},
		{Name: "closes past a week", Section: map[string]any{"closes_minutes_before": 10081}, Want: "closes_minutes_before"},
		{Name: "closes before it opens", Section: map[string]any{"opens_days_before": 1, "closes_minutes_before": 1380}, Want: "closes_minutes_before"},
		{Name: "not a number", Section: map[string]any{"opens_days_before": "soon"}, Want: "opens_days_before"},
		{Name: "not a bool", Section: map[string]any{"staff_exempt": "maybe"}, Want: "staff_exempt"},
		{Name: "unknown key", Section: map[string]any{"opens_hours_before": 5}, Want: "opens_hours_before"},
	}, map[string]any{"enabled": true, "opens_days_before": 14, "closes_minutes_before": 0, "staff_exempt": true})
}
