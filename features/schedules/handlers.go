package schedules

import (
	"context"
	"time"

	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/api"
)

// ScheduleJSON is a class schedule as the API shows it.
type ScheduleJSON struct {
	ID              int64     `json:"id"`
	ClassType       int64     `json:"class_type" doc:"Class type id."`
	Weekdays        []string  `json:"weekdays" doc:"The days it runs, Monday first: mon, tue, wed, thu, fri, sat, sun."`
	StartTime       string    `json:"start_time" doc:"Gym-local clock time HH:MM (gym.timezone), held across daylight-saving changes."`
	DurationMinutes int       `json:"duration_minutes"`
	Capacity        *int      `json:"capacity" doc:"Places of each session; null for unlimited."`
	StartsOn        string    `json:"starts_on" format:"date" doc:"First gym-local date."`
	EndsOn          *string   `json:"ends_on" format:"date" doc:"Last gym-local date (included); null for none."`
	Active          bool      `json:"active" doc:"An inactive schedule makes no sessions."`
	CreatedAt       time.Time `json:"created_at"`
}

// KeptSession is a future session a change did not touch because it holds
// active bookings: it stays as it was.
type KeptSession struct {
	ID             int64     `json:"id" doc:"Class session id."`
	StartsAt       time.Time `json:"starts_at"`
	ActiveBookings int64     `json:"active_bookings"`
}

// ScheduleChangeJSON answers a create or a change: the schedule, and the
// future sessions kept as they were for their active bookings.
type ScheduleChangeJSON struct {
	ScheduleJSON
	Kept []KeptSession `json:"kept" doc:"Future sessions that no longer match the schedule but hold active bookings, left as they were; [] on create."`
}

// ScheduleBody is what POST and PUT take: a ScheduleJSON whose read-only
// fields, sent back as a client does with what it got, are ignored.
type ScheduleBody struct {
	ID              int64         `json:"id,omitempty" readOnly:"true"`
	ClassType       int64         `json:"class_type" minimum:"1" maximum:"9007199254740991" doc:"Class type id."`
	Weekdays        []string      `json:"weekdays" maxItems:"7" doc:"At least one of mon, tue, wed, thu, fri, sat, sun."`
	StartTime       string        `json:"start_time" maxLength:"16" example:"18:30" doc:"Gym-local clock time HH:MM, 00:00 to 23:59."`
	DurationMinutes int           `json:"duration_minutes" required:"false" minimum:"1" maximum:"1440" default:"60"`
	Capacity        *int          `json:"capacity" required:"false" nullable:"true" minimum:"1" maximum:"1000000" doc:"Places; null for unlimited (the default)."`
	StartsOn        string        `json:"starts_on" required:"false" maxLength:"32" example:"2026-03-02" doc:"First gym-local date, 1900-01-01 to 2999-12-31; left out: today."`
	EndsOn          *string       `json:"ends_on" required:"false" nullable:"true" maxLength:"32" doc:"Last gym-local date (included), not before starts_on; null for none (the default)."`
	Active          *bool         `json:"active" required:"false" default:"true"`
	CreatedAt       *time.Time    `json:"created_at,omitempty" readOnly:"true"`
	Kept            []KeptSession `json:"kept,omitempty" readOnly:"true" maxItems:"1000"`
}

// SchedulePatch changes the fields given; capacity and ends_on may be null.
type SchedulePatch struct {
	ID              *int64                   `json:"id,omitempty" readOnly:"true"`
	ClassType       api.Patch[int64]         `json:"class_type,omitempty" minimum:"1" maximum:"9007199254740991"`
	Weekdays        api.Patch[[]string]      `json:"weekdays,omitempty" maxItems:"7"`
	StartTime       api.Patch[string]        `json:"start_time,omitempty" maxLength:"16"`
	DurationMinutes api.Patch[int]           `json:"duration_minutes,omitempty" minimum:"1" maximum:"1440"`
	Capacity        api.Optional[int]        `json:"capacity,omitempty" minimum:"1" maximum:"1000000"`
	StartsOn        api.Patch[string]        `json:"starts_on,omitempty" maxLength:"32"`
	EndsOn          api.Optional[string]     `json:"ends_on,omitempty" maxLength:"32"`
	Active          api.Patch[bool]          `json:"active,omitempty"`
	CreatedAt       *time.Time               `json:"created_at,omitempty" readOnly:"true"`
	Kept            api.Patch[[]KeptSession] `json:"kept,omitempty" readOnly:"true" maxItems:"1000"`
}

// SkipJSON answers a skip.
type SkipJSON struct {
	Schedule int64  `json:"schedule" doc:"Class schedule id."`
	Date     string `json:"date" format:"date" doc:"The gym-local date skipped: the schedule never makes a session on it."`
	Session  *int64 `json:"session" doc:"The session removed; null when the date had none (not made yet, or already skipped)."`
}

func scheduleOut(sc *Schedule) ScheduleJSON {
	out := ScheduleJSON{ID: sc.ID, ClassType: sc.ClassTypeID, Weekdays: parseWeekdays(sc.Weekdays).list(), StartTime: sc.StartTime,
		DurationMinutes: sc.DurationMinutes, Capacity: sc.Capacity, StartsOn: string(sc.StartsOn), Active: sc.Active,
		CreatedAt: sc.CreatedAt.UTC()}
	if sc.EndsOn != nil {
		e := string(*sc.EndsOn)
		out.EndsOn = &e
	}
	return out
}

