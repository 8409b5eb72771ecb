package schedules

import (
	"context"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/core"
)

// The rule: a schedule has a session on each of its weekdays from
// starts_on (or today) to ends_on (or forever), at its gym-local start
// time by core.LocalTime's rule (a time the clocks skip moves forward by
// the gap, one they show twice is the first), up to the horizon: the days
// before today + horizon_days. A date is dealt with once (its occurrence
// row); a start already past is not made. A change or a deactivation
// removes the future sessions that no longer match and hold no active
// bookings, keeps those with bookings as they are (kept), and makes what
// is missing. Every function here runs in the caller's transaction, with
// the schedule's row locked.

// planned is one session a schedule wants: its date and start.
type planned struct {
	Date     core.Date
	StartsAt time.Time
}

// wants reports whether the schedule has a session on d.
func (sc *Schedule) wants(d core.Date) bool {
	if !sc.Active || d < sc.StartsOn || (sc.EndsOn != nil && d > *sc.EndsOn) {
		return false
	}
	return parseWeekdays(sc.Weekdays)[d.Time().Weekday()]
}

// startOn is the instant the schedule's session on d starts.
func (sc *Schedule) startOn(d core.Date, loc *time.Location) time.Time {
	var h, m int
	_, _ = fmt.Sscanf(sc.StartTime, "%d:%d", &h, &m)
	c := d.Time()
	return core.LocalTime(c.Year(), c.Month(), c.Day(), h, m, 0, 0, loc)
}

// plan lists the sessions the schedule wants on the dates from, to
// (excluded) that start after now.
func (sc *Schedule) plan(from, to core.Date, now time.Time, loc *time.Location) []planned {
	var out []planned
	for d := from; d < to; d = d.AddDays(1) {
		if !sc.wants(d) {
			continue
		}
		if at := sc.startOn(d, loc); at.After(now) {
			out = append(out, planned{d, at})
		}
	}
	return out
}

// datesQuery reads the dates a schedule has dealt with in a range (the
// occurrences' primary key).
const datesQuery = `SELECT local_date FROM class_schedule_occurrences WHERE schedule_id = ? AND local_date >= ? AND local_date < ?`

// horizon is the first date beyond the horizon at now.
func (f *Feature) horizon(now time.Time) core.Date {
	return core.DateOf(now, f.env.Location).AddDays(f.cfg.HorizonDays)
}

// restart sets where the schedule makes sessions from: today, or its
// starts_on if later; nowhere when it is inactive or has ended.
func (f *Feature) restart(sc *Schedule, now time.Time) {
	from := later(sc.StartsOn, core.DateOf(now, f.env.Location))
	sc.GeneratedUntil = &from
	if !sc.Active || (sc.EndsOn != nil && from > *sc.EndsOn) {
		sc.GeneratedUntil = nil
	}
}

// extend makes the schedule's sessions from its GeneratedUntil to the
// horizon, through core, and records them and the new GeneratedUntil: a
// handful of statements whatever the number of sessions (the dates already
// dealt with, the class type's check, one INSERT of the sessions and one
// of their occurrences per thousand, the schedule's update).
func (f *Feature) extend(ctx context.Context, tx *gorm.DB, sc *Schedule, now time.Time) (int, error) {
	if sc.GeneratedUntil == nil {
		return 0, nil
	}
	from, to := *sc.GeneratedUntil, f.horizon(now)
	if from >= to {
		return 0, nil
	}
	if sc.EndsOn != nil && to > sc.EndsOn.AddDays(1) {
		to = sc.EndsOn.AddDays(1)
	}
	want := sc.plan(from, to, now, f.env.Location)
	created := 0
	if len(want) > 0 {
		var done []core.Date
		if err := tx.Raw(datesQuery, sc.ID, from, to).Scan(&done).Error; err != nil {
			return 0, fmt.Errorf("schedules: read occurrences: %w", err)
		}
		dealt := map[core.Date]bool{}
		for _, d := range done {
			dealt[d] = true
		}
		var ins []core.SessionInput
		var dates []core.Date
		for _, p := range want {
			if !dealt[p.Date] {
				ins = append(ins, core.SessionInput{ClassTypeID: sc.ClassTypeID, StartsAt: p.StartsAt,
					DurationMinutes: sc.DurationMinutes, Capacity: sc.Capacity})
				dates = append(dates, p.Date)
			}
		}
		sessions, err := f.env.Service.CreateSessions(ctx, tx, ins)
		if err != nil {
			return 0, err
		}
		occ := make([]Occurrence, len(sessions))
		for i := range sessions {
			occ[i] = Occurrence{ScheduleID: sc.ID, LocalDate: dates[i], SessionID: &sessions[i].ID}
		}
		if len(occ) > 0 {
			if err := tx.CreateInBatches(&occ, 1000).Error; err != nil {
				return 0, fmt.Errorf("schedules: record occurrences: %w", err)
			}
		}
		created = len(sessions)
	}
	next := &to
	if sc.EndsOn != nil && to > *sc.EndsOn {
		next = nil
	}
	if err := tx.Exec("UPDATE class_schedules SET generated_until = ? WHERE id = ?", next, sc.ID).Error; err != nil {
		return 0, fmt.Errorf("schedules: record horizon: %w", err)
	}
	sc.GeneratedUntil = next
	return created, nil
}

// futureSession is a session the schedule made that has not started.
type futureSession struct {
	core.ClassSession
	LocalDate core.Date
}

// reconcile removes the schedule's sessions after now that it no longer
// wants as they are (sc as changed), except those holding active bookings,
// which it returns (kept), and forgets their dates so that extend makes
// them again as the schedule now says.
func (f *Feature) reconcile(ctx context.Context, tx *gorm.DB, sc *Schedule, now time.Time) ([]core.ClassSession, error) {
	var rows []futureSession
	if err := tx.Raw(`SELECT o.local_date, s.id, s.class_type_id, s.starts_at, s.duration_minutes, s.capacity
		FROM class_schedule_occurrences o JOIN class_sessions s ON s.id = o.session_id
		WHERE o.schedule_id = ? AND s.starts_at > ?`, sc.ID, core.SQLTime(now)).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("schedules: read sessions: %w", err)
	}
	var stale []int64
	dates := map[int64]core.Date{}
	for _, r := range rows {
		same := sc.wants(r.LocalDate) && r.StartsAt.Equal(sc.startOn(r.LocalDate, f.env.Location)) &&
			r.ClassTypeID == sc.ClassTypeID && r.DurationMinutes == sc.DurationMinutes && sameCapacity(r.Capacity, sc.Capacity)
		if !same {
			stale = append(stale, r.ID)
			dates[r.ID] = r.LocalDate
		}
	}
	if len(stale) == 0 {
		return nil, nil
	}
	kept, err := f.env.Service.DeleteSessions(ctx, tx, stale)
	if err != nil {
		return nil, err
	}
	// Forget the dates of the sessions deleted (their occurrences' session
	// is NULL now), so that extend makes them again as the schedule says.
	for _, k := range kept {
		delete(dates, k.ID)
	}
	var forget []core.Date
	for _, d := range dates {
		forget = append(forget, d)
	}
	for chunk := range slices.Chunk(forget, 1000) {
		if err := tx.Exec("DELETE FROM class_schedule_occurrences WHERE schedule_id = ? AND local_date IN ?", sc.ID, chunk).Error; err != nil {
			return nil, fmt.Errorf("schedules: forget dates: %w", err)
		}
	}
	return kept, nil
}

func sameCapacity(a, b *int) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}
