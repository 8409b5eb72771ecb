package milestones_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/app"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/milestones"
)

// startOn runs a Gymtastic with the feature enabled or not on an existing
// database, as a restart with a changed config.yaml would.
func startOn(t *testing.T, dbURL string, enabled bool) (*testenv.Client, *app.App) {
	t.Helper()
	reg := core.NewRegistry([]core.Feature{milestones.New()})
	cfg := testenv.Config(t, reg, dbURL, testenv.Options{})
	if err := reg.Configure(map[string]map[string]any{"milestones": {"enabled": enabled}}); err != nil {
		t.Fatal(err)
	}
	a, err := app.New(context.Background(), cfg, reg, slog.New(slog.NewTextHandler(io.Discard, nil)), app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Close() })
	if _, err := a.Runner.Up(context.Background()); err != nil {
		t.Fatal(err)
	}
	return testenv.AppClient(t, a), a
}

func TestDisabled(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		url := testenv.DatabaseURL(t, kind)
		on, _ := startOn(t, url, true)
		on.Expect(http.StatusCreated, "POST", "/api/milestones", map[string]any{"name": "First", "interval": "P1W", "session_count": 1}, nil)

		off, a := startOn(t, url, false)
		for _, path := range []string{"/api/milestones", "/api/milestones/1", "/api/milestone_achievements"} {
			off.ExpectProblem(http.StatusNotFound, "not_found", "GET", path, nil)
		}
		off.ExpectProblem(http.StatusNotFound, "not_found", "POST", "/api/milestones",
			map[string]any{"name": "Second", "interval": "P1W", "session_count": 1})
		ct := off.ClassType("Yoga")
		if r := off.Book(off.Customer("Ada"), off.Session(ct, time.Now().Add(48*time.Hour), 0)); r.Status != http.StatusCreated {
			t.Fatalf("book with the feature disabled: %d %s", r.Status, r.Body)
		}
		var achievements, emails, defined int64
		a.DB.Raw("SELECT COUNT(*) FROM milestone_achievements").Scan(&achievements)
		a.DB.Raw("SELECT COUNT(*) FROM emails").Scan(&emails)
		a.DB.Raw("SELECT COUNT(*) FROM milestones").Scan(&defined)
		if achievements != 0 || emails != 0 || defined != 1 {
			t.Errorf("disabled: %d achievements, %d emails, %d milestones; want 0, 0, 1", achievements, emails, defined)
		}

		again, _ := startOn(t, url, true)
		var list []milestones.MilestoneJSON
		again.Expect(http.StatusOK, "GET", "/api/milestones", nil, &list)
		if len(list) != 1 || list[0].Name != "First" {
			t.Errorf("milestones after re-enabling: %+v", list)
		}
	})
}
