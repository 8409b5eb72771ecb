package main

import (
	"context"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/database"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// The worker runs the features' background jobs: a schedule whose horizon
// has moved (as after days without a process) gets its sessions without
// any request.
func TestWorkerRunsJobs(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		c := newCLI(t, kind, "features:\n  schedules:\n    horizon_days: 7\n")
		c.must("migrate")
		db, _, err := database.Open(context.Background(), c.dbURL, database.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer func() {
			if s, err := db.DB(); err == nil {
				_ = s.Close()
			}
		}()
		today := time.Now().UTC().Format(time.DateOnly)
		for _, q := range []string{
			`INSERT INTO class_types (name, description, created_at) VALUES ('Yoga', '', CURRENT_TIMESTAMP)`,
			`INSERT INTO class_schedules (class_type_id, weekdays, start_time, duration_minutes, starts_on, active,
				generated_until, created_at) VALUES (1, 'mon,tue,wed,thu,fri,sat,sun', '23:59', 60, '` + today + `', true, '` + today + `', CURRENT_TIMESTAMP)`,
		} {
			if err := db.Exec(q).Error; err != nil {
				t.Fatal(err)
			}
		}
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		if out, err := c.run(ctx, "worker"); err != nil {
			t.Fatalf("worker: %v\n%s", err, out)
		}
		// Today's 23:59 in UTC may have passed only in its last minute.
		if n := c.count("class_sessions"); n < 6 || n > 7 {
			t.Errorf("the worker made %d sessions, want 7 (today and six days ahead)", n)
		}
	})
}

// With schedules off, createfixtures makes the timetable session by
// session, as before: 30 days of the original's four classes.
func TestCreateFixturesWithoutSchedules(t *testing.T) {
	c := newCLI(t, config.SQLite, "features:\n  schedules:\n    enabled: false\n")
	c.must("migrate")
	c.must("createfixtures")
	if n, s := c.count("class_sessions"), c.count("class_schedules"); n != 151 || s != 0 {
		t.Errorf("%d sessions and %d schedules, want 151 and 0", n, s)
	}
}
