package schedules

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/core"
)

// scheduleColumns reads a schedule's row.
const scheduleColumns = `id, class_type_id, weekdays, start_time, duration_minutes, capacity, starts_on, ends_on, active,
	generated_until, created_at`

// lock reads a schedule and, on PostgreSQL, locks its row until tx ends:
// its edits, skips and the job's extensions of it run one at a time.
func (f *Feature) lock(tx *gorm.DB, id int64) (*Schedule, error) {
	return read(tx, id, core.ForUpdate(f.env.Kind))
}

// get returns one schedule.
func (f *Feature) get(ctx context.Context, id int64) (*Schedule, error) {
	return read(f.env.DB.WithContext(ctx), id, "")
}

func read(db *gorm.DB, id int64, lock string) (*Schedule, error) {
	var rows []Schedule
	if err := db.Raw("SELECT "+scheduleColumns+" FROM class_schedules WHERE id = ?"+lock, id).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("schedules: read schedule: %w", err)
	}
	if len(rows) == 0 {
		return nil, core.NotFound("class schedule", id)
	}
	return &rows[0], nil
}

// checkClassType refuses, naming the field, a class type that does not
// exist; its row is kept from deletion until tx ends.
func (f *Feature) checkClassType(tx *gorm.DB, id int64) error {
	var ids []int64
	if err := tx.Raw("SELECT id FROM class_types WHERE id = ?"+core.ForKeyShare(f.env.Kind), id).Scan(&ids).Error; err != nil {
		return fmt.Errorf("schedules: check class type: %w", err)
	}
	if len(ids) == 0 {
		return core.Invalid("class_type", "class type %d does not exist", id)
	}
	return nil
}

// filter selects schedules in list. Zero values do not filter.
type filter struct {
	ClassTypeID int64
	Active      *bool
}

// list returns schedules by id.
func (f *Feature) list(ctx context.Context, fl filter, p core.Page) ([]Schedule, bool, error) {
	q := f.env.DB.WithContext(ctx).Table("class_schedules").Select(scheduleColumns)
	if fl.ClassTypeID != 0 {
		q = q.Where("class_type_id = ?", fl.ClassTypeID)
	}
	if fl.Active != nil {
		q = q.Where("active = ?", *fl.Active)
	}
	var rows []Schedule
	if err := q.Order("id").Limit(p.Limit + 1).Offset(p.Offset).Scan(&rows).Error; err != nil {
		return nil, false, fmt.Errorf("schedules: list: %w", err)
	}
	rows, more := core.Trim(rows, p)
	return rows, more, nil
}

// sessions returns the sessions a schedule made that still exist, by
// start.
func (f *Feature) sessions(ctx context.Context, id int64, p core.Page) ([]core.ClassSession, bool, error) {
	if _, err := f.get(ctx, id); err != nil {
		return nil, false, err
	}
	var rows []core.ClassSession
	if err := f.env.DB.WithContext(ctx).Raw(`SELECT s.id, s.class_type_id, s.starts_at, s.duration_minutes, s.capacity,
		s.created_at, s.booked_count
		FROM class_schedule_occurrences o JOIN class_sessions s ON s.id = o.session_id
		WHERE o.schedule_id = ? ORDER BY s.starts_at, s.id LIMIT ? OFFSET ?`, id, p.Limit+1, p.Offset).Scan(&rows).Error; err != nil {
		return nil, false, fmt.Errorf("schedules: list sessions: %w", err)
	}
	rows, more := core.Trim(rows, p)
	return rows, more, nil
}

// write runs fn in a transaction with the clock read once.
func (f *Feature) write(ctx context.Context, fn func(tx *gorm.DB, now time.Time) error) error {
	now := f.env.Timestamp()
	return f.env.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error { return fn(tx, now) })
}

