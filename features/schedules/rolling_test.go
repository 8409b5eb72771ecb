package schedules_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm/logger"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/schedules"
)

// The horizon rolls: as days pass, the job makes the days that come into
// it, once each, and nothing when nothing is due.
func TestHorizonRolls(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "", map[string]any{"horizon_days": 7})
		daily := f.create(map[string]any{"weekdays": []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}})
		if n := len(f.sessions(daily.ID)); n != 7 {
			t.Fatalf("%d sessions on creation, want 7 (4 to 10 March)", n)
		}
		f.run() // nothing due
		if n := len(f.sessions(daily.ID)); n != 7 {
			t.Fatalf("%d sessions after a run with nothing due, want 7", n)
		}
		f.Clock.Set(base.Add(3 * 24 * time.Hour)) // Thursday 7 March
		f.run()
		f.run()
		got := f.local(f.sessions(daily.ID))
		if len(got) != 10 || got[0] != "2030-03-04 Mon 18:30 +0000" || got[9] != "2030-03-13 Wed 18:30 +0000" {
			t.Errorf("after three days: %d sessions %v, want 4 to 13 March", len(got), got)
		}
		// A long pause (no replica ran for a month): no session is made in
		// the past, the horizon is made whole.
		f.Clock.Set(base.Add(40 * 24 * time.Hour)) // Saturday 13 April, 09:00
		f.run()
		got = f.local(f.sessions(daily.ID))
		if len(got) != 17 || got[10] != "2030-04-13 Sat 18:30 +0000" || got[16] != "2030-04-19 Fri 18:30 +0000" {
			t.Errorf("after forty days: %d sessions %v, want 10 then 13 to 19 April", len(got), got)
		}
	})
}

// statements records the SQL statements gorm sends.
type statements struct {
	logger.Interface
	mu   sync.Mutex
	list []string
}

func (l *statements) Trace(_ context.Context, _ time.Time, fc func() (string, int64), _ error) {
	sql, _ := fc()
	l.mu.Lock()
	l.list = append(l.list, strings.Join(strings.Fields(sql), " "))
	l.mu.Unlock()
}

// counted runs do and returns the statements it sent to the database.
func (f *fixture) counted(do func()) []string {
	f.t.Helper()
	log := &statements{Interface: logger.Discard}
	f.App.DB.Logger = log
	do()
	f.App.DB.Logger = logger.Discard
	for i, s := range log.list {
		f.t.Logf("%d. %.160s", i+1, s)
	}
	return log.list
}

// A year of a daily class is a handful of statements, whether the request
// that creates the schedule makes it or the job does; the job with nothing
// due is one query.
func TestYearIsAHandfulOfStatements(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "Europe/London", map[string]any{"horizon_days": 366})
		all := []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
		body := f.schedule(map[string]any{"weekdays": all})
		var created schedules.ScheduleChangeJSON
		stmts := f.counted(func() {
			r := f.Call("POST", "/api/class_schedules", body)
			r.Decode(t, &created)
		})
		if n := len(f.sessions(created.ID)); n != 366 {
			t.Fatalf("%d sessions, want 366", n)
		}
		// The class type's check, the schedule's insert, the dates dealt
		// with, core's check of the class type, the sessions' insert, the
		// occurrences', the horizon: 7 (gorm logs no BEGIN or COMMIT; the
		// API key's check may add two).
		t.Logf("%s: %d statements to create a schedule with a year of daily sessions", kind, len(stmts))
		if len(stmts) > 12 {
			t.Errorf("%d statements to make a year of sessions, want at most 12", len(stmts))
		}
		// Deactivated and active again: the year is removed and made again,
		// a handful of statements each way.
		f.Clock.Set(base.Add(time.Hour))
		stmts = f.counted(func() {
			f.Call("PATCH", fmt.Sprintf("/api/class_schedules/%d", created.ID), map[string]any{"active": false})
		})
		t.Logf("%s: %d statements to remove a year of sessions", kind, len(stmts))
		if len(stmts) > 12 {
			t.Errorf("%d statements to remove a year of sessions, want at most 12", len(stmts))
		}
		if n := f.count("class_sessions"); n != 0 {
			t.Errorf("%d sessions left after deactivating, want 0", n)
		}
		// The job, a year later, with nothing due: one query.
		f.Clock.Set(base.AddDate(1, 0, 0))
		stmts = f.counted(f.run)
		if len(stmts) != 1 {
			t.Errorf("the job with nothing due sent %d statements, want 1", len(stmts))
		}
		// Active again, with a schedule that another year made due: the
		// job makes the year in a handful.
		f.Clock.Set(base.Add(time.Hour))
		f.Call("PATCH", fmt.Sprintf("/api/class_schedules/%d", created.ID), map[string]any{"active": true})
		f.Clock.Set(base.AddDate(1, 0, 0))
		stmts = f.counted(f.run)
		t.Logf("%s: %d statements for the job to make a year of sessions", kind, len(stmts))
		if len(stmts) > 10 {
			t.Errorf("the job sent %d statements for a year, want at most 10", len(stmts))
		}
	})
}

