package core_test

import (
	"context"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// CreateSessions makes many sessions in the caller's transaction, in the
// order given, with CreateSession's checks naming the fields; DeleteSessions
// deletes those without active bookings and returns the others.
func TestBulkSessions(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		e := testenv.New(t, kind, testenv.Options{})
		svc, ctx := e.App.Service, context.Background()
		yoga := e.ClassType("Yoga")
		start := time.Now().Add(24 * time.Hour).Truncate(time.Hour)
		var in []core.SessionInput
		for i := 0; i < 2500; i++ { // three INSERTs
			in = append(in, core.SessionInput{ClassTypeID: yoga, StartsAt: start.Add(time.Duration(i) * time.Hour), DurationMinutes: 60})
		}
		var made []core.ClassSession
		if err := e.App.DB.Transaction(func(tx *gorm.DB) error {
			var err error
			made, err = svc.CreateSessions(ctx, tx, in)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if len(made) != len(in) {
			t.Fatalf("%d sessions made, want %d", len(made), len(in))
		}
		for i, s := range made {
			if s.ID == 0 || !s.StartsAt.Equal(in[i].StartsAt) || (i > 0 && s.ID <= made[i-1].ID) {
				t.Fatalf("session %d: %+v, want the input's start and a rising id", i, s)
			}
			var got time.Time
			e.App.DB.Raw("SELECT starts_at FROM class_sessions WHERE id = ?", s.ID).Scan(&got)
			if !got.Equal(s.StartsAt) {
				t.Fatalf("session %d stored at %s, returned at %s", s.ID, got, s.StartsAt)
			}
		}

		bad := []core.SessionInput{{ClassTypeID: yoga, StartsAt: time.Date(9999, 12, 31, 23, 0, 0, 0, time.FixedZone("", -2*3600)), DurationMinutes: 60},
			{ClassTypeID: 999, StartsAt: start, DurationMinutes: 60}}
		err := e.App.DB.Transaction(func(tx *gorm.DB) error { _, err := svc.CreateSessions(ctx, tx, bad); return err })
		if ce, ok := core.AsError(err); !ok || ce.Code != "validation_failed" || len(ce.Fields) != 2 ||
			ce.Fields[0].Field != "starts_at" || ce.Fields[1].Field != "class_type" {
			t.Errorf("bad inputs: %v, want 422 naming starts_at and class_type", err)
		}

		e.Book(e.Customer("Ada"), made[1].ID)
		ids := []int64{made[0].ID, made[1].ID, made[2].ID}
		var kept []core.ClassSession
		if err := e.App.DB.Transaction(func(tx *gorm.DB) error {
			var err error
			kept, err = svc.DeleteSessions(ctx, tx, ids)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if len(kept) != 1 || kept[0].ID != made[1].ID || kept[0].BookedCount != 1 {
			t.Errorf("kept %+v, want session %d with its booking", kept, made[1].ID)
		}
		var left int64
		e.App.DB.Raw("SELECT COUNT(*) FROM class_sessions WHERE id IN ?", ids).Scan(&left)
		if left != 1 {
			t.Errorf("%d of the three sessions left, want 1", left)
		}
	})
}
