package features_test

import (
	"strings"
	"testing"

	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/features/milestones"
	"github.com/gymtastic/gymtastic/features/premium"
	"github.com/gymtastic/gymtastic/features/workouts"
)

// A feature without settings takes only enabled, true by default: false
// from the environment turns it off, any other key stops start-up, naming
// the feature.
func TestConfigTakesOnlyEnabled(t *testing.T) {
	for _, c := range []struct {
		feature func() core.Feature
		unknown string
	}{
		{func() core.Feature { return milestones.New() }, "goal"},
		{func() core.Feature { return premium.New() }, "price"},
		{func() core.Feature { return workouts.New() }, "max_sets"},
	} {
		name := c.feature().Name()
		t.Run(name, func(t *testing.T) {
			reg := core.NewRegistry([]core.Feature{c.feature()})
			if err := reg.Configure(map[string]map[string]any{name: {"enabled": "false"}}); err != nil || reg.IsEnabled(name) {
				t.Errorf("enabled: false from the environment: %v, enabled %v", err, reg.IsEnabled(name))
			}
			err := core.NewRegistry([]core.Feature{c.feature()}).Configure(map[string]map[string]any{name: {c.unknown: 5}})
			if err == nil || !strings.Contains(err.Error(), "features."+name) {
				t.Errorf("unknown key %s: %v", c.unknown, err)
			}
			if d := core.NewRegistry([]core.Feature{c.feature()}).Defaults(); d["features."+name+".enabled"] != true {
				t.Errorf("defaults: %v", d)
			}
		})
	}
}