func changeOut(sc *Schedule, kept []core.ClassSession) ScheduleChangeJSON {
	out := ScheduleChangeJSON{ScheduleJSON: scheduleOut(sc), Kept: []KeptSession{}}
	for _, k := range kept {
		out.Kept = append(out.Kept, KeptSession{ID: k.ID, StartsAt: k.StartsAt.UTC(), ActiveBookings: k.BookedCount})
	}
	return out
}

// body is the schedule as a body, for a PATCH to change.
func body(sc *Schedule) ScheduleBody {
	out := scheduleOut(sc)
	return ScheduleBody{ClassType: out.ClassType, Weekdays: out.Weekdays, StartTime: out.StartTime,
		DurationMinutes: out.DurationMinutes, Capacity: out.Capacity, StartsOn: out.StartsOn, EndsOn: out.EndsOn, Active: &out.Active}
}

func sessionOut(s *core.ClassSession) api.ClassSession {
	return api.ClassSession{ID: s.ID, ClassType: s.ClassTypeID, StartsAt: s.StartsAt.UTC(), DurationMinutes: s.DurationMinutes,
		Capacity: s.Capacity, BookedCount: s.BookedCount}
}

type scheduleBody struct {
	Body ScheduleBody
}

type scheduleUpdate struct {
	api.IDPath
	Body ScheduleBody
}

type schedulePatch struct {
	api.IDPath
	Body SchedulePatch
}

type scheduleList struct {
	api.ListParams
	ClassType int64  `query:"class_type" minimum:"0" doc:"Class type id."`
	Active    string `query:"active" enum:"true,false," doc:"true or false: only active or inactive schedules."`
}

type sessionList struct {
	api.IDPath
	api.ListParams
}

// SkipBody is what a skip takes.
type SkipBody struct {
	Date string `json:"date" maxLength:"32" example:"2026-03-02" doc:"A gym-local date that is one of the schedule's days."`
}

type skipBody struct {
	api.IDPath
	Body SkipBody
}

func (f *Feature) listSchedules(ctx context.Context, in *scheduleList) (*api.List[ScheduleJSON], error) {
	fl := filter{ClassTypeID: in.ClassType}
	if in.Active != "" {
		active := in.Active == "true"
		fl.Active = &active
	}
	rows, more, err := f.list(ctx, fl, in.Page())
	if err != nil {
		return nil, err
	}
	return api.NewList(ctx, api.Map(rows, scheduleOut), more, in.ListParams), nil
}

func (f *Feature) createSchedule(ctx context.Context, in *scheduleBody) (*api.Created[ScheduleChangeJSON], error) {
	sin, err := f.checkBody(in.Body)
	if err != nil {
		return nil, err
	}
	sc, _, err := f.create(ctx, sin)
	if err != nil {
		return nil, err
	}
	return api.NewCreated(ctx, "class_schedules", sc.ID, changeOut(sc, nil)), nil
}

func (f *Feature) getSchedule(ctx context.Context, in *api.IDPath) (*api.Output[ScheduleJSON], error) {
	sc, err := f.get(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &api.Output[ScheduleJSON]{Body: scheduleOut(sc)}, nil
}

func (f *Feature) replaceSchedule(ctx context.Context, in *scheduleUpdate) (*api.Output[ScheduleChangeJSON], error) {
	sin, err := f.checkBody(in.Body)
	if err != nil {
		return nil, err
	}
	sc, kept, err := f.update(ctx, in.ID, func(*Schedule) (input, error) { return sin, nil })
	if err != nil {
		return nil, err
	}
	return &api.Output[ScheduleChangeJSON]{Body: changeOut(sc, kept)}, nil
}

func (f *Feature) patchSchedule(ctx context.Context, in *schedulePatch) (*api.Output[ScheduleChangeJSON], error) {
	p := in.Body
	sc, kept, err := f.update(ctx, in.ID, func(cur *Schedule) (input, error) {
		b := body(cur)
		p.ClassType.Apply(&b.ClassType)
		p.Weekdays.Apply(&b.Weekdays)
		p.StartTime.Apply(&b.StartTime)
		p.DurationMinutes.Apply(&b.DurationMinutes)
		if p.Capacity.Set {
			b.Capacity = p.Capacity.Value
		}
		p.StartsOn.Apply(&b.StartsOn)
		if p.EndsOn.Set {
			b.EndsOn = p.EndsOn.Value
		}
		if p.Active.Set && !p.Active.Null {
			b.Active = &p.Active.Value
		}
		return check(b)
	})
	if err != nil {
		return nil, err
	}
	return &api.Output[ScheduleChangeJSON]{Body: changeOut(sc, kept)}, nil
}

func (f *Feature) deleteSchedule(ctx context.Context, in *api.IDPath) (*struct{}, error) {
	return nil, f.remove(ctx, in.ID)
}

func (f *Feature) listSessions(ctx context.Context, in *sessionList) (*api.List[api.ClassSession], error) {
	rows, more, err := f.sessions(ctx, in.ID, in.Page())
	if err != nil {
		return nil, err
	}
	return api.NewList(ctx, api.Map(rows, sessionOut), more, in.ListParams), nil
}

func (f *Feature) skipDate(ctx context.Context, in *skipBody) (*api.Output[SkipJSON], error) {
	s, err := f.skip(ctx, in.ID, in.Body.Date)
	if err != nil {
		return nil, err
	}
	return &api.Output[SkipJSON]{Body: SkipJSON{Schedule: in.ID, Date: string(s.Date), Session: s.Session}}, nil
}
