package api_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// misbehaving does, in AfterBook, what a hook should not but might: by the
// customer's first name, swallow the error of a failed statement
// ("Swallow"), undo a nested transaction of its own ("Nested"), or commit
// the booking's transaction itself ("Commit").
type misbehaving struct{ commitErr error }

func (*misbehaving) Name() string { return "misbehaving" }

func (f *misbehaving) AfterBook(b *core.BookContext) core.Check {
	return core.Check{Decide: func(ctx context.Context, tx *gorm.DB) error {
		switch b.Customer.FirstName {
		case "Swallow":
			_ = tx.Exec("INSERT INTO no_such_table VALUES (1)").Error
		case "Nested":
			_ = tx.Transaction(func(inner *gorm.DB) error {
				if err := inner.Exec("UPDATE customers SET last_name = 'Changed' WHERE id = ?", b.Customer.ID).Error; err != nil {
					return err
				}
				return errors.New("undo the nested transaction")
			})
		case "Commit":
			f.commitErr = tx.Commit().Error
		}
		return nil
	}}
}

// The booking's transaction ends as its client is told, whatever a hook
// did in it, and leaves its connection fit for the next one: the pool here
// holds one connection, which every request reuses.
func TestBookingTransactionEndsAsTold(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		hook := &misbehaving{}
		env := testenv.New(t, kind, testenv.Options{Features: []core.Feature{hook},
			Configure: func(c *config.Config) { c.Database.MaxOpenConns = 1 }})
		sess := env.Session(env.ClassType("Yoga"), time.Now().Add(48*time.Hour), 0)
		book := func(customer int64) {
			t.Helper()
			if res := env.Book(customer, sess); res.Status != http.StatusCreated {
				t.Fatalf("%d %s, want 201", res.Status, res.Body)
			}
		}
		booked := func(customer int64) int64 {
			var n int64
			if err := env.App.DB.Raw("SELECT COUNT(*) FROM bookings WHERE customer_id = ?", customer).Scan(&n).Error; err != nil {
				t.Fatal(err)
			}
			return n
		}

		// A statement that failed: PostgreSQL aborts the whole transaction,
		// so the booking cannot be committed and must not be answered 201;
		// SQLite fails the statement alone, and the booking stands.
		swallow := env.Customer("Swallow")
		res := env.Book(swallow, sess)
		switch {
		case kind == config.Postgres && res.Status != http.StatusInternalServerError:
			t.Errorf("a hook's failed statement in an aborted transaction: %d %s, want 500", res.Status, res.Body)
		case kind == config.SQLite && res.Status != http.StatusCreated:
			t.Errorf("a hook's failed statement on SQLite: %d %s, want 201", res.Status, res.Body)
		}
		want := int64(0)
		if res.Status == http.StatusCreated {
			want = 1
		}
		if n := booked(swallow); n != want {
			t.Errorf("answered %d, and %d booking(s) in the database", res.Status, n)
		}

		// A nested transaction rolls back to its savepoint only.
		nested := env.Customer("Nested")
		book(nested)
		var last string
		env.App.DB.Raw("SELECT last_name FROM customers WHERE id = ?", nested).Scan(&last)
		if n := booked(nested); n != 1 || last == "Changed" {
			t.Errorf("after a nested transaction undone: %d booking(s), last name %q; want the booking and the name kept", n, last)
		}

		// Only core commits the booking's transaction (on PostgreSQL, where
		// it holds the connection itself; on SQLite the hook has gorm's).
		if kind == config.Postgres {
			commit := env.Customer("Commit")
			book(commit)
			if hook.commitErr == nil {
				t.Errorf("a hook committed the booking's transaction")
			}
		}

		// The one connection still serves bookings.
		other := env.Customer("Other")
		book(other)
		if n := booked(other); n != 1 {
			t.Errorf("%d bookings after a 201, want 1", n)
		}
	})
}
