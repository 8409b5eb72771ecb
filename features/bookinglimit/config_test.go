package bookinglimit_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/features/bookinglimit"
)

// configure decodes a features.booking_limit section as start-up does and
// returns the decoded max_per_day.
func configure(section map[string]any) (any, *core.Registry, error) {
	f := bookinglimit.New()
	reg := core.NewRegistry([]core.Feature{f})
	var sections map[string]map[string]any
	if section != nil {
		sections = map[string]map[string]any{"booking_limit": section}
	}
	err := reg.Configure(sections)
	_, settings := reg.Settings(f)
	return settings["max_per_day"], reg, err
}

func TestConfig(t *testing.T) {
	for _, c := range []struct {
		name    string
		section map[string]any
		want    int
		errKey  string // the error names this; "" means valid
	}{
		{"default", nil, 1, ""},
		{"empty section", map[string]any{}, 1, ""},
		{"two", map[string]any{"max_per_day": 2}, 2, ""},
		{"a string from the environment", map[string]any{"max_per_day": "3"}, 3, ""},
		{"zero", map[string]any{"max_per_day": 0}, 0, "features.booking_limit: max_per_day"},
		{"negative", map[string]any{"max_per_day": -1}, 0, "features.booking_limit: max_per_day"},
		{"zero while disabled", map[string]any{"enabled": false, "max_per_day": 0}, 0, "features.booking_limit: max_per_day"},
		{"not a number", map[string]any{"max_per_day": "lots"}, 0, "max_per_day"},
		{"unknown key", map[string]any{"max_per_week": 2}, 0, "max_per_week"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, _, err := configure(c.section)
			switch {
			case c.errKey == "" && err != nil:
				t.Fatalf("error: %v", err)
			case c.errKey == "" && got != c.want:
				t.Fatalf("max_per_day %v, want %d", got, c.want)
			case c.errKey != "" && err == nil:
				t.Fatalf("no error, want one naming %s", c.errKey)
			case c.errKey != "" && !strings.Contains(err.Error(), c.errKey):
				t.Fatalf("error %q does not name %s", err, c.errKey)
			}
		})
	}
}

// From config.yaml and from GYMTASTIC_FEATURES_BOOKING_LIMIT_MAX_PER_DAY,
// as `gymtastic serve` reads them; disabled, the feature is listed as such
// with its settings.
func TestConfigFileAndEnvironment(t *testing.T) {
	load := func(t *testing.T, yaml string) (*core.Registry, core.Feature, error) {
		t.Helper()
		path := filepath.Join(t.TempDir(), "config.yaml")
		if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
			t.Fatal(err)
		}
		f := bookinglimit.New()
		reg := core.NewRegistry([]core.Feature{f})
		cfg, err := config.Load(path, reg.Defaults())
		if err != nil {
			t.Fatalf("load: %v", err)
		}
		return reg, f, reg.Configure(cfg.Features)
	}

	t.Run("zero in the file", func(t *testing.T) {
		_, _, err := load(t, "features:\n  booking_limit:\n    max_per_day: 0\n")
		if err == nil || !strings.Contains(err.Error(), "features.booking_limit: max_per_day") {
			t.Fatalf("error %v, want one naming features.booking_limit: max_per_day", err)
		}
	})
	t.Run("disabled in the file", func(t *testing.T) {
		reg, f, err := load(t, "features:\n  booking_limit:\n    enabled: false\n    max_per_day: 2\n")
		if err != nil {
			t.Fatal(err)
		}
		keys, settings := reg.Settings(f)
		if reg.IsEnabled("booking_limit") || len(reg.Hooks().BeforeBook) != 0 ||
			len(keys) != 1 || settings["max_per_day"] != 2 {
			t.Fatalf("enabled %v, %d hooks, settings %v", reg.IsEnabled("booking_limit"), len(reg.Hooks().BeforeBook), settings)
		}
	})
	t.Run("from the environment", func(t *testing.T) {
		t.Setenv("GYMTASTIC_FEATURES_BOOKING_LIMIT_MAX_PER_DAY", "4")
		reg, f, err := load(t, "gym:\n  timezone: UTC\n")
		if err != nil {
			t.Fatal(err)
		}
		if _, settings := reg.Settings(f); settings["max_per_day"] != 4 || !reg.IsEnabled("booking_limit") ||
			len(reg.Hooks().BeforeBook) != 1 {
			t.Fatalf("settings %v, enabled %v", settings, reg.IsEnabled("booking_limit"))
		}
	})
}
