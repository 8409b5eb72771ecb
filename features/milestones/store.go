package milestones

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/core"
)

// milestoneInput is a milestone's writable fields.
type milestoneInput struct {
	Name         string
	Interval     string
	SessionCount int
	Active       bool
}

// clean trims the name and puts the interval in canonical form, or names
// the field at fault. The name is a single line stored in NFC (core.Name:
// it goes into the congratulatory email's subject); the interval goes
// through core.CheckText, so that a NUL character or invalid UTF-8 is
// refused alike on SQLite and PostgreSQL.
func (in *milestoneInput) clean() error {
	var p core.Problems // every problem at once; Name and CheckText return only validation errors
	var err error
	in.Name, err = core.Name("name", in.Name)
	_ = p.Check(err)
	if err := core.CheckText("interval", in.Interval); err != nil {
		_ = p.Check(err)
	} else if iv, err := ParseInterval(in.Interval); err != nil {
		p.Add("interval", "%v", err)
	} else {
		in.Interval = iv.String()
	}
	if in.SessionCount < 1 {
		p.Add("session_count", "must be at least 1")
	}
	return p.Err()
}

func (f *Feature) create(ctx context.Context, in milestoneInput) (*Milestone, error) {
	if err := in.clean(); err != nil {
		return nil, err
	}
	m := &Milestone{Name: in.Name, Interval: in.Interval, SessionCount: in.SessionCount, Active: in.Active, CreatedAt: f.env.Timestamp()}
	if err := f.env.DB.WithContext(ctx).Create(m).Error; err != nil {
		return nil, fmt.Errorf("create milestone: %w", err)
	}
	return m, nil
}

func (f *Feature) get(ctx context.Context, id int64) (*Milestone, error) {
	var m Milestone
	if err := f.env.DB.WithContext(ctx).Take(&m, id).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, core.NotFound("milestone", id)
		}
		return nil, fmt.Errorf("get milestone: %w", err)
	}
	return &m, nil
}

// list returns milestones by id; active, when not nil, filters on it.
func (f *Feature) list(ctx context.Context, active *bool, p core.Page) ([]Milestone, bool, error) {
	q := f.env.DB.WithContext(ctx).Model(&Milestone{})
	if active != nil {
		q = q.Where("active = ?", *active)
	}
	var rows []Milestone
	if err := q.Order("id").Limit(p.Limit + 1).Offset(p.Offset).Find(&rows).Error; err != nil {
		return nil, false, fmt.Errorf("list milestones: %w", err)
	}
	rows, more := core.Trim(rows, p)
	return rows, more, nil
}

func (f *Feature) update(ctx context.Context, id int64, in milestoneInput) (*Milestone, error) {
	if err := in.clean(); err != nil {
		return nil, err
	}
	res := f.env.DB.WithContext(ctx).Model(&Milestone{}).Where("id = ?", id).Updates(map[string]any{
		"name": in.Name, "period": in.Interval, "session_count": in.SessionCount, "active": in.Active})
	if res.Error != nil {
		return nil, fmt.Errorf("update milestone: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return nil, core.NotFound("milestone", id)
	}
	return f.get(ctx, id)
}

// delete deletes a milestone and, with it, its achievements.
func (f *Feature) delete(ctx context.Context, id int64) error {
	res := f.env.DB.WithContext(ctx).Exec("DELETE FROM milestones WHERE id = ?", id)
	if res.Error != nil {
		return fmt.Errorf("delete milestone: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return core.NotFound("milestone", id)
	}
	return nil
}

// listAchievements returns achievements by id; zero ids do not filter. A
// customer sees only her own: the customer filter then narrows within them.
func (f *Feature) listAchievements(ctx context.Context, customerID, milestoneID int64, p core.Page) ([]Achievement, bool, error) {
	q := f.env.DB.WithContext(ctx).Model(&Achievement{})
	if owner := core.OwnerOf(ctx); owner != 0 {
		q = q.Where("customer_id = ?", owner)
	}
	if customerID != 0 {
		q = q.Where("customer_id = ?", customerID)
	}
	if milestoneID != 0 {
		q = q.Where("milestone_id = ?", milestoneID)
	}
	var rows []Achievement
	if err := q.Order("id").Limit(p.Limit + 1).Offset(p.Offset).Find(&rows).Error; err != nil {
		return nil, false, fmt.Errorf("list milestone achievements: %w", err)
	}
	rows, more := core.Trim(rows, p)
	return rows, more, nil
}

// getAchievement returns one achievement; a customer's own only, so that
// another's is not found, as one that does not exist.
func (f *Feature) getAchievement(ctx context.Context, id int64) (*Achievement, error) {
	q := f.env.DB.WithContext(ctx).Where("id = ?", id)
	if owner := core.OwnerOf(ctx); owner != 0 {
		q = q.Where("customer_id = ?", owner)
	}
	var a Achievement
	if err := q.Take(&a).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, core.NotFound("milestone achievement", id)
		}
		return nil, fmt.Errorf("get milestone achievement: %w", err)
	}
	return &a, nil
}
