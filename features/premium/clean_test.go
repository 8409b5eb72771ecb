package premium

import (
	"testing"

	"github.com/gymtastic/gymtastic/core/testenv"
)

// TestCleanChecksText: a plan's clean refuses text PostgreSQL cannot
// store, naming the field. Over HTTP, core/api refuses invalid
// UTF-8 before the feature sees it, so only a direct caller brings it here.
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
		t.Run(c.field+" "+c.rule, func(t *testing.T) { testenv.ExpectInvalidErr(t, c.in.clean(), c.field, c.rule) })
	}
}
