package premium

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/core"
)

// ErrClassTypeInUse refuses un-marking a class type that plans still list.
var ErrClassTypeInUse = core.Refuse("premium_class_type_in_use",
	"membership plans still include the class type; remove it from them first")

// notPremium is the 404 for a class type that is not marked premium.
func notPremium(classType int64) *core.Error {
	return &core.Error{Status: http.StatusNotFound, Code: "not_found",
		Detail: fmt.Sprintf("class type %d is not premium (or does not exist)", classType)}
}

// mark makes a class type premium and reports whether it was not already;
// 422 naming class_type when the class type does not exist.
func (f *Feature) mark(ctx context.Context, classType int64) (*Mark, bool, error) {
	res := f.env.DB.WithContext(ctx).Exec(`INSERT INTO premium_class_types (class_type_id, created_at)
		SELECT id, ? FROM class_types WHERE id = ? ON CONFLICT (class_type_id) DO NOTHING`, f.env.Timestamp(), classType)
	if res.Error != nil && !errors.Is(res.Error, gorm.ErrForeignKeyViolated) {
		return nil, false, fmt.Errorf("mark premium: %w", res.Error)
	}
	m, err := f.getMark(ctx, classType)
	if err != nil {
		if e, ok := core.AsError(err); ok && e.Status == http.StatusNotFound {
			return nil, false, core.Invalid("class_type", "class type %d does not exist", classType)
		}
		return nil, false, err
	}
	return m, res.Error == nil && res.RowsAffected == 1, nil
}

func (f *Feature) getMark(ctx context.Context, classType int64) (*Mark, error) {
	var rows []Mark
	if err := f.env.DB.WithContext(ctx).Where("class_type_id = ?", classType).Limit(1).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("get premium mark: %w", err)
	}
	if len(rows) == 0 {
		return nil, notPremium(classType)
	}
	return &rows[0], nil
}

func (f *Feature) listMarks(ctx context.Context, p core.Page) ([]Mark, bool, error) {
	var rows []Mark
	if err := f.env.DB.WithContext(ctx).Order("class_type_id").Limit(p.Limit + 1).Offset(p.Offset).Find(&rows).Error; err != nil {
		return nil, false, fmt.Errorf("list premium class types: %w", err)
	}
	rows, more := core.Trim(rows, p)
	return rows, more, nil
}

// unmark opens a class type to everyone again; 409 while plans list it.
func (f *Feature) unmark(ctx context.Context, classType int64) error {
	return f.env.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var found []int64
		if err := tx.Raw("SELECT class_type_id FROM premium_class_types WHERE class_type_id = ?"+core.ForUpdate(f.env.Kind), classType).
			Scan(&found).Error; err != nil {
			return fmt.Errorf("unmark premium: %w", err)
		}
		if len(found) == 0 {
			return notPremium(classType)
		}
		var plans []struct {
			ID   int64
			Name string
		}
		if err := tx.Raw(`SELECT p.id, p.name FROM membership_plan_class_types pc JOIN membership_plans p ON p.id = pc.plan_id
			WHERE pc.class_type_id = ? ORDER BY p.id`, classType).Scan(&plans).Error; err != nil {
			return fmt.Errorf("unmark premium: %w", err)
		}
		if len(plans) > 0 {
			names := make([]string, len(plans))
			for i, p := range plans {
				names[i] = fmt.Sprintf("%d (%q)", p.ID, p.Name)
			}
			return core.Refuse(ErrClassTypeInUse.Code,
				"class type %d is included in membership plan(s) %s; remove it from them (PATCH class_types) before un-marking it",
				classType, strings.Join(names, ", "))
		}
		if err := tx.Exec("DELETE FROM premium_class_types WHERE class_type_id = ?", classType).Error; err != nil {
			if errors.Is(err, gorm.ErrForeignKeyViolated) {
				return core.Refuse(ErrClassTypeInUse.Code, "class type %d is included in a membership plan", classType)
			}
			return fmt.Errorf("unmark premium: %w", err)
		}
		return nil
	})
}
