package premium

import (
	"context"
	"time"

	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/api"
)

// MembershipJSON is a membership as the API shows and takes it.
type MembershipJSON struct {
	ID              int64      `json:"id" readOnly:"true"`
	Customer        int64      `json:"customer" minimum:"1" maximum:"9007199254740991" doc:"Customer id."`
	Plan            int64      `json:"plan" minimum:"1" maximum:"9007199254740991" doc:"Membership plan id."`
	StartsOn        string     `json:"starts_on" format:"date" doc:"First gym-local day covered (2026-03-01)."`
	EndsOn          *string    `json:"ends_on" required:"false" format:"date" doc:"Last gym-local day covered, inclusive; default starts_on + the plan's duration_days - 1. Not before starts_on."`
	Status          string     `json:"status" required:"false" enum:"active,cancelled" default:"active" doc:"Only active memberships unlock premium class types."`
	AmountPaidCents int64      `json:"amount_paid_cents" minimum:"0" maximum:"1000000000000" doc:"Cash actually taken at the front desk, in cents: any amount from 0 (a comped membership) up, whatever the plan's price (a discount, a price raised since); never negative (refunds are not recorded)."`
	PaymentMethod   string     `json:"payment_method" required:"false" enum:"cash" default:"cash" doc:"Always cash: the system records payments, it never takes one."`
	PaidAt          *time.Time `json:"paid_at" required:"false" doc:"When it was paid; default now. Not in the future."`
	CancelledAt     *time.Time `json:"cancelled_at" readOnly:"true" nullable:"true" doc:"When it was cancelled; null while active."`
	CreatedAt       time.Time  `json:"created_at" readOnly:"true"`
}

// MembershipPatch changes the fields given; none of them may be null:
// ends_on and paid_at take their defaults on POST and PUT only (a PATCH
// keeps what is stored, so null would be ambiguous).
type MembershipPatch struct {
	ID              *int64               `json:"id,omitempty" readOnly:"true"`
	Customer        api.Patch[int64]     `json:"customer,omitempty" minimum:"1" maximum:"9007199254740991"`
	Plan            api.Patch[int64]     `json:"plan,omitempty" minimum:"1" maximum:"9007199254740991"`
	StartsOn        api.Patch[string]    `json:"starts_on,omitempty" format:"date"`
	EndsOn          api.Patch[string]    `json:"ends_on,omitempty" format:"date"`
	Status          api.Patch[string]    `json:"status,omitempty" enum:"active,cancelled"`
	AmountPaidCents api.Patch[int64]     `json:"amount_paid_cents,omitempty" minimum:"0" maximum:"1000000000000"`
	PaymentMethod   api.Patch[string]    `json:"payment_method,omitempty" enum:"cash"`
	PaidAt          api.Patch[time.Time] `json:"paid_at,omitempty"`
	CancelledAt     *time.Time           `json:"cancelled_at,omitempty" readOnly:"true" nullable:"true"`
	CreatedAt       *time.Time           `json:"created_at,omitempty" readOnly:"true"`
}

func membershipOut(m *Membership) MembershipJSON {
	ends := string(m.EndsOn)
	paid := m.PaidAt.UTC()
	return MembershipJSON{ID: m.ID, Customer: m.CustomerID, Plan: m.PlanID, StartsOn: string(m.StartsOn), EndsOn: &ends,
		Status: m.Status, AmountPaidCents: m.AmountPaidCents, PaymentMethod: m.PaymentMethod, PaidAt: &paid,
		CancelledAt: api.UTCPtr(m.CancelledAt), CreatedAt: m.CreatedAt.UTC()}
}

func (m MembershipJSON) input() membershipInput {
	return membershipInput{CustomerID: m.Customer, PlanID: m.Plan, StartsOn: m.StartsOn, EndsOn: m.EndsOn,
		Status: m.Status, AmountPaidCents: m.AmountPaidCents, PaymentMethod: m.PaymentMethod, PaidAt: m.PaidAt}
}

