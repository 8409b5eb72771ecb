package latecancel

import (
	"context"
	"time"

	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/api"
)

// PolicyJSON is a class type's late-cancel policy as the API shows and
// takes it; only cutoff_minutes is writable.
type PolicyJSON struct {
	ClassType     int64  `json:"class_type" readOnly:"true" doc:"Class type id."`
	CutoffMinutes int    `json:"cutoff_minutes" minimum:"0" maximum:"10080" doc:"A cancel less than this many minutes before the session starts is late (0 to 10080, one week)."`
	Source        string `json:"source" readOnly:"true" enum:"class_type,default" doc:"class_type: the class type's own policy; default: features.late_cancels.default_cutoff_minutes."`
}

// ReportRow is one customer's late cancels in the report.
type ReportRow struct {
	Customer    int64   `json:"customer" doc:"Customer id."`
	LateCancels int64   `json:"late_cancels" doc:"Bookings of this customer that are late_cancelled (forgiven ones are not)."`
	Bookings    []int64 `json:"bookings" doc:"Their ids, ascending."`
}

// DecisionJSON is what the feature decided when a booking was cancelled.
type DecisionJSON struct {
	Booking       int64     `json:"booking" doc:"Booking id."`
	Customer      int64     `json:"customer" doc:"Customer id."`
	ClassType     int64     `json:"class_type" doc:"The session's class type id."`
	CutoffMinutes int       `json:"cutoff_minutes" doc:"The cutoff that applied when the booking was cancelled."`
	Source        string    `json:"source" enum:"class_type,default" doc:"Where that cutoff came from."`
	Deadline      time.Time `json:"deadline" doc:"The session's start minus the cutoff: a cancel after it is late."`
	CancelledAt   time.Time `json:"cancelled_at"`
	Late          bool      `json:"late" doc:"Whether the cancel was late."`
	Status        string    `json:"status" doc:"The booking's status now."`
	Forgiven      bool      `json:"forgiven" doc:"Late, and forgiven since by staff (status cancelled)."`
}

func policyOut(p *effectivePolicy) PolicyJSON {
	return PolicyJSON{ClassType: p.ClassTypeID, CutoffMinutes: p.CutoffMinutes, Source: p.Source}
}

func reportOut(r *reportRow) ReportRow {
	return ReportRow{Customer: r.CustomerID, LateCancels: r.LateCancels, Bookings: r.bookings}
}

func decisionOut(d *decisionRow) DecisionJSON {
	return DecisionJSON{Booking: d.BookingID, Customer: d.CustomerID, ClassType: d.ClassTypeID,
		CutoffMinutes: d.CutoffMinutes, Source: d.Source, Deadline: d.Deadline.UTC(), CancelledAt: d.CancelledAt.UTC(),
		Late: d.Late, Status: d.Status, Forgiven: d.Late && d.Status == core.StatusCancelled}
}

type policyUpdate struct {
	api.IDPath
	Body PolicyJSON
}

type reportParams struct {
	api.ListParams
	Customer int64  `query:"customer" minimum:"0" doc:"Customer id."`
	From     string `query:"from" doc:"Sessions starting at or after this RFC 3339 time, or from the start of this gym-local date."`
	To       string `query:"to" doc:"Sessions starting before this RFC 3339 time, or up to the end of this gym-local date."`
}

func (in *reportParams) filter(loc *time.Location) (reportFilter, error) {
	rf := reportFilter{CustomerID: in.Customer}
	var err error
	if rf.From, err = api.ParseBound("from", in.From, loc, false); err != nil {
		return rf, err
	}
	if rf.To, err = api.ParseBound("to", in.To, loc, true); err != nil {
		return rf, err
	}
	if !rf.From.IsZero() && !rf.To.IsZero() && !rf.To.After(rf.From) {
		return rf, core.Invalid("to", "must be after from (a date as to means the end of that day)")
	}
	return rf, nil
}

func (f *Feature) getPolicy(ctx context.Context, in *api.IDPath) (*api.Output[PolicyJSON], error) {
	p, err := f.policy(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &api.Output[PolicyJSON]{Body: policyOut(p)}, nil
}

func (f *Feature) putPolicy(ctx context.Context, in *policyUpdate) (*api.Output[PolicyJSON], error) {
	p, err := f.setPolicy(ctx, in.ID, in.Body.CutoffMinutes)
	if err != nil {
		return nil, err
	}
	return &api.Output[PolicyJSON]{Body: policyOut(p)}, nil
}

func (f *Feature) deletePolicy(ctx context.Context, in *api.IDPath) (*struct{}, error) {
	return nil, f.resetPolicy(ctx, in.ID)
}

func (f *Feature) getReport(ctx context.Context, in *reportParams) (*api.List[ReportRow], error) {
	rf, err := in.filter(f.env.Location)
	if err != nil {
		return nil, err
	}
	rows, more, err := f.report(ctx, rf, in.Page())
	if err != nil {
		return nil, err
	}
	return api.NewList(ctx, api.Map(rows, reportOut), more, in.ListParams), nil
}

func (f *Feature) getDecision(ctx context.Context, in *api.IDPath) (*api.Output[DecisionJSON], error) {
	d, err := f.decision(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &api.Output[DecisionJSON]{Body: decisionOut(d)}, nil
}
