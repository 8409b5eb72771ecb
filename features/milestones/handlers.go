package milestones

import (
	"context"
	"time"

	"github.com/gymtastic/gymtastic/core/api"
)

// MilestoneJSON is a milestone as the API shows and takes it.
type MilestoneJSON struct {
	ID       int64  `json:"id" readOnly:"true"`
	Name     string `json:"name" minLength:"1" maxLength:"256" example:"Ten in a month"`
	Interval string `json:"interval" minLength:"2" maxLength:"64" example:"P1M" doc:"ISO 8601 duration in days, weeks, months or years: P2W, P1M, P1Y, P30D, P1Y6M. Months and years are calendar months and years in the gym's time zone."`
	// SessionCount is the goal.
	SessionCount int       `json:"session_count" minimum:"1" maximum:"1000000" doc:"Active bookings created within the interval that achieve the milestone." example:"10"`
	Active       *bool     `json:"active" required:"false" default:"true" doc:"Inactive milestones are not awarded; their achievements stay."`
	CreatedAt    time.Time `json:"created_at" readOnly:"true"`
}

// MilestonePatch changes the fields given; none of them may be null.
type MilestonePatch struct {
	ID           *int64            `json:"id,omitempty" readOnly:"true"`
	Name         api.Patch[string] `json:"name,omitempty" minLength:"1" maxLength:"256"`
	Interval     api.Patch[string] `json:"interval,omitempty" minLength:"2" maxLength:"64"`
	SessionCount api.Patch[int]    `json:"session_count,omitempty" minimum:"1" maximum:"1000000"`
	Active       api.Patch[bool]   `json:"active,omitempty"`
	CreatedAt    *time.Time        `json:"created_at,omitempty" readOnly:"true"`
}

// AchievementJSON is an achievement as the API shows it.
type AchievementJSON struct {
	ID         int64     `json:"id"`
	Milestone  int64     `json:"milestone" doc:"Milestone id."`
	Customer   int64     `json:"customer" doc:"Customer id."`
	Booking    *int64    `json:"booking" nullable:"true" doc:"The booking that reached the milestone; null once it is gone (its session was deleted)."`
	AchievedAt time.Time `json:"achieved_at"`
	Email      *int64    `json:"email" nullable:"true" doc:"The congratulatory email's id in /api/emails."`
	Count      int       `json:"count" doc:"The customer's active bookings within the interval when the milestone was reached."`
}

func milestoneOut(m *Milestone) MilestoneJSON {
	active := m.Active
	return MilestoneJSON{ID: m.ID, Name: m.Name, Interval: m.Interval, SessionCount: m.SessionCount, Active: &active,
		CreatedAt: m.CreatedAt.UTC()}
}

func (m MilestoneJSON) input() milestoneInput {
	return milestoneInput{Name: m.Name, Interval: m.Interval, SessionCount: m.SessionCount, Active: m.Active == nil || *m.Active}
}

func achievementOut(a *Achievement) AchievementJSON {
	return AchievementJSON{ID: a.ID, Milestone: a.MilestoneID, Customer: a.CustomerID, Booking: a.BookingID,
		AchievedAt: a.AchievedAt.UTC(), Email: a.EmailID, Count: a.BookingCount}
}

type milestoneBody struct {
	Body MilestoneJSON
}

type milestoneUpdate struct {
	api.IDPath
	Body MilestoneJSON
}

type milestonePatch struct {
	api.IDPath
	Body MilestonePatch
}

type milestoneList struct {
	api.ListParams
	Active string `query:"active" enum:"true,false," doc:"true or false: only active or inactive milestones."`
}

type achievementList struct {
	api.ListParams
	Customer  int64 `query:"customer" minimum:"0" doc:"Customer id."`
	Milestone int64 `query:"milestone" minimum:"0" doc:"Milestone id."`
}

func (f *Feature) listMilestones(ctx context.Context, in *milestoneList) (*api.List[MilestoneJSON], error) {
	var active *bool
	if in.Active != "" {
		v := in.Active == "true"
		active = &v
	}
	rows, more, err := f.list(ctx, active, in.Page())
	if err != nil {
		return nil, err
	}
	return api.NewList(ctx, api.Map(rows, milestoneOut), more, in.ListParams), nil
}

func (f *Feature) createMilestone(ctx context.Context, in *milestoneBody) (*api.Created[MilestoneJSON], error) {
	m, err := f.create(ctx, in.Body.input())
	if err != nil {
		return nil, err
	}
	return api.NewCreated(ctx, "milestones", m.ID, milestoneOut(m)), nil
}

func (f *Feature) getMilestone(ctx context.Context, in *api.IDPath) (*api.Output[MilestoneJSON], error) {
	m, err := f.get(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &api.Output[MilestoneJSON]{Body: milestoneOut(m)}, nil
}

func (f *Feature) replaceMilestone(ctx context.Context, in *milestoneUpdate) (*api.Output[MilestoneJSON], error) {
	m, err := f.update(ctx, in.ID, in.Body.input())
	if err != nil {
		return nil, err
	}
	return &api.Output[MilestoneJSON]{Body: milestoneOut(m)}, nil
}

func (f *Feature) patchMilestone(ctx context.Context, in *milestonePatch) (*api.Output[MilestoneJSON], error) {
	cur, err := f.get(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	next := milestoneInput{Name: cur.Name, Interval: cur.Interval, SessionCount: cur.SessionCount, Active: cur.Active}
	in.Body.Name.Apply(&next.Name)
	in.Body.Interval.Apply(&next.Interval)
	in.Body.SessionCount.Apply(&next.SessionCount)
	in.Body.Active.Apply(&next.Active)
	m, err := f.update(ctx, in.ID, next)
	if err != nil {
		return nil, err
	}
	return &api.Output[MilestoneJSON]{Body: milestoneOut(m)}, nil
}

func (f *Feature) deleteMilestone(ctx context.Context, in *api.IDPath) (*struct{}, error) {
	return nil, f.delete(ctx, in.ID)
}

func (f *Feature) listAchievementsHandler(ctx context.Context, in *achievementList) (*api.List[AchievementJSON], error) {
	rows, more, err := f.listAchievements(ctx, in.Customer, in.Milestone, in.Page())
	if err != nil {
		return nil, err
	}
	return api.NewList(ctx, api.Map(rows, achievementOut), more, in.ListParams), nil
}

func (f *Feature) getAchievementHandler(ctx context.Context, in *api.IDPath) (*api.Output[AchievementJSON], error) {
	a, err := f.getAchievement(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &api.Output[AchievementJSON]{Body: achievementOut(a)}, nil
}
