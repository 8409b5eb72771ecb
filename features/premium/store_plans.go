package premium

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/core"
)

// Bounds of a plan's fields.
const (
	MaxPriceCents   = 1_000_000_000_000
	MaxDurationDays = 36600
)

// ErrPlanNameTaken refuses a second plan of one name.
var ErrPlanNameTaken = core.Refuse("name_taken", "a membership plan of this name already exists")

// ErrPlanInUse refuses deleting a plan that memberships use.
var ErrPlanInUse = core.Refuse("membership_plan_in_use", "memberships use the plan; they are payment history and stay")

// planInput is a plan's writable fields.
type planInput struct {
	Name         string
	Description  string
	PriceCents   int64
	DurationDays int
	ClassTypes   []int64
}

// clean trims the text, sorts the class types and checks the bounds,
// naming the field at fault. The name is a single line stored in NFC
// (core.Name), the description free text (core.CheckLines); both refuse
// alike on SQLite and PostgreSQL.
func (in *planInput) clean() error {
	var p core.Problems // every problem at once; Name and CheckLines return only validation errors
	var err error
	in.Name, err = core.Name("name", in.Name)
	_ = p.Check(err)
	_ = p.Check(core.CheckLines("description", in.Description))
	in.Description = strings.TrimSpace(in.Description)
	if in.PriceCents < 0 || in.PriceCents > MaxPriceCents {
		p.Add("price_cents", "must be between 0 and %d", int64(MaxPriceCents))
	}
	if in.DurationDays < 1 || in.DurationDays > MaxDurationDays {
		p.Add("duration_days", "must be between 1 and %d", MaxDurationDays)
	}
	ids := append([]int64(nil), in.ClassTypes...)
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for i := 1; i < len(ids); i++ {
		if ids[i] == ids[i-1] && (i == 1 || ids[i-1] != ids[i-2]) {
			p.Add("class_types", "class type %d is listed twice", ids[i])
		}
	}
	in.ClassTypes = ids
	return p.Err()
}

func (f *Feature) createPlan(ctx context.Context, in planInput) (*Plan, error) {
	if err := in.clean(); err != nil {
		return nil, err
	}
	p := &Plan{Name: in.Name, Description: in.Description, PriceCents: in.PriceCents, DurationDays: in.DurationDays,
		CreatedAt: f.env.Timestamp(), ClassTypes: in.ClassTypes}
	err := f.env.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(p).Error; err != nil {
			return err
		}
		return f.setClassTypes(tx, p.ID, in.ClassTypes)
	})
	if err != nil {
		return nil, planWriteError(err, in.Name)
	}
	return p, nil
}

// setClassTypes replaces a plan's class types, after checking each one is
// premium (one query; one more to explain a refusal).
func (f *Feature) setClassTypes(tx *gorm.DB, planID int64, ids []int64) error {
	if err := tx.Exec("DELETE FROM membership_plan_class_types WHERE plan_id = ?", planID).Error; err != nil {
		return err
	}
	if len(ids) == 0 {
		return nil
	}
	var marked []int64
	if err := tx.Raw("SELECT class_type_id FROM premium_class_types WHERE class_type_id IN ?"+core.ForKeyShare(f.env.Kind), ids).
		Scan(&marked).Error; err != nil {
		return err
	}
	if len(marked) != len(ids) {
		return f.notPremiumError(tx, ids, marked)
	}
	links := make([]map[string]any, len(ids))
	for i, id := range ids {
		links[i] = map[string]any{"plan_id": planID, "class_type_id": id}
	}
	return tx.Table("membership_plan_class_types").Create(links).Error
}

// notPremiumError names the first listed class type that is not premium,
// and says whether it exists at all.
func (f *Feature) notPremiumError(tx *gorm.DB, ids, marked []int64) error {
	ok := map[int64]bool{}
	for _, id := range marked {
		ok[id] = true
	}
	for _, id := range ids {
		if ok[id] {
			continue
		}
		var n int64
		if err := tx.Raw("SELECT COUNT(*) FROM class_types WHERE id = ?", id).Scan(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return core.Invalid("class_types", "class type %d does not exist", id)
		}
		return core.Invalid("class_types", "class type %d is not premium; mark it with POST /api/premium_class_types first", id)
	}
	return nil
}

