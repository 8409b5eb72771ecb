package latecancel_test

import (
	"testing"

	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/latecancel"
)

// The config is checked at start-up, naming the key.
func TestConfig(t *testing.T) {
	testenv.ExpectConfig(t, func() core.Feature { return latecancel.New() }, []testenv.ConfigCase{
		{Name: "default", Section: nil, Want: ""},
		{Name: "zero", Section: map[string]any{"default_cutoff_minutes": 0}, Want: ""},
		{Name: "a week", Section: map[string]any{"default_cutoff_minutes": 10080}, Want: ""},
		{Name: "from the environment", Section: map[string]any{"default_cutoff_minutes": "90"}, Want: ""},
		{Name: "negative", Section: map[string]any{"default_cutoff_minutes": -1}, Want: "default_cutoff_minutes"},
		{Name: "over a week", Section: map[string]any{"default_cutoff_minutes": 10081}, Want: "default_cutoff_minutes"},
		{Name: "not a number", Section: map[string]any{"default_cutoff_minutes": "soon"}, Want: "default_cutoff_minutes"},
		{Name: "unknown key", Section: map[string]any{"cutoff_minutes": 5}, Want: "cutoff_minutes"},
	}, map[string]any{"default_cutoff_minutes": 720})
}
