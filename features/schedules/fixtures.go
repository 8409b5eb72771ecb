package schedules

import (
	"context"
	"fmt"

	"github.com/gymtastic/gymtastic/core"
)

// CreateTimetable makes createfixtures' demo timetable as staff would: a
// schedule for each class, every day from tomorrow at its time, which
// makes its sessions to the horizon (and keeps them rolling). Forced
// again, it reuses a schedule of the class type at that time. It returns
// the schedules' future sessions, by start, and how many it made.
func (f *Feature) CreateTimetable(ctx context.Context, svc *core.Service, classes []core.FixtureClass) ([]core.ClassSession, int, error) {
	tomorrow := core.DateOf(svc.Now(), svc.Location()).AddDays(1)
	made := 0
	var ids []int64
	for _, c := range classes {
		in := input{ClassTypeID: c.ClassType.ID, Weekdays: weekdaySet{true, true, true, true, true, true, true},
			Hour: c.Hour, Minute: c.Minute, DurationMinutes: c.DurationMinutes, StartsOn: tomorrow, Active: true}
		capacity := c.Capacity
		in.Capacity = &capacity
		var existing []int64
		if err := f.env.DB.WithContext(ctx).Raw("SELECT id FROM class_schedules WHERE class_type_id = ? AND start_time = ? AND active ORDER BY id LIMIT 1",
			c.ClassType.ID, in.startTime()).Scan(&existing).Error; err != nil {
			return nil, 0, fmt.Errorf("schedules fixtures: %w", err)
		}
		if len(existing) > 0 {
			ids = append(ids, existing[0])
			continue
		}
		sc, n, err := f.create(ctx, in)
		if err != nil {
			return nil, 0, fmt.Errorf("schedules fixtures: %w", err)
		}
		ids, made = append(ids, sc.ID), made+n
	}
	var sessions []core.ClassSession
	if err := f.env.DB.WithContext(ctx).Raw(`SELECT s.id, s.class_type_id, s.starts_at, s.duration_minutes, s.capacity,
		s.created_at, s.booked_count
		FROM class_schedule_occurrences o JOIN class_sessions s ON s.id = o.session_id
		WHERE o.schedule_id IN ? AND s.starts_at > ? ORDER BY s.starts_at, s.id`, ids, core.SQLTime(svc.Now())).Scan(&sessions).Error; err != nil {
		return nil, 0, fmt.Errorf("schedules fixtures: %w", err)
	}
	return sessions, made, nil
}
