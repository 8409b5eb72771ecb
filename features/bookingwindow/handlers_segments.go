package bookingwindow

import (
	"context"
	"time"

	"github.com/gymtastic/gymtastic/core/api"
)

// SegmentJSON is a priority segment as the API shows and takes it.
type SegmentJSON struct {
	ID              int64     `json:"id" readOnly:"true"`
	Name            string    `json:"name" minLength:"1" maxLength:"256" doc:"Unique, ignoring case."`
	OpensDaysBefore int       `json:"opens_days_before" minimum:"1" maximum:"365" doc:"Its customers may book a session this many days before it starts, at the same gym-local clock time, when that is earlier than the class type's window (1 to 365)."`
	Customers       []int64   `json:"customers" minimum:"1" maximum:"9007199254740991" maxItems:"1000" uniqueItems:"true" doc:"Ids of its customers, ascending, at most 1000 (a larger group is several segments); one that does not exist → 422."`
	CreatedAt       time.Time `json:"created_at" readOnly:"true"`
}

// SegmentPatch changes the fields given; none of them may be null (no
// customers is []).
type SegmentPatch struct {
	ID              *int64             `json:"id,omitempty" readOnly:"true"`
	Name            api.Patch[string]  `json:"name,omitempty" minLength:"1" maxLength:"256"`
	OpensDaysBefore api.Patch[int]     `json:"opens_days_before,omitempty" minimum:"1" maximum:"365"`
	Customers       api.Patch[[]int64] `json:"customers,omitempty" minimum:"1" maximum:"9007199254740991" maxItems:"1000" uniqueItems:"true"`
	CreatedAt       *time.Time         `json:"created_at,omitempty" readOnly:"true"`
}

func segmentOut(s *Segment) SegmentJSON {
	ids := s.Customers
	if ids == nil {
		ids = []int64{}
	}
	return SegmentJSON{ID: s.ID, Name: s.Name, OpensDaysBefore: s.OpensDaysBefore, Customers: ids, CreatedAt: s.CreatedAt.UTC()}
}

func (s SegmentJSON) input() segmentInput {
	return segmentInput{Name: s.Name, OpensDaysBefore: s.OpensDaysBefore, Customers: s.Customers}
}

type segmentList struct {
	api.ListParams
	Customer int64 `query:"customer" minimum:"0" maximum:"9007199254740991" doc:"Customer id: the segments she is in."`
}

type segmentBody struct {
	Body SegmentJSON
}

type segmentUpdate struct {
	api.IDPath
	Body SegmentJSON
}

type segmentPatch struct {
	api.IDPath
	Body SegmentPatch
}

func (f *Feature) listSegmentsHandler(ctx context.Context, in *segmentList) (*api.List[SegmentJSON], error) {
	rows, more, err := f.listSegments(ctx, in.Customer, in.Page())
	if err != nil {
		return nil, err
	}
	return api.NewList(ctx, api.Map(rows, segmentOut), more, in.ListParams), nil
}

func (f *Feature) createSegmentHandler(ctx context.Context, in *segmentBody) (*api.Created[SegmentJSON], error) {
	s, err := f.createSegment(ctx, in.Body.input())
	if err != nil {
		return nil, err
	}
	return api.NewCreated(ctx, "booking_segments", s.ID, segmentOut(s)), nil
}

func (f *Feature) getSegmentHandler(ctx context.Context, in *api.IDPath) (*api.Output[SegmentJSON], error) {
	s, err := f.getSegment(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &api.Output[SegmentJSON]{Body: segmentOut(s)}, nil
}

func (f *Feature) replaceSegmentHandler(ctx context.Context, in *segmentUpdate) (*api.Output[SegmentJSON], error) {
	s, err := f.updateSegment(ctx, in.ID, in.Body.input())
	if err != nil {
		return nil, err
	}
	return &api.Output[SegmentJSON]{Body: segmentOut(s)}, nil
}

func (f *Feature) patchSegmentHandler(ctx context.Context, in *segmentPatch) (*api.Output[SegmentJSON], error) {
	cur, err := f.getSegment(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	next := segmentOut(cur)
	in.Body.Name.Apply(&next.Name)
	in.Body.OpensDaysBefore.Apply(&next.OpensDaysBefore)
	in.Body.Customers.Apply(&next.Customers)
	s, err := f.updateSegment(ctx, in.ID, next.input())
	if err != nil {
		return nil, err
	}
	return &api.Output[SegmentJSON]{Body: segmentOut(s)}, nil
}

func (f *Feature) deleteSegmentHandler(ctx context.Context, in *api.IDPath) (*struct{}, error) {
	return nil, f.deleteSegment(ctx, in.ID)
}
