package premium_test

import (
	"context"
	"testing"
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/features/premium"
	"gorm.io/gorm"
)

// onePerDay is a stand-in for another feature's rule (features do not
// import each other): one active booking per customer per gym-local day.
type onePerDay struct{}

func (onePerDay) Name() string { return "one_per_day" }

func (onePerDay) BeforeBook(b *core.BookContext) core.Check {
	return core.Check{Decide: func(ctx context.Context, tx *gorm.DB) error {
		from, to := core.DayBounds(b.Session.StartsAt, b.Location)
		var n int64
		if err := tx.WithContext(ctx).Raw(`SELECT COUNT(*) FROM bookings bk JOIN class_sessions s ON s.id = bk.class_session_id
			WHERE bk.customer_id = ? AND bk.status IN ? AND s.starts_at >= ? AND s.starts_at < ? AND bk.id <> ?`,
			b.Customer.ID, core.ActiveStatuses, from.UTC(), to.UTC(), b.Booking.ID).Scan(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return core.Refuse("one_per_day", "customer %d already has a booking that day", b.Customer.ID)
		}
		return nil
	}}
}

// createfixtures adds a premium Swimming class type, a Premium plan, a
// Swimming session each fixture day and memberships for every other
// fixture customer; its Swimming bookings respect every enabled rule
// (here a one-a-day rule as well), and a second, forced run adds nothing
// twice.
func TestCreateFixtures(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		feature := premium.New()
		env := testenv.New(t, kind, testenv.Options{Timezone: "Pacific/Auckland",
			Features: []core.Feature{onePerDay{}, feature}})
		env.Clock.Set(base)
		loc, _ := time.LoadLocation("Pacific/Auckland")
		ctx := context.Background()
		svc := env.App.Service

		for run, force := range []bool{false, true} {
			if _, err := svc.CreateFixtures(ctx, force); err != nil {
				t.Fatal(err)
			}
			if err := feature.CreateFixtures(ctx, svc); err != nil {
				t.Fatalf("run %d: %v", run, err)
			}
			count := func(q string, args ...any) int64 {
				t.Helper()
				var n int64
				if err := env.App.DB.Raw(q, args...).Scan(&n).Error; err != nil {
					t.Fatal(err)
				}
				return n
			}
			var swimming int64
			env.App.DB.Raw("SELECT id FROM class_types WHERE name = 'Swimming'").Scan(&swimming)
			if n := count("SELECT COUNT(*) FROM premium_class_types WHERE class_type_id = ?", swimming); n != 1 {
				t.Errorf("run %d: Swimming is not premium", run)
			}
			if n := count(`SELECT COUNT(*) FROM membership_plans p JOIN membership_plan_class_types pc ON pc.plan_id = p.id
				WHERE p.name = 'Premium' AND pc.class_type_id = ?`, swimming); n != 1 {
				t.Errorf("run %d: no Premium plan unlocking Swimming (%d)", run, n)
			}
			var starts []time.Time
			env.App.DB.Raw("SELECT starts_at FROM class_sessions WHERE class_type_id = ? ORDER BY starts_at", swimming).Scan(&starts)
			days := map[string]bool{}
			for _, s := range starts {
				days[s.In(loc).Format(time.DateOnly)] = true
			}
			if len(starts) != 30 || len(days) != 30 {
				t.Errorf("run %d: %d Swimming sessions on %d days, want 30 on 30", run, len(starts), len(days))
			}
			today := base.In(loc).Format(time.DateOnly)
			if n := count("SELECT COUNT(*) FROM memberships WHERE status = 'active' AND starts_on <= ? AND ends_on >= ?",
				core.Date(today), core.Date(today)); n != int64(len(core.FixtureCustomers)/2) {
				t.Errorf("run %d: %d memberships cover today, want %d", run, n, len(core.FixtureCustomers)/2)
			}

			var rows []struct {
				CustomerID int64
				StartsAt   time.Time
				Premium    bool
			}
			env.App.DB.Raw(`SELECT b.customer_id, s.starts_at, s.class_type_id = ? AS premium FROM bookings b
				JOIN class_sessions s ON s.id = b.class_session_id WHERE b.status IN ?`, swimming, core.ActiveStatuses).Scan(&rows)
			perDay := map[int64]map[string]int{}
			swims := 0
			for _, r := range rows {
				day := r.StartsAt.In(loc).Format(time.DateOnly)
				if perDay[r.CustomerID] == nil {
					perDay[r.CustomerID] = map[string]int{}
				}
				if perDay[r.CustomerID][day]++; perDay[r.CustomerID][day] > 1 {
					t.Errorf("run %d: customer %d holds %d bookings on %s", run, r.CustomerID, perDay[r.CustomerID][day], day)
				}
				if !r.Premium {
					continue
				}
				swims++
				covered := count(`SELECT COUNT(*) FROM memberships m JOIN membership_plan_class_types pc ON pc.plan_id = m.plan_id
					WHERE m.customer_id = ? AND pc.class_type_id = ? AND m.status = 'active' AND m.starts_on <= ? AND m.ends_on >= ?`,
					r.CustomerID, swimming, core.Date(day), core.Date(day))
				if covered == 0 {
					t.Errorf("run %d: customer %d swims on %s without a membership", run, r.CustomerID, day)
				}
			}
			if swims == 0 || swims > len(core.FixtureCustomers) {
				t.Errorf("run %d: %d Swimming bookings, want some, at most two per member", run, swims)
			}
			t.Logf("run %d: %d active bookings, %d of them Swimming", run, len(rows), swims)
		}
	})
}
