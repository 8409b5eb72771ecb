package premium

import (
	"context"
	"net/http"
	"time"

	"github.com/gymtastic/gymtastic/core/api"
)

// PremiumClassTypeJSON is a premium mark as the API shows and takes it.
type PremiumClassTypeJSON struct {
	ClassType int64     `json:"class_type" minimum:"1" maximum:"9007199254740991" doc:"Class type id."`
	CreatedAt time.Time `json:"created_at" readOnly:"true" doc:"When the class type was marked premium."`
}

func markOut(m *Mark) PremiumClassTypeJSON {
	return PremiumClassTypeJSON{ClassType: m.ClassTypeID, CreatedAt: m.CreatedAt.UTC()}
}

type markBody struct {
	Body PremiumClassTypeJSON
}

// markCreated is 201 for a new mark, 200 for one that already existed.
type markCreated struct {
	Status   int
	Location string `header:"Location"`
	Body     PremiumClassTypeJSON
}

func (f *Feature) listMarksHandler(ctx context.Context, in *api.ListParams) (*api.List[PremiumClassTypeJSON], error) {
	rows, more, err := f.listMarks(ctx, in.Page())
	if err != nil {
		return nil, err
	}
	return api.NewList(ctx, api.Map(rows, markOut), more, *in), nil
}

func (f *Feature) markHandler(ctx context.Context, in *markBody) (*markCreated, error) {
	m, created, err := f.mark(ctx, in.Body.ClassType)
	if err != nil {
		return nil, err
	}
	c := api.NewCreated(ctx, "premium_class_types", m.ClassTypeID, markOut(m))
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	return &markCreated{Status: status, Location: c.Location, Body: c.Body}, nil
}

func (f *Feature) getMarkHandler(ctx context.Context, in *api.IDPath) (*api.Output[PremiumClassTypeJSON], error) {
	m, err := f.getMark(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &api.Output[PremiumClassTypeJSON]{Body: markOut(m)}, nil
}

func (f *Feature) unmarkHandler(ctx context.Context, in *api.IDPath) (*struct{}, error) {
	return nil, f.unmark(ctx, in.ID)
}
