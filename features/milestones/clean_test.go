package milestones

import (
	"testing"

	"github.com/gymtastic/gymtastic/core/testenv"
)

// TestCleanChecksText: clean refuses text PostgreSQL cannot store, naming
// the field. Over HTTP, core/api refuses invalid UTF-8 before the
// feature sees it, so only a direct caller brings it here.
func TestCleanChecksText(t *testing.T) {
	for _, c := range []struct {
		in    milestoneInput
		field string
		rule  string
	}{
		{milestoneInput{Name: "Eight\xff", Interval: "P1M", SessionCount: 8}, "name", "UTF-8"},
		{milestoneInput{Name: "Eight\x00", Interval: "P1M", SessionCount: 8}, "name", "NUL"},
		{milestoneInput{Name: "Eight", Interval: "P1M\xff", SessionCount: 8}, "interval", "UTF-8"},
		{milestoneInput{Name: "Eight", Interval: "P1M\x00", SessionCount: 8}, "interval", "NUL"},
	} {
		t.Run(c.field+" "+c.rule, func(t *testing.T) { testenv.ExpectInvalidErr(t, c.in.clean(), c.field, c.rule) })
	}
}
