package milestones_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/milestones"
)

// A milestone written anywhere else (another replica, an operator's SQL)
// counts from the next booking on: every booking reads the active
// milestones.
func TestActiveMilestonesFollowOtherWriters(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		admin := newFixture(t, kind, testenv.Options{})
		desk := &fixture{Env: admin.Replica(t, testenv.Options{Features: []core.Feature{milestones.New()}}),
			t: t, classType: admin.classType, sessions: 1000}
		desk.Clock.Set(base)

		// desk keeps "no milestone" after this booking.
		desk.book(desk.Customer("Warm"))
		desk.expectCounts(0, 0)

		// Created through the other replica: desk's next booking achieves it.
		first := admin.milestone("First visit", "P1M", 1)
		desk.book(desk.Customer("Ada"))
		desk.expectCounts(1, 1)

		// Switched off through the other replica: no achievement.
		admin.Expect(http.StatusOK, "PATCH", fmt.Sprintf("/api/milestones/%d", first), map[string]any{"active": false}, nil)
		desk.book(desk.Customer("Bob"))
		desk.expectCounts(1, 1)

		// Switched back on, and its goal raised, by plain SQL.
		if err := admin.App.DB.Exec("UPDATE milestones SET active = ?, session_count = 2", true).Error; err != nil {
			t.Fatal(err)
		}
		cy := desk.Customer("Cy")
		desk.book(cy)
		desk.expectCounts(1, 1)
		desk.book(cy)
		desk.expectCounts(2, 2)

		// Deleted by plain SQL: none.
		if err := admin.App.DB.Exec("DELETE FROM milestones").Error; err != nil {
			t.Fatal(err)
		}
		desk.book(desk.Customer("Di"))
		desk.book(desk.Customer("Di2"))
		desk.expectCounts(0, 2) // achievements went with their milestone
	})
}
