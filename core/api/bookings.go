package api

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gymtastic/gymtastic/core"
)

// Booking is a booking as the API shows it.
type Booking struct {
	ID           int64      `json:"id" readOnly:"true" example:"981"`
	Customer     int64      `json:"customer" minimum:"1" maximum:"9007199254740991" doc:"Customer id." example:"42"`
	ClassSession int64      `json:"class_session" minimum:"1" maximum:"9007199254740991" doc:"Class session id." example:"120"`
	Status       string     `json:"status" readOnly:"true" enum:"booked,cancelled,late_cancelled,attended,no_show" example:"booked"`
	CreatedAt    time.Time  `json:"created_at" readOnly:"true" example:"2026-02-27T08:15:00Z"`
	UpdatedAt    time.Time  `json:"updated_at" readOnly:"true" example:"2026-02-27T08:15:00Z"`
	CancelledAt  *time.Time `json:"cancelled_at" readOnly:"true" nullable:"true"`
}

// BookingEcho is what PATCH and PUT on a booking accept besides the status,
// so that a client may send back the booking it got: the read-only fields
// (ignored), and customer and class_session, which must not change.
type BookingEcho struct {
	ID           *int64     `json:"id,omitempty" readOnly:"true"`
	Customer     *int64     `json:"customer,omitempty" minimum:"1" maximum:"9007199254740991" doc:"Must equal the booking's; a booking cannot move."`
	ClassSession *int64     `json:"class_session,omitempty" minimum:"1" maximum:"9007199254740991" doc:"Must equal the booking's; a booking cannot move."`
	CreatedAt    *time.Time `json:"created_at,omitempty" readOnly:"true"`
	UpdatedAt    *time.Time `json:"updated_at,omitempty" readOnly:"true"`
	CancelledAt  *time.Time `json:"cancelled_at,omitempty" readOnly:"true" nullable:"true"`
}

// BookingStatusChange is the body of PUT on a booking: the status is the
// only writable field, so it is required.
type BookingStatusChange struct {
	BookingEcho
	Status string `json:"status" enum:"booked,cancelled,late_cancelled,attended,no_show" example:"attended"`
}

// BookingStatusPatch is the body of PATCH on a booking: without a status
// nothing changes.
type BookingStatusPatch struct {
	BookingEcho
	Status string `json:"status,omitempty" enum:"booked,cancelled,late_cancelled,attended,no_show" example:"cancelled"`
}

func bookingOut(b *core.Booking) Booking {
	return Booking{ID: b.ID, Customer: b.CustomerID, ClassSession: b.ClassSessionID, Status: b.Status,
		CreatedAt: b.CreatedAt.UTC(), UpdatedAt: b.UpdatedAt.UTC(), CancelledAt: UTCPtr(b.CancelledAt)}
}

// NewBooking is the body of POST /api/bookings: a Booking whose customer a
// customer token may leave out (she books for herself).
type NewBooking struct {
	ID           int64      `json:"id,omitempty" readOnly:"true" example:"981"`
	Customer     int64      `json:"customer,omitempty" minimum:"1" maximum:"9007199254740991" doc:"Customer id; required of staff, optional for a customer token (herself; another id → 403)." example:"42"`
	ClassSession int64      `json:"class_session" minimum:"1" maximum:"9007199254740991" doc:"Class session id." example:"120"`
	Status       string     `json:"status,omitempty" readOnly:"true" enum:"booked,cancelled,late_cancelled,attended,no_show" example:"booked"`
	CreatedAt    *time.Time `json:"created_at,omitempty" readOnly:"true" example:"2026-02-27T08:15:00Z"`
	UpdatedAt    *time.Time `json:"updated_at,omitempty" readOnly:"true" example:"2026-02-27T08:15:00Z"`
	CancelledAt  *time.Time `json:"cancelled_at,omitempty" readOnly:"true" nullable:"true"`
}

type bookingBody struct {
	Body NewBooking
}

type bookingPutBody struct {
	IDPath
	Body BookingStatusChange
}

type bookingPatchBody struct {
	IDPath
	Body BookingStatusPatch
}

type bookingList struct {
	ListParams
	Customer     int64  `query:"customer" minimum:"0" doc:"Customer id."`
	ClassSession int64  `query:"class_session" minimum:"0" doc:"Class session id."`
	Status       string `query:"status" doc:"A status, or several separated by commas: booked,attended."`
	From         string `query:"from" doc:"Sessions starting at or after this RFC 3339 time, or from the start of this gym-local date."`
	To           string `query:"to" doc:"Sessions starting before this RFC 3339 time, or up to the end of this gym-local date."`
}

func (in *bookingList) filter(loc *time.Location) (core.BookingFilter, error) {
	f := core.BookingFilter{CustomerID: in.Customer, ClassSessionID: in.ClassSession}
	var p core.Problems
	if in.Status != "" {
		for _, s := range strings.Split(in.Status, ",") {
			s = strings.TrimSpace(s)
			if !validStatus(s) {
				p.Add("status", "unknown status %q; want one of %s", s, strings.Join(core.AllStatuses, ", "))
				continue
			}
			f.Statuses = append(f.Statuses, s)
		}
	}
	var err error
	f.From, err = ParseBound("from", in.From, loc, false)
	_ = p.Check(err) // ParseBound returns only validation errors
	f.To, err = ParseBound("to", in.To, loc, true)
	_ = p.Check(err)
	return f, p.Err()
}

func validStatus(s string) bool {
	for _, v := range core.AllStatuses {
		if s == v {
			return true
		}
	}
	return false
}

