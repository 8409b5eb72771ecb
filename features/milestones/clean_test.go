package milestones

import (
	"errors"
	"strings"
	"testing"

	"github.com/gymtastic/gymtastic/core"
)

// TestCleanChecksText: clean refuses text PostgreSQL cannot store, naming
// the field. Over HTTP, JSON decoding already turns invalid UTF-8 into
// U+FFFD, so only a direct caller can bring it here.
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
		err := c.in.clean()
		var e *core.Error
		if !errors.As(err, &e) || len(e.Fields) != 1 || e.Fields[0].Field != c.field ||
			!strings.Contains(e.Fields[0].Message, c.rule) {
			t.Errorf("clean(%q, %q) = %v, want a refusal of %s (%s)", c.in.Name, c.in.Interval, err, c.field, c.rule)
		}
	}
}
