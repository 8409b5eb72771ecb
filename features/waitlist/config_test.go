package waitlist_test

import (
	"testing"

	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/waitlist"
)

// The config is checked at start-up, naming the key.
func TestConfig(t *testing.T) {
	testenv.ExpectConfig(t, func() core.Feature { return waitlist.New() }, []testenv.ConfigCase{
		{Name: "default", Section: nil, Want: ""},
		{Name: "no cap", Section: map[string]any{"max_size": 0}, Want: ""},
		{Name: "largest", Section: map[string]any{"max_size": 10000, "promotion_cutoff_minutes": 10080}, Want: ""},
		{Name: "no cutoff", Section: map[string]any{"promotion_cutoff_minutes": 0}, Want: ""},
		{Name: "from the environment", Section: map[string]any{"max_size": "5"}, Want: ""},
		{Name: "negative size", Section: map[string]any{"max_size": -1}, Want: "max_size"},
		{Name: "too large", Section: map[string]any{"max_size": 10001}, Want: "max_size"},
		{Name: "negative cutoff", Section: map[string]any{"promotion_cutoff_minutes": -1}, Want: "promotion_cutoff_minutes"},
		{Name: "cutoff over a week", Section: map[string]any{"promotion_cutoff_minutes": 10081}, Want: "promotion_cutoff_minutes"},
		{Name: "not a number", Section: map[string]any{"max_size": "many"}, Want: "max_size"},
		{Name: "unknown key", Section: map[string]any{"size": 5}, Want: "size"},
	}, map[string]any{"enabled": true, "max_size": 20, "promotion_cutoff_minutes": 60})
}