// Two replicas running the job at once, again and again, make each
// session exactly once.
func TestReplicasMakeEachSessionOnce(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "Europe/London", map[string]any{"horizon_days": 14})
		other := schedules.New()
		r := f.Replica(t, testenv.Options{Features: []core.Feature{other}, Timezone: "Europe/London",
			FeatureConfig: map[string]map[string]any{"schedules": {"horizon_days": 14}}})
		const n = 60 // more than a batch of the job
		for i := 0; i < n; i++ {
			f.create(map[string]any{"weekdays": []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"},
				"start_time": fmt.Sprintf("%02d:%02d", 6+i/6, i%6*10)})
		}
		later := base.Add(20 * 24 * time.Hour)
		f.Clock.Set(later)
		r.Clock.Set(later)
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for i := 0; i < 4; i++ {
			for _, job := range []core.BackgroundJob{f.feature, other} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if err := job.RunJob(context.Background()); err != nil {
						errs <- err
					}
				}()
			}
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		var dup []struct {
			ClassTypeID int64
			StartsAt    time.Time
			N           int
		}
		f.App.DB.Raw("SELECT class_type_id, starts_at, COUNT(*) AS n FROM class_sessions GROUP BY class_type_id, starts_at HAVING COUNT(*) > 1").Scan(&dup)
		if len(dup) > 0 {
			t.Errorf("sessions made twice: %+v", dup)
		}
		// Each schedule: 4 to 17 March, made on creation, and 24 March to
		// 6 April, made by the job (the days between have passed); on both
		// 4 and 24 March, at 09:00, the classes up to 09:00 have started.
		var perSchedule []int64
		f.App.DB.Raw("SELECT COUNT(*) FROM class_schedule_occurrences GROUP BY schedule_id ORDER BY schedule_id").Scan(&perSchedule)
		if len(perSchedule) != n {
			t.Errorf("%d schedules with sessions, want %d", len(perSchedule), n)
		}
		for i, c := range perSchedule {
			want := int64(28)
			if i <= 18 { // 06:00 to 09:00: started at 09:00
				want = 26
			}
			if c != want {
				t.Errorf("schedule %d: %d dates, want %d", i+1, c, want)
			}
		}
		if got, want := f.count("class_sessions"), f.count("class_schedule_occurrences"); got != want {
			t.Errorf("%d sessions for %d occurrences", got, want)
		}
	})
}

// A schedule the job cannot extend (here a trigger refuses its dates) is
// left for the next run; the others are extended.
func TestJobGoesOnPastAFailure(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		f := newFixture(t, kind, "", map[string]any{"horizon_days": 7})
		broken, fine := f.create(nil), f.create(nil)
		trigger := []string{fmt.Sprintf(`CREATE TRIGGER refuse_dates BEFORE INSERT ON class_schedule_occurrences
			WHEN NEW.schedule_id = %d BEGIN SELECT RAISE(ABORT, 'refused'); END`, broken.ID)}
		if kind == config.Postgres {
			trigger = []string{fmt.Sprintf(`CREATE FUNCTION refuse_dates() RETURNS trigger LANGUAGE plpgsql AS $$
				BEGIN IF NEW.schedule_id = %d THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$`, broken.ID),
				`CREATE TRIGGER refuse_dates BEFORE INSERT ON class_schedule_occurrences FOR EACH ROW EXECUTE FUNCTION refuse_dates()`}
		}
		for _, q := range trigger {
			if err := f.App.DB.Exec(q).Error; err != nil {
				t.Fatal(err)
			}
		}
		before := len(f.sessions(broken.ID))
		f.Clock.Set(base.Add(7 * 24 * time.Hour))
		f.run()
		if n := len(f.sessions(broken.ID)); n != before {
			t.Errorf("the broken schedule has %d sessions, want its %d", n, before)
		}
		if n := len(f.sessions(fine.ID)); n != 2*before {
			t.Errorf("the other schedule has %d sessions, want %d", n, 2*before)
		}
		if got, want := f.count("class_sessions"), int64(3*before); got != want {
			t.Errorf("%d sessions, want %d: the broken one's rolled back", got, want)
		}
	})
}
