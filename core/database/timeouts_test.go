package database_test

import (
	"context"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/database"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// Open gives the database the request's deadline as its own: PostgreSQL's
// statement and lock timeouts (and a shorter idle-in-transaction one),
// SQLite's busy timeout; a setting in the URL wins.
func TestOpenSetsTimeouts(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		url := testenv.DatabaseURL(t, kind)
		db, _, err := database.Open(context.Background(), url, database.Options{Timeout: 3 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		defer database.Close(db)
		if kind == config.SQLite {
			var busy int
			db.Raw("PRAGMA busy_timeout").Scan(&busy)
			if busy != 3000 {
				t.Errorf("busy_timeout %d, want 3000", busy)
			}
			return
		}
		want := map[string]string{"statement_timeout": "3s", "lock_timeout": "3s", "idle_in_transaction_session_timeout": "3s"}
		for name, v := range want {
			var got string
			db.Raw("SHOW " + name).Scan(&got)
			if got != v {
				t.Errorf("%s = %q, want %q", name, got, v)
			}
		}

		own, _, err := database.Open(context.Background(), url+"&statement_timeout=0", database.Options{Timeout: time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		defer database.Close(own)
		var st, idle string
		own.Raw("SHOW statement_timeout").Scan(&st)
		own.Raw("SHOW idle_in_transaction_session_timeout").Scan(&idle)
		if st != "0" || idle != "5s" {
			t.Errorf("with the URL's statement_timeout=0 and a 1 min timeout: statement_timeout %q, idle_in_transaction_session_timeout %q; want 0 and 5s", st, idle)
		}
	})
}
