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

// ids returns the ids of achievements.
func ids(list []milestones.AchievementJSON) []int64 {
	out := make([]int64, len(list))
	for i, a := range list {
		out[i] = a.ID
	}
	return out
}

// A customer token sees her own achievements alone: lists hold only hers
// (filtering on another customer gives none), another's by id is 404 as
// one that does not exist; milestones themselves are any member's to read.
// Staff see every achievement.
func TestCustomerSeesOwnAchievementsOnly(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, testenv.Options{})
		m := f.milestone("First class", "P1W", 1)
		ada, bea := f.Customer("Ada"), f.Customer("Bea")
		f.book(ada)
		f.book(bea)
		all := f.achievements("")
		if len(all) != 2 {
			t.Fatalf("achievements %+v, want one each", all)
		}
		mine, theirs := all[0], all[1]
		if mine.Customer != ada {
			mine, theirs = theirs, mine
		}

		staff := f.As(f.Key(t, core.RoleStaff))
		var got []milestones.AchievementJSON
		staff.Expect(http.StatusOK, "GET", "/api/milestone_achievements", nil, &got)
		if len(got) != 2 {
			t.Errorf("staff list %v, want both", ids(got))
		}

		c := f.As(f.CustomerToken(t, ada))
		for _, q := range []string{"", fmt.Sprintf("?customer=%d", ada), fmt.Sprintf("?milestone=%d", m)} {
			c.Expect(http.StatusOK, "GET", "/api/milestone_achievements"+q, nil, &got)
			if len(got) != 1 || got[0].ID != mine.ID {
				t.Errorf("list%s: %v, want her own %d alone", q, ids(got), mine.ID)
			}
		}
		c.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/milestone_achievements?customer=%d", bea), nil, &got)
		if len(got) != 0 {
			t.Errorf("list of another customer's: %v, want none", ids(got))
		}
		c.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/milestone_achievements/%d", mine.ID), nil, nil)
		p := c.ExpectProblem(http.StatusNotFound, "not_found", "GET", fmt.Sprintf("/api/milestone_achievements/%d", theirs.ID), nil)
		if want := fmt.Sprintf("milestone achievement %d does not exist", theirs.ID); p.Detail != want {
			t.Errorf("detail %q, want %q (as for one that does not exist)", p.Detail, want)
		}

		c.Expect(http.StatusOK, "GET", "/api/milestones", nil, nil)
		c.Expect(http.StatusOK, "GET", fmt.Sprintf("/api/milestones/%d", m), nil, nil)
	})
}
