package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gymtastic/gymtastic/core"
)

// ClassSession is a session as the API shows and takes it.
type ClassSession struct {
	ID              int64     `json:"id" readOnly:"true" example:"120"`
	ClassType       int64     `json:"class_type" minimum:"1" maximum:"9007199254740991" doc:"Class type id." example:"3"`
	StartsAt        time.Time `json:"starts_at" doc:"RFC 3339 with an offset." example:"2026-03-02T18:00:00+01:00"`
	DurationMinutes int       `json:"duration_minutes" required:"false" minimum:"1" maximum:"1440" default:"60" example:"60"`
	Capacity        *int      `json:"capacity" required:"false" nullable:"true" minimum:"1" maximum:"1000000" doc:"Places; null for unlimited (the default)." example:"20"`
	BookedCount     int64     `json:"booked_count" readOnly:"true" doc:"Active bookings (booked, attended, no_show)." example:"12"`
}

// ClassSessionPatch changes the fields given; "capacity": null makes the
// session unlimited.
type ClassSessionPatch struct {
	ID              *int64           `json:"id,omitempty" readOnly:"true"`
	ClassType       Patch[int64]     `json:"class_type,omitempty" minimum:"1" maximum:"9007199254740991"`
	StartsAt        Patch[time.Time] `json:"starts_at,omitempty"`
	DurationMinutes Patch[int]       `json:"duration_minutes,omitempty" minimum:"1" maximum:"1440"`
	Capacity        Optional[int]    `json:"capacity,omitempty" nullable:"true" minimum:"1" maximum:"1000000"`
	BookedCount     *int64           `json:"booked_count,omitempty" readOnly:"true"`
}

func sessionOut(s *core.ClassSession) ClassSession {
	return ClassSession{ID: s.ID, ClassType: s.ClassTypeID, StartsAt: s.StartsAt.UTC(), DurationMinutes: s.DurationMinutes,
		Capacity: s.Capacity, BookedCount: s.BookedCount}
}

func (s ClassSession) input() core.SessionInput {
	d := s.DurationMinutes
	if d == 0 {
		d = 60
	}
	return core.SessionInput{ClassTypeID: s.ClassType, StartsAt: s.StartsAt, DurationMinutes: d, Capacity: s.Capacity}
}

type sessionBody struct {
	Body ClassSession
}

type sessionUpdate struct {
	IDPath
	Body ClassSession
}

type sessionPatch struct {
	IDPath
	Body ClassSessionPatch
}

type sessionList struct {
	ListParams
	ClassType    int64  `query:"class_type" minimum:"0" doc:"Class type id."`
	From         string `query:"from" doc:"Sessions starting at or after this RFC 3339 time, or from the start of this gym-local date."`
	To           string `query:"to" doc:"Sessions starting before this RFC 3339 time, or up to the end of this gym-local date."`
	StartsAfter  string `query:"starts_after" doc:"RFC 3339; sessions starting at or after it. Kept for older clients: prefer from."`
	StartsBefore string `query:"starts_before" doc:"RFC 3339; sessions starting before it. Kept for older clients: prefer to."`
	Date         string `query:"date" doc:"A gym-local date (2026-03-01): sessions starting that day in gym.timezone (from=D&to=D says the same)."`
}

// filter reads the list's filters, every problem at once. Each bound
// narrows the others: from and starts_after are both lower bounds, the
// later wins; to and starts_before both upper bounds, the earlier wins; date
// is one more range. A range that leaves nothing answers [], as on
// /api/bookings.
func (in *sessionList) filter(loc *time.Location) (core.SessionFilter, error) {
	f := core.SessionFilter{ClassTypeID: in.ClassType}
	var p core.Problems
	bound := func(field, v string, upper, dates bool) time.Time {
		var t time.Time
		var err error
		if dates {
			t, err = ParseBound(field, v, loc, upper)
		} else {
			t, err = ParseTime(field, v, upper)
		}
		_ = p.Check(err) // either returns only validation errors
		return t
	}
	f.StartsAfter = later(bound("starts_after", in.StartsAfter, false, false), bound("from", in.From, false, true))
	f.StartsBefore = earlier(bound("starts_before", in.StartsBefore, true, false), bound("to", in.To, true, true))
	if in.Date != "" {
		var err error
		if f.DateFrom, f.DateTo, err = core.ParseDate(in.Date, loc); err != nil {
			p.Add("date", "%v", err)
		}
	}
	return f, p.Err()
}

