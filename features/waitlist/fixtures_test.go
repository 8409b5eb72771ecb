package waitlist_test

import (
	"context"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features"
)

// createfixtures, every feature on with its defaults as `gymtastic
// createfixtures` runs them, adds a Reformer Pilates session tomorrow
// evening, full, with three customers waiting; a second, forced run adds
// nothing twice.
func TestCreateFixtures(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		env := testenv.New(t, kind, testenv.Options{Features: features.All(), Timezone: "Europe/Paris"})
		env.Clock.Set(base)
		ctx := context.Background()
		for run, force := range []bool{false, true} {
			if _, err := env.App.Service.CreateFixtures(ctx, force); err != nil {
				t.Fatal(err)
			}
			for _, f := range env.App.Registry.Enabled() {
				if fc, ok := f.(core.FixtureCreator); ok {
					if err := fc.CreateFixtures(ctx, env.App.Service); err != nil {
						t.Fatalf("run %d: %s: %v", run, f.Name(), err)
					}
				}
			}
			var sessions []struct {
				ID          int64
				Capacity    *int
				BookedCount int64
			}
			env.App.DB.Raw(`SELECT s.id, s.capacity, s.booked_count FROM class_sessions s JOIN class_types ct ON ct.id = s.class_type_id
				WHERE ct.name = 'Reformer Pilates'`).Scan(&sessions)
			if len(sessions) != 1 {
				t.Fatalf("run %d: %d Reformer Pilates sessions, want 1", run, len(sessions))
			}
			s := sessions[0]
			var waiting int64
			env.App.DB.Raw("SELECT COUNT(*) FROM waitlist_entries WHERE class_session_id = ? AND status = 'waiting'", s.ID).Scan(&waiting)
			if s.Capacity == nil || int64(*s.Capacity) != s.BookedCount || waiting != 3 {
				t.Errorf("run %d: session %d has %d of %v places taken and %d waiting; want full, 3 waiting",
					run, s.ID, s.BookedCount, s.Capacity, waiting)
			}
		}
	})
}
