package core_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/database"
	"github.com/gymtastic/gymtastic/core/mailtest"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// Two dispatchers, each with its own connection pool as two replicas
// would have, drain one outbox together: every email is delivered exactly
// once.
func TestTwoDispatchersSendEachEmailOnce(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		const emails = 200
		env := testenv.New(t, kind, testenv.Options{})
		srv := mailtest.Start(t)
		rows := enqueue(t, env, emails, welcome)

		var ds []*core.Dispatcher
		for i := 0; i < 2; i++ {
			db, _, err := database.Open(context.Background(), env.App.Config.Database.URL, database.Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = database.Close(db) })
			d := dispatcher(t, env, db, srv, nil)
			d.Batch = 5
			ds = append(ds, d)
		}

		tried := make([]int, len(ds))
		var wg sync.WaitGroup
		for i, d := range ds {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					n, err := d.RunOnce(context.Background())
					if err != nil {
						t.Errorf("dispatcher %d: %v", i, err)
						return
					}
					if n == 0 {
						return
					}
					tried[i] += n
				}
			}()
		}
		wg.Wait()

		got := srv.Wait(emails, 10*time.Second)
		time.Sleep(100 * time.Millisecond) // a duplicate would arrive now
		if got = srv.Messages(); len(got) != emails {
			t.Errorf("%d messages delivered, want %d", len(got), emails)
		}
		seen := map[string]int{}
		for _, m := range got {
			seen[m.MessageID]++
		}
		for _, e := range rows {
			if seen[e.MessageID] != 1 {
				t.Errorf("email %d delivered %d times", e.ID, seen[e.MessageID])
			}
		}
		if tried[0]+tried[1] != emails {
			t.Errorf("dispatchers tried %d and %d emails, want %d in all", tried[0], tried[1], emails)
		}
		if kind == config.Postgres && (tried[0] == 0 || tried[1] == 0) {
			t.Errorf("one dispatcher did all the work (%d, %d): the test did not run them together", tried[0], tried[1])
		}
		var pending int64
		env.App.DB.Raw("SELECT COUNT(*) FROM emails WHERE status <> 'sent'").Scan(&pending)
		if pending != 0 {
			t.Errorf("%d emails not sent", pending)
		}
		t.Logf("dispatcher 1 sent %d, dispatcher 2 sent %d", tried[0], tried[1])
	})
}

// Run delivers what is due, keeps polling, and returns when its context
// ends.
func TestDispatcherRunStopsWithContext(t *testing.T) {
	env := testenv.New(t, config.SQLite, testenv.Options{})
	srv := mailtest.Start(t)
	d := dispatcher(t, env, env.App.DB, srv, func(c *config.Mail) { c.PollInterval = 20 * time.Millisecond })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { d.Run(ctx); close(done) }()
	enqueue(t, env, 1, welcome)
	srv.Wait(1, 5*time.Second)
	enqueue(t, env, 1, welcome)
	srv.Wait(2, 5*time.Second)
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
}
