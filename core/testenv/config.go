package testenv

import (
	"strings"
	"testing"

	"github.com/gymtastic/gymtastic/core"
)

// ConfigCase is one features.<name> section and what start-up says of it.
type ConfigCase struct {
	Name    string
	Section map[string]any
	// Want is a key the error must name; "" means the section is valid.
	Want string
}

// ExpectConfig configures a fresh feature with each case's section, as
// start-up does, and checks that a valid one passes and an invalid one
// stops start-up naming features.<name> and the key; then that the
// feature's defaults (keys without the features.<name>. prefix) are
// defaults.
func ExpectConfig(t *testing.T, feature func() core.Feature, cases []ConfigCase, defaults map[string]any) {
	t.Helper()
	name := feature().Name()
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			err := core.NewRegistry([]core.Feature{feature()}).Configure(map[string]map[string]any{name: c.Section})
			switch {
			case c.Want == "" && err != nil:
				t.Fatalf("valid config refused: %v", err)
			case c.Want != "" && (err == nil || !strings.Contains(err.Error(), "features."+name) ||
				!strings.Contains(err.Error(), c.Want)):
				t.Fatalf("error %v, want one naming features.%s and %s", err, name, c.Want)
			}
		})
	}
	d := core.NewRegistry([]core.Feature{feature()}).Defaults()
	for key, want := range defaults {
		if got := d["features."+name+"."+key]; got != want {
			t.Errorf("default %s: %v, want %v", key, got, want)
		}
	}
}
