package bookingwindow

import (
	"context"
	"time"

	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/api"
)

// WindowJSON is a class type's booking window as the API shows and takes
// it; only opens_days_before and closes_minutes_before are writable.
type WindowJSON struct {
	ClassType           int64  `json:"class_type" readOnly:"true" doc:"Class type id."`
	OpensDaysBefore     int    `json:"opens_days_before" minimum:"1" maximum:"365" doc:"Its sessions open for booking this many days before they start, at the same gym-local clock time (1 to 365)."`
	ClosesMinutesBefore int    `json:"closes_minutes_before" minimum:"0" maximum:"10080" doc:"They close this many minutes before they start (0 to 10080, one week; less than opens_days_before days less an hour)."`
	Source              string `json:"source" readOnly:"true" enum:"class_type,default" doc:"class_type: the class type's own window; default: features.booking_window's."`
}

// SessionWindowJSON is when a session may be booked by a customer.
type SessionWindowJSON struct {
	ClassSession int64     `json:"class_session" doc:"Class session id."`
	Customer     *int64    `json:"customer" nullable:"true" doc:"The customer it is for; null: for a customer in no segment."`
	OpensAt      time.Time `json:"opens_at" doc:"The first instant she may book (included)."`
	ClosesAt     time.Time `json:"closes_at" doc:"The last instant she may book (included)."`
}

func windowOut(classType int64, s settings) WindowJSON {
	return WindowJSON{ClassType: classType, OpensDaysBefore: s.OpensDaysBefore, ClosesMinutesBefore: s.ClosesMinutesBefore,
		Source: s.Source}
}

type windowUpdate struct {
	api.IDPath
	Body WindowJSON
}

type sessionWindowParams struct {
	api.IDPath
	Customer int64 `query:"customer" minimum:"0" maximum:"9007199254740991" doc:"Customer id; a customer token may leave it out (herself; another id → 403). Staff leaving it out get the window of a customer in no segment."`
}

func (f *Feature) getClassTypeWindow(ctx context.Context, in *api.IDPath) (*api.Output[WindowJSON], error) {
	s, err := f.classTypeWindow(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &api.Output[WindowJSON]{Body: windowOut(in.ID, s)}, nil
}

func (f *Feature) putClassTypeWindow(ctx context.Context, in *windowUpdate) (*api.Output[WindowJSON], error) {
	s, err := f.setClassTypeWindow(ctx, in.ID, in.Body.OpensDaysBefore, in.Body.ClosesMinutesBefore)
	if err != nil {
		return nil, err
	}
	return &api.Output[WindowJSON]{Body: windowOut(in.ID, s)}, nil
}

func (f *Feature) deleteClassTypeWindow(ctx context.Context, in *api.IDPath) (*struct{}, error) {
	return nil, f.resetClassTypeWindow(ctx, in.ID)
}

func (f *Feature) getSessionWindow(ctx context.Context, in *sessionWindowParams) (*api.Output[SessionWindowJSON], error) {
	customer, err := core.ActAs(ctx, in.Customer)
	if err != nil {
		return nil, err
	}
	w, err := f.sessionWindow(ctx, in.ID, customer)
	if err != nil {
		return nil, err
	}
	out := SessionWindowJSON{ClassSession: in.ID, OpensAt: w.OpensAt.UTC(), ClosesAt: w.ClosesAt.UTC()}
	if customer != 0 {
		out.Customer = &customer
	}
	return &api.Output[SessionWindowJSON]{Body: out}, nil
}
