package core

import (
	"fmt"
	"strings"
	"testing"
)

// ActiveSQL is the one definition of "active" in SQL: it must list
// ActiveStatuses, in order.
func TestActiveSQLListsActiveStatuses(t *testing.T) {
	quoted := make([]string, len(ActiveStatuses))
	for i, s := range ActiveStatuses {
		quoted[i] = fmt.Sprintf("'%s'", s)
		if !IsActive(s) {
			t.Errorf("IsActive(%q) = false", s)
		}
	}
	if want := "(" + strings.Join(quoted, ", ") + ")"; ActiveSQL != want {
		t.Errorf("ActiveSQL = %s, want %s", ActiveSQL, want)
	}
}