type membershipBody struct {
	Body MembershipJSON
}

type membershipUpdate struct {
	api.IDPath
	Body MembershipJSON
}

type membershipPatch struct {
	api.IDPath
	Body MembershipPatch
}

type membershipList struct {
	api.ListParams
	Customer int64  `query:"customer" minimum:"0" doc:"Customer id."`
	Plan     int64  `query:"plan" minimum:"0" doc:"Membership plan id."`
	Status   string `query:"status" enum:"active,cancelled," doc:"active or cancelled."`
	ActiveOn string `query:"active_on" doc:"A gym-local date (2026-03-01): memberships that are active and cover it (starts_on ≤ date ≤ ends_on)."`
}

func (in *membershipList) filter() (membershipFilter, error) {
	mf := membershipFilter{CustomerID: in.Customer, PlanID: in.Plan, Status: in.Status}
	if in.ActiveOn != "" {
		d, err := core.ParseCalendarDate("active_on", in.ActiveOn)
		if err != nil {
			return mf, err
		}
		mf.ActiveOn = d
	}
	return mf, nil
}

func (f *Feature) listMembershipsHandler(ctx context.Context, in *membershipList) (*api.List[MembershipJSON], error) {
	mf, err := in.filter()
	if err != nil {
		return nil, err
	}
	rows, more, err := f.listMemberships(ctx, mf, in.Page())
	if err != nil {
		return nil, err
	}
	return api.NewList(ctx, api.Map(rows, membershipOut), more, in.ListParams), nil
}

func (f *Feature) createMembershipHandler(ctx context.Context, in *membershipBody) (*api.Created[MembershipJSON], error) {
	m, err := f.createMembership(ctx, in.Body.input())
	if err != nil {
		return nil, err
	}
	return api.NewCreated(ctx, "memberships", m.ID, membershipOut(m)), nil
}

func (f *Feature) getMembershipHandler(ctx context.Context, in *api.IDPath) (*api.Output[MembershipJSON], error) {
	m, err := f.getMembership(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &api.Output[MembershipJSON]{Body: membershipOut(m)}, nil
}

func (f *Feature) replaceMembershipHandler(ctx context.Context, in *membershipUpdate) (*api.Output[MembershipJSON], error) {
	m, err := f.updateMembership(ctx, in.ID, in.Body.input())
	if err != nil {
		return nil, err
	}
	return &api.Output[MembershipJSON]{Body: membershipOut(m)}, nil
}

func (f *Feature) patchMembershipHandler(ctx context.Context, in *membershipPatch) (*api.Output[MembershipJSON], error) {
	cur, err := f.getMembership(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	next := membershipOut(cur)
	in.Body.Customer.Apply(&next.Customer)
	in.Body.Plan.Apply(&next.Plan)
	in.Body.StartsOn.Apply(&next.StartsOn)
	in.Body.EndsOn.Apply(next.EndsOn)
	in.Body.Status.Apply(&next.Status)
	in.Body.AmountPaidCents.Apply(&next.AmountPaidCents)
	in.Body.PaymentMethod.Apply(&next.PaymentMethod)
	in.Body.PaidAt.Apply(next.PaidAt)
	m, err := f.updateMembership(ctx, in.ID, next.input())
	if err != nil {
		return nil, err
	}
	return &api.Output[MembershipJSON]{Body: membershipOut(m)}, nil
}

func (f *Feature) cancelMembershipHandler(ctx context.Context, in *api.ActionInput) (*api.Output[MembershipJSON], error) {
	m, err := f.cancelMembership(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &api.Output[MembershipJSON]{Body: membershipOut(m)}, nil
}

func (f *Feature) deleteMembershipHandler(ctx context.Context, in *api.IDPath) (*struct{}, error) {
	return nil, f.deleteMembership(ctx, in.ID)
}