// create adds a schedule and makes its first sessions, in one transaction.
func (f *Feature) create(ctx context.Context, in input) (*Schedule, int, error) {
	var sc *Schedule
	made := 0
	err := f.write(ctx, func(tx *gorm.DB, now time.Time) error {
		if err := f.checkClassType(tx, in.ClassTypeID); err != nil {
			return err
		}
		sc = &Schedule{CreatedAt: now}
		in.apply(sc)
		f.restart(sc, now)
		if err := tx.Create(sc).Error; err != nil {
			return fmt.Errorf("schedules: create: %w", err)
		}
		var err error
		made, err = f.extend(ctx, tx, sc, now)
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	return sc, made, nil
}

// apply writes the input's fields on sc.
func (in *input) apply(sc *Schedule) {
	sc.ClassTypeID, sc.Weekdays, sc.StartTime = in.ClassTypeID, in.Weekdays.String(), in.startTime()
	sc.DurationMinutes, sc.Capacity, sc.StartsOn, sc.EndsOn, sc.Active = in.DurationMinutes, in.Capacity, in.StartsOn, in.EndsOn, in.Active
}

// update replaces a schedule's fields (edit receives the current row and
// returns the new fields, or a validation error), then removes its future
// sessions that no longer match and hold no active bookings and makes what
// is missing, in one transaction. It returns the sessions kept for their
// bookings.
func (f *Feature) update(ctx context.Context, id int64, edit func(cur *Schedule) (input, error)) (*Schedule, []core.ClassSession, error) {
	var sc *Schedule
	var kept []core.ClassSession
	err := f.write(ctx, func(tx *gorm.DB, now time.Time) error {
		var err error
		if sc, err = f.lock(tx, id); err != nil {
			return err
		}
		in, err := edit(sc)
		if err != nil {
			return err
		}
		if in.ClassTypeID != sc.ClassTypeID {
			if err := f.checkClassType(tx, in.ClassTypeID); err != nil {
				return err
			}
		}
		in.apply(sc)
		f.restart(sc, now)
		if err := tx.Exec(`UPDATE class_schedules SET class_type_id = ?, weekdays = ?, start_time = ?, duration_minutes = ?,
			capacity = ?, starts_on = ?, ends_on = ?, active = ?, generated_until = ? WHERE id = ?`,
			sc.ClassTypeID, sc.Weekdays, sc.StartTime, sc.DurationMinutes, sc.Capacity, sc.StartsOn, sc.EndsOn, sc.Active,
			sc.GeneratedUntil, sc.ID).Error; err != nil {
			return fmt.Errorf("schedules: update: %w", err)
		}
		if kept, err = f.reconcile(ctx, tx, sc, now); err != nil {
			return err
		}
		_, err = f.extend(ctx, tx, sc, now)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return sc, kept, nil
}

// remove deactivates a schedule (its future sessions without active
// bookings go) and deletes it; its occurrences go with it, the sessions
// it leaves become sessions like any other.
func (f *Feature) remove(ctx context.Context, id int64) error {
	return f.write(ctx, func(tx *gorm.DB, now time.Time) error {
		sc, err := f.lock(tx, id)
		if err != nil {
			return err
		}
		sc.Active = false
		if _, err := f.reconcile(ctx, tx, sc, now); err != nil {
			return err
		}
		if err := tx.Exec("DELETE FROM class_schedules WHERE id = ?", id).Error; err != nil {
			return fmt.Errorf("schedules: delete: %w", err)
		}
		return nil
	})
}

// skipped is what a skip did.
type skipped struct {
	Date    core.Date
	Session *int64 // the session removed, if there was one
}

// skip removes the schedule's session on date, if any, and records the
// date as skipped, so that it is never made again. A session holding
// active bookings is refused (409 session_has_bookings), one already
// started too (409 session_started); a date that is not one of the
// schedule's days, or has passed, is 422 naming date.
func (f *Feature) skip(ctx context.Context, id int64, date string) (*skipped, error) {
	out := &skipped{}
	err := f.write(ctx, func(tx *gorm.DB, now time.Time) error {
		sc, err := f.lock(tx, id)
		if err != nil {
			return err
		}
		d, err := core.ParseCalendarDate("date", date)
		if err != nil {
			return err
		}
		out.Date = d
		var occ []Occurrence
		if err := tx.Raw("SELECT schedule_id, local_date, session_id, skipped FROM class_schedule_occurrences WHERE schedule_id = ? AND local_date = ?",
			sc.ID, d).Scan(&occ).Error; err != nil {
			return fmt.Errorf("schedules: read occurrence: %w", err)
		}
		if len(occ) == 0 {
			active := *sc
			active.Active = true
			if !active.wants(d) {
				return core.Invalid("date", "%s is not one of the schedule's days (%s from %s%s)", d, sc.Weekdays, sc.StartsOn, endsText(sc))
			}
			if !sc.startOn(d, f.env.Location).After(now) {
				return core.Invalid("date", "%s's class has already started", d)
			}
			return tx.Create(&Occurrence{ScheduleID: sc.ID, LocalDate: d, Skipped: true}).Error
		}
		if sid := occ[0].SessionID; sid != nil {
			var starts []time.Time
			if err := tx.Raw("SELECT starts_at FROM class_sessions WHERE id = ?", *sid).Scan(&starts).Error; err != nil {
				return fmt.Errorf("schedules: read session: %w", err)
			}
			if len(starts) > 0 && !starts[0].After(now) {
				return core.Refuse(core.ErrSessionStarted.Code, "the class of %s (session %d) has already started", d, *sid)
			}
			kept, err := f.env.Service.DeleteSessions(ctx, tx, []int64{*sid})
			if err != nil {
				return err
			}
			if len(kept) > 0 {
				return core.Refuse(core.ErrSessionHasBookings.Code, "class session %d on %s has %d active booking(s); cancel them first",
					*sid, d, kept[0].BookedCount)
			}
			out.Session = sid
		}
		return tx.Exec("UPDATE class_schedule_occurrences SET skipped = ?, session_id = NULL WHERE schedule_id = ? AND local_date = ?",
			true, sc.ID, d).Error
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func endsText(sc *Schedule) string {
	if sc.EndsOn == nil {
		return ""
	}
	return " to " + string(*sc.EndsOn)
}
