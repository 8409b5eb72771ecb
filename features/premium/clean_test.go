package premium

import (
	"errors"
	"strings"
	"testing"

	"github.com/gymtastic/gymtastic/core"
)

// TestCleanChecksText: a plan's clean refuses text PostgreSQL cannot
// store, naming the field. Over HTTP, JSON decoding already turns invalid
// UTF-8 into U+FFFD, so only a direct caller can bring it here.
func TestCleanChecksText(t *testing.T) {
	for _, c := range []struct {
		in    planInput
		field string
		rule  string
	}{
		{planInput{Name: "Gold\xff", DurationDays: 30}, "name", "UTF-8"},
		{planInput{Name: "Gold\x00", DurationDays: 30}, "name", "NUL"},
		{planInput{Name: "Gold", Description: "Pool\xff", DurationDays: 30}, "description", "UTF-8"},
		{planInput{Name: "Gold", Description: "Pool\x00", DurationDays: 30}, "description", "NUL"},
	} {
		err := c.in.clean()
		var e *core.Error
		if !errors.As(err, &e) || len(e.Fields) != 1 || e.Fields[0].Field != c.field ||
			!strings.Contains(e.Fields[0].Message, c.rule) {
			t.Errorf("clean(%q, %q) = %v, want a refusal of %s (%s)", c.in.Name, c.in.Description, err, c.field, c.rule)
		}
	}
}