// planWriteError maps a failed plan write to the API's answer.
func planWriteError(err error, name string) error {
	switch {
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return core.Refuse(ErrPlanNameTaken.Code, "a membership plan named %q already exists", name)
	case errors.Is(err, gorm.ErrForeignKeyViolated):
		// A class type was un-marked while the plan was written.
		return core.Invalid("class_types", "a class type listed is no longer premium")
	}
	if _, ok := core.AsError(err); ok {
		return err
	}
	return fmt.Errorf("write membership plan: %w", err)
}

func (f *Feature) getPlan(ctx context.Context, id int64) (*Plan, error) {
	var rows []Plan
	if err := f.env.DB.WithContext(ctx).Where("id = ?", id).Limit(1).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("get membership plan: %w", err)
	}
	if len(rows) == 0 {
		return nil, core.NotFound("membership plan", id)
	}
	if err := f.loadClassTypes(ctx, rows); err != nil {
		return nil, err
	}
	return &rows[0], nil
}

func (f *Feature) listPlans(ctx context.Context, p core.Page) ([]Plan, bool, error) {
	var rows []Plan
	if err := f.env.DB.WithContext(ctx).Order("id").Limit(p.Limit + 1).Offset(p.Offset).Find(&rows).Error; err != nil {
		return nil, false, fmt.Errorf("list membership plans: %w", err)
	}
	rows, more := core.Trim(rows, p)
	if err := f.loadClassTypes(ctx, rows); err != nil {
		return nil, false, err
	}
	return rows, more, nil
}

// loadClassTypes fills the plans' class types in one query.
func (f *Feature) loadClassTypes(ctx context.Context, plans []Plan) error {
	if len(plans) == 0 {
		return nil
	}
	ids := make([]int64, len(plans))
	byID := map[int64]*Plan{}
	for i := range plans {
		ids[i] = plans[i].ID
		plans[i].ClassTypes = []int64{}
		byID[plans[i].ID] = &plans[i]
	}
	var links []struct{ PlanID, ClassTypeID int64 }
	if err := f.env.DB.WithContext(ctx).Raw(`SELECT plan_id, class_type_id FROM membership_plan_class_types
		WHERE plan_id IN ? ORDER BY plan_id, class_type_id`, ids).Scan(&links).Error; err != nil {
		return fmt.Errorf("membership plans' class types: %w", err)
	}
	for _, l := range links {
		byID[l.PlanID].ClassTypes = append(byID[l.PlanID].ClassTypes, l.ClassTypeID)
	}
	return nil
}

// updatePlan replaces a plan's writable fields and class types.
func (f *Feature) updatePlan(ctx context.Context, id int64, in planInput) (*Plan, error) {
	if err := in.clean(); err != nil {
		return nil, err
	}
	err := f.env.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&Plan{}).Where("id = ?", id).Updates(map[string]any{"name": in.Name, "description": in.Description,
			"price_cents": in.PriceCents, "duration_days": in.DurationDays})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return core.NotFound("membership plan", id)
		}
		return f.setClassTypes(tx, id, in.ClassTypes)
	})
	if err != nil {
		return nil, planWriteError(err, in.Name)
	}
	return f.getPlan(ctx, id)
}

// deletePlan deletes a plan no membership uses.
func (f *Feature) deletePlan(ctx context.Context, id int64) error {
	return f.env.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var found []int64
		if err := tx.Raw("SELECT id FROM membership_plans WHERE id = ?"+core.ForUpdate(f.env.Kind), id).Scan(&found).Error; err != nil {
			return fmt.Errorf("delete membership plan: %w", err)
		}
		if len(found) == 0 {
			return core.NotFound("membership plan", id)
		}
		var used int64
		if err := tx.Raw("SELECT COUNT(*) FROM memberships WHERE plan_id = ?", id).Scan(&used).Error; err != nil {
			return fmt.Errorf("delete membership plan: %w", err)
		}
		if used > 0 {
			return core.Refuse(ErrPlanInUse.Code,
				"membership plan %d is used by %d membership(s), which are payment history; it cannot be deleted", id, used)
		}
		if err := tx.Exec("DELETE FROM membership_plans WHERE id = ?", id).Error; err != nil {
			if errors.Is(err, gorm.ErrForeignKeyViolated) {
				return core.Refuse(ErrPlanInUse.Code, "membership plan %d is used by a membership", id)
			}
			return fmt.Errorf("delete membership plan: %w", err)
		}
		return nil
	})
}
