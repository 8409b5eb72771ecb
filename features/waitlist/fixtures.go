package waitlist

import (
	"context"
	"fmt"
	"time"

	"github.com/gymtastic/gymtastic/core"
)

// What createfixtures adds: a small-group class tomorrow evening, full,
// with a waitlist.
const (
	fixtureClassType = "Reformer Pilates"
	fixtureCapacity  = 2
	fixtureWaiting   = 3
	fixtureHour      = 19
)

// CreateFixtures adds a full session with a waitlist, through core's
// booking path and the waitlist's join, so every enabled rule holds; a
// customer a rule refuses is passed over. A session already at that start
// is left as it is (--force).
func (f *Feature) CreateFixtures(ctx context.Context, svc *core.Service) error {
	ct, err := svc.EnsureClassType(ctx, fixtureClassType, "Reformer Pilates in groups of two: join the waitlist when it is full.")
	if err != nil {
		return err
	}
	y, m, d := svc.Now().In(svc.Location()).AddDate(0, 0, 1).Date()
	start := time.Date(y, m, d, fixtureHour, 0, 0, 0, svc.Location()).UTC()
	var n int64
	if err := f.env.DB.WithContext(ctx).Raw("SELECT COUNT(*) FROM class_sessions WHERE class_type_id = ? AND starts_at = ?",
		ct.ID, core.SQLTime(start)).Scan(&n).Error; err != nil {
		return fmt.Errorf("waitlist fixtures: %w", err)
	}
	if n > 0 {
		return nil
	}
	capacity := fixtureCapacity
	s, err := svc.CreateSession(ctx, core.SessionInput{ClassTypeID: ct.ID, StartsAt: start, DurationMinutes: 50, Capacity: &capacity})
	if err != nil {
		return fmt.Errorf("waitlist fixtures: %w", err)
	}
	var customers []int64
	if err := f.env.DB.WithContext(ctx).Raw("SELECT id FROM customers ORDER BY id DESC LIMIT 20").Scan(&customers).Error; err != nil {
		return fmt.Errorf("waitlist fixtures: %w", err)
	}
	booked, waiting := 0, 0
	for _, c := range customers {
		switch {
		case booked < fixtureCapacity:
			if _, err := svc.Book(ctx, c, s.ID); err == nil {
				booked++
			} else if _, refused := core.AsError(err); !refused {
				return fmt.Errorf("waitlist fixtures: %w", err)
			}
		case waiting < fixtureWaiting:
			if _, err := f.join(ctx, c, s.ID); err == nil {
				waiting++
			} else if _, refused := core.AsError(err); !refused {
				return fmt.Errorf("waitlist fixtures: %w", err)
			}
		}
	}
	return nil
}
