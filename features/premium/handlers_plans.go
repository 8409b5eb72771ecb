package premium

import (
	"context"
	"time"

	"github.com/gymtastic/gymtastic/core/api"
)

// PlanJSON is a membership plan as the API shows and takes it.
type PlanJSON struct {
	ID           int64     `json:"id" readOnly:"true"`
	Name         string    `json:"name" minLength:"1" maxLength:"256" doc:"Unique, ignoring case." example:"Premium monthly"`
	Description  string    `json:"description" required:"false" maxLength:"10000" example:"Reformer pilates and aerial yoga."`
	PriceCents   int64     `json:"price_cents" minimum:"0" maximum:"1000000000000" doc:"For display: payment is cash, in person." example:"4900"`
	DurationDays int       `json:"duration_days" minimum:"1" maximum:"36600" doc:"Days a membership lasts by default: ends_on = starts_on + duration_days - 1." example:"30"`
	ClassTypes   []int64   `json:"class_types" minimum:"1" maximum:"9007199254740991" maxItems:"1000" uniqueItems:"true" doc:"Ids of the premium class types it unlocks, ascending; a class type that is not premium → 422."`
	CreatedAt    time.Time `json:"created_at" readOnly:"true"`
}

// PlanPatch changes the fields given; none of them may be null (an empty
// description is "", no class types []).
type PlanPatch struct {
	ID           *int64             `json:"id,omitempty" readOnly:"true"`
	Name         api.Patch[string]  `json:"name,omitempty" minLength:"1" maxLength:"256"`
	Description  api.Patch[string]  `json:"description,omitempty" maxLength:"10000"`
	PriceCents   api.Patch[int64]   `json:"price_cents,omitempty" minimum:"0" maximum:"1000000000000"`
	DurationDays api.Patch[int]     `json:"duration_days,omitempty" minimum:"1" maximum:"36600"`
	ClassTypes   api.Patch[[]int64] `json:"class_types,omitempty" minimum:"1" maximum:"9007199254740991" maxItems:"1000" uniqueItems:"true"`
	CreatedAt    *time.Time         `json:"created_at,omitempty" readOnly:"true"`
}

func planOut(p *Plan) PlanJSON {
	ids := p.ClassTypes
	if ids == nil {
		ids = []int64{}
	}
	return PlanJSON{ID: p.ID, Name: p.Name, Description: p.Description, PriceCents: p.PriceCents,
		DurationDays: p.DurationDays, ClassTypes: ids, CreatedAt: p.CreatedAt.UTC()}
}

func (p PlanJSON) input() planInput {
	return planInput{Name: p.Name, Description: p.Description, PriceCents: p.PriceCents, DurationDays: p.DurationDays,
		ClassTypes: p.ClassTypes}
}

type planBody struct {
	Body PlanJSON
}

type planUpdate struct {
	api.IDPath
	Body PlanJSON
}

type planPatch struct {
	api.IDPath
	Body PlanPatch
}

func (f *Feature) listPlansHandler(ctx context.Context, in *api.ListParams) (*api.List[PlanJSON], error) {
	rows, more, err := f.listPlans(ctx, in.Page())
	if err != nil {
		return nil, err
	}
	return api.NewList(ctx, api.Map(rows, planOut), more, *in), nil
}

func (f *Feature) createPlanHandler(ctx context.Context, in *planBody) (*api.Created[PlanJSON], error) {
	p, err := f.createPlan(ctx, in.Body.input())
	if err != nil {
		return nil, err
	}
	return api.NewCreated(ctx, "membership_plans", p.ID, planOut(p)), nil
}

func (f *Feature) getPlanHandler(ctx context.Context, in *api.IDPath) (*api.Output[PlanJSON], error) {
	p, err := f.getPlan(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &api.Output[PlanJSON]{Body: planOut(p)}, nil
}

func (f *Feature) replacePlanHandler(ctx context.Context, in *planUpdate) (*api.Output[PlanJSON], error) {
	p, err := f.updatePlan(ctx, in.ID, in.Body.input())
	if err != nil {
		return nil, err
	}
	return &api.Output[PlanJSON]{Body: planOut(p)}, nil
}

func (f *Feature) patchPlanHandler(ctx context.Context, in *planPatch) (*api.Output[PlanJSON], error) {
	cur, err := f.getPlan(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	next := planOut(cur)
	in.Body.Name.Apply(&next.Name)
	in.Body.Description.Apply(&next.Description)
	in.Body.PriceCents.Apply(&next.PriceCents)
	in.Body.DurationDays.Apply(&next.DurationDays)
	in.Body.ClassTypes.Apply(&next.ClassTypes)
	p, err := f.updatePlan(ctx, in.ID, next.input())
	if err != nil {
		return nil, err
	}
	return &api.Output[PlanJSON]{Body: planOut(p)}, nil
}

func (f *Feature) deletePlanHandler(ctx context.Context, in *api.IDPath) (*struct{}, error) {
	return nil, f.deletePlan(ctx, in.ID)
}
