package schedules

import (
	"fmt"
	"strings"
	"time"

	"github.com/gymtastic/gymtastic/core"
)

// input is a schedule's writable fields, checked.
type input struct {
	ClassTypeID     int64
	Weekdays        weekdaySet
	Hour, Minute    int
	DurationMinutes int
	Capacity        *int
	StartsOn        core.Date
	EndsOn          *core.Date
	Active          bool
}

// startTime is the stored and shown "18:30".
func (in *input) startTime() string { return fmt.Sprintf("%02d:%02d", in.Hour, in.Minute) }

// checkBody is check of a POST or PUT body: starts_on left out
// is today, the gym's.
func (f *Feature) checkBody(b ScheduleBody) (input, error) {
	if b.StartsOn == "" {
		b.StartsOn = string(core.DateOf(f.env.Now(), f.env.Location))
	}
	return check(b)
}

// check reads the body's fields, naming every one at fault. The class
// type's existence is checked in the transaction (checkClassType).
func check(b ScheduleBody) (input, error) {
	var p core.Problems
	in := input{ClassTypeID: b.ClassType, DurationMinutes: b.DurationMinutes, Capacity: b.Capacity, Active: true}
	if b.Active != nil {
		in.Active = *b.Active
	}
	if in.DurationMinutes == 0 {
		in.DurationMinutes = 60
	}
	if len(b.Weekdays) == 0 {
		p.Add("weekdays", "give at least one day, such as [\"mon\", \"wed\"]")
	}
	for _, name := range b.Weekdays {
		known := false
		for d, n := range weekdayNames {
			if strings.EqualFold(name, n) {
				in.Weekdays[d], known = true, true
			}
		}
		if !known {
			p.Add("weekdays", "unknown day %q; want mon, tue, wed, thu, fri, sat or sun", name)
		}
	}
	if t, err := time.Parse("15:04", b.StartTime); err != nil || len(b.StartTime) != 5 {
		p.Add("start_time", "want a gym-local clock time HH:MM from 00:00 to 23:59, such as 18:30; got %q", b.StartTime)
	} else {
		in.Hour, in.Minute = t.Hour(), t.Minute()
	}
	if d, err := core.ParseCalendarDate("starts_on", b.StartsOn); err != nil {
		_ = p.Check(err)
	} else {
		in.StartsOn = d
	}
	if b.EndsOn != nil {
		if d, err := core.ParseCalendarDate("ends_on", *b.EndsOn); err != nil {
			_ = p.Check(err)
		} else if in.StartsOn != "" && d < in.StartsOn {
			p.Add("ends_on", "%s is before starts_on %s", d, in.StartsOn)
		} else {
			in.EndsOn = &d
		}
	}
	return in, p.Err()
}