// later is the later of two lower bounds, the zero time meaning none.
func later(a, b time.Time) time.Time {
	if a.IsZero() || b.After(a) {
		return b
	}
	return a
}

// earlier is the earlier of two upper bounds, the zero time meaning none.
func earlier(a, b time.Time) time.Time {
	if a.IsZero() || (!b.IsZero() && b.Before(a)) {
		return b
	}
	return a
}

func sessionRoutes(api huma.API, svc *core.Service) {
	const tag = "Class sessions"
	huma.Register(api, Op(Schedule, http.MethodGet, "/class_sessions", "list-class-sessions", tag, "List class sessions",
		"Ordered by `starts_at`, then id. `from` and `to` filter on `starts_at` as on /api/bookings: an RFC 3339 "+
			"time, or a gym-local date (as `to`, the end of that day), so `from=2026-12-07&to=2026-12-07` is that whole day. "+
			"The older `starts_after`, `starts_before` (RFC 3339 only) and `date` still work; every filter given applies "+
			"(they AND): of two lower bounds the later counts, of two upper bounds the earlier. Every bad value → 422 "+
			"naming each."),
		func(ctx context.Context, in *sessionList) (*List[ClassSession], error) {
			f, err := in.filter(svc.Location())
			if err != nil {
				return nil, err
			}
			rows, more, err := svc.ListSessions(ctx, f, in.Page())
			if err != nil {
				return nil, err
			}
			return NewList(ctx, Map(rows, sessionOut), more, in.ListParams), nil
		})
	huma.Register(api, WithBodyChecks(Op(StaffOnly, http.MethodPost, "/class_sessions", "create-class-session", tag, "Create a class session",
		"A `class_type` that does not exist → 422 naming the field."), svc),
		func(ctx context.Context, in *sessionBody) (*Created[ClassSession], error) {
			s, err := svc.CreateSession(ctx, in.Body.input())
			if err != nil {
				return nil, err
			}
			return NewCreated(ctx, "class_sessions", s.ID, sessionOut(s)), nil
		})
	huma.Register(api, Op(Schedule, http.MethodGet, "/class_sessions/{id}", "get-class-session", tag, "Get a class session", ""),
		func(ctx context.Context, in *IDPath) (*Output[ClassSession], error) {
			s, err := svc.GetSession(ctx, in.ID)
			if err != nil {
				return nil, err
			}
			return &Output[ClassSession]{sessionOut(s)}, nil
		})
	huma.Register(api, WithBodyChecks(Refusals(Op(StaffOnly, http.MethodPut, "/class_sessions/{id}", "replace-class-session", tag, "Replace a class session",
		"409 `capacity_below_booked` when the new capacity is below the active bookings. Bookings follow a moved session."), core.ErrCapacityBelowBooked), svc),
		func(ctx context.Context, in *sessionUpdate) (*Output[ClassSession], error) {
			s, err := svc.UpdateSession(ctx, in.ID, in.Body.input())
			if err != nil {
				return nil, err
			}
			return &Output[ClassSession]{sessionOut(s)}, nil
		})
	huma.Register(api, Refusals(Op(StaffOnly, http.MethodPatch, "/class_sessions/{id}", "update-class-session", tag, "Change some of a class session's fields", ""),
		core.ErrCapacityBelowBooked),
		func(ctx context.Context, in *sessionPatch) (*Output[ClassSession], error) {
			cur, err := svc.GetSession(ctx, in.ID)
			if err != nil {
				return nil, err
			}
			next := sessionOut(cur)
			in.Body.ClassType.Apply(&next.ClassType)
			in.Body.StartsAt.Apply(&next.StartsAt)
			in.Body.DurationMinutes.Apply(&next.DurationMinutes)
			if in.Body.Capacity.Set {
				next.Capacity = in.Body.Capacity.Value
			}
			s, err := svc.UpdateSession(ctx, in.ID, next.input())
			if err != nil {
				return nil, err
			}
			return &Output[ClassSession]{sessionOut(s)}, nil
		})
	huma.Register(api, Refusals(Op(StaffOnly, http.MethodDelete, "/class_sessions/{id}", "delete-class-session", tag, "Delete a class session",
		"409 `session_has_bookings` when it has active bookings; its cancelled bookings are deleted with it."), core.ErrSessionHasBookings),
		func(ctx context.Context, in *IDPath) (*struct{}, error) {
			return nil, svc.DeleteSession(ctx, in.ID)
		})
}