func bookingRoutes(api huma.API, svc *core.Service, m *Metrics) {
	const tag = "Bookings"
	huma.Register(api, Op(Members, http.MethodGet, "/bookings", "list-bookings", tag, "List bookings", "Ordered by id."),
		func(ctx context.Context, in *bookingList) (*List[Booking], error) {
			f, err := in.filter(svc.Location())
			if err != nil {
				return nil, err
			}
			rows, more, err := svc.ListBookings(ctx, f, in.Page())
			if err != nil {
				return nil, err
			}
			return NewList(ctx, Map(rows, bookingOut), more, in.ListParams), nil
		})
	huma.Register(api, RunsHooks(Refusals(Op(Members, http.MethodPost, "/bookings", "create-booking", tag, "Book a customer into a session",
		"Creates a `booked` booking. Refusals (409): `session_started`, `already_booked`, `session_full`, and each "+
			"enabled feature's own (`booking_limit_exceeded`; 403 `premium_membership_required`). A missing customer or "+
			"session → 422 naming the field."),
		core.ErrForbidden, core.ErrSessionStarted, core.ErrAlreadyBooked, core.ErrSessionFull), core.HookBeforeBook),
		func(ctx context.Context, in *bookingBody) (*Created[Booking], error) {
			customer, err := core.ActAs(ctx, in.Body.Customer)
			if err != nil {
				return nil, err
			}
			if customer == 0 {
				return nil, core.Invalid("customer", "is required (a customer token may leave it out to book for herself)")
			}
			b, err := svc.Book(ctx, customer, in.Body.ClassSession)
			m.bookingResult(err)
			if err != nil {
				return nil, err
			}
			return NewCreated(ctx, "bookings", b.ID, bookingOut(b)), nil
		})
	huma.Register(api, Op(Members, http.MethodGet, "/bookings/{id}", "get-booking", tag, "Get a booking", ""),
		func(ctx context.Context, in *IDPath) (*Output[Booking], error) {
			b, err := svc.GetBooking(ctx, in.ID)
			if err != nil {
				return nil, err
			}
			return &Output[Booking]{bookingOut(b)}, nil
		})
	cancel := RunsHooks(Refusals(Op(Members, http.MethodPost, "/bookings/{id}/cancel", "cancel-booking", tag, "Cancel a booking",
		"Cancels a `booked` booking before its session starts (409 `session_started` after). The answer is the booking, "+
			"`cancelled`, or `late_cancelled` where the late-cancels feature finds the cancel late."),
		core.ErrSessionStarted, core.ErrInvalidTransition), core.HookBeforeCancel)
	cancel.DefaultStatus = http.StatusOK
	huma.Register(api, cancel, func(ctx context.Context, in *ActionInput) (*Output[Booking], error) {
		b, err := svc.Cancel(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		return &Output[Booking]{bookingOut(b)}, nil
	})
	// changeStatus checks that echo does not move the booking, then sets its
	// status; an empty status (PATCH without one) changes nothing.
	changeStatus := func(ctx context.Context, id int64, echo *BookingEcho, status string) (*Output[Booking], error) {
		cur, err := svc.GetBooking(ctx, id)
		if err != nil {
			return nil, err
		}
		if echo.Customer != nil && *echo.Customer != cur.CustomerID {
			return nil, core.Invalid("customer", "a booking cannot move to another customer; cancel it and book again")
		}
		if echo.ClassSession != nil && *echo.ClassSession != cur.ClassSessionID {
			return nil, core.Invalid("class_session", "a booking cannot move to another session; cancel it and book again")
		}
		if status == "" {
			return &Output[Booking]{bookingOut(cur)}, nil
		}
		b, err := svc.SetStatus(ctx, id, status)
		if err != nil {
			return nil, err
		}
		return &Output[Booking]{bookingOut(b)}, nil
	}
	const statusDoc = "Changes the status: `cancelled` cancels a booked booking (as the cancel endpoint) or forgives a " +
		"`late_cancelled` one; `attended` / `no_show` record attendance once the session has started (409 " +
		"`session_not_started` before). The booking's current status changes nothing, so a client may send back " +
		"the booking it got. Any other change → 409 `invalid_transition`."
	// A status change may be a cancel, so it runs the cancel hooks.
	statusRefusals := []*core.Error{core.ErrForbidden, core.ErrSessionStarted, core.ErrSessionNotStarted, core.ErrInvalidTransition}
	huma.Register(api, RunsHooks(Refusals(Op(Members, http.MethodPatch, "/bookings/{id}", "update-booking", tag, "Change a booking's status",
		statusDoc+" Without `status`, nothing changes."), statusRefusals...), core.HookBeforeCancel),
		func(ctx context.Context, in *bookingPatchBody) (*Output[Booking], error) {
			return changeStatus(ctx, in.ID, &in.Body.BookingEcho, in.Body.Status)
		})
	huma.Register(api, RunsHooks(Refusals(Op(Members, http.MethodPut, "/bookings/{id}", "replace-booking", tag, "Change a booking's status (PUT)", statusDoc),
		statusRefusals...), core.HookBeforeCancel),
		func(ctx context.Context, in *bookingPutBody) (*Output[Booking], error) {
			return changeStatus(ctx, in.ID, &in.Body.BookingEcho, in.Body.Status)
		})
	del := Refusals(Op(Members, http.MethodDelete, "/bookings/{id}", "delete-booking", tag, "Bookings cannot be deleted",
		"Always 405 `use_cancel`: bookings are cancelled with POST /api/bookings/{id}/cancel, never erased, so that history stays."), errUseCancel)
	huma.Register(api, del, func(ctx context.Context, in *IDPath) (*struct{}, error) {
		return nil, NewProblem(http.StatusMethodNotAllowed, "use_cancel",
			"bookings are never deleted; cancel with POST /api/bookings/"+itoa(in.ID)+"/cancel")
	})
}
