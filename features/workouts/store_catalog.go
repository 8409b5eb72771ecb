package workouts

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/core"
)

func checkKind(kind string) error {
	if kind != KindStrength && kind != KindCardio {
		return core.Invalid("kind", "must be strength or cardio, got %q", kind)
	}
	return nil
}

// The catalog's and the workouts' refusals, for errors.Is and the routes'
// declarations (api.Refusals); the errors returned name the row.
var (
	ErrNameTaken       = core.Refuse("name_taken", "equipment or an exercise of this name already exists")
	ErrEquipmentInUse  = core.Refuse("equipment_in_use", "exercises use the equipment; delete them or move them first")
	ErrExerciseInUse   = core.Refuse("exercise_in_use", "the exercise has logged sets")
	ErrWorkoutFinished = core.Refuse("workout_finished", "the workout has ended: sets are appended only while it is in progress")
	ErrSetLimit        = core.Refuse("workout_set_limit", "the workout holds the most sets a workout may hold")
)

func nameTaken(what, name string) error {
	return core.Refuse(ErrNameTaken.Code, "%s named %q already exists (names are unique, ignoring case)", what, name)
}

// saveEquipment creates (id 0) or replaces a piece of equipment.
func (f *Feature) saveEquipment(ctx context.Context, id int64, e Equipment) (*Equipment, error) {
	var err error
	if e.Name, err = core.Name("name", e.Name); err != nil {
		return nil, err
	}
	if err := checkKind(e.Kind); err != nil {
		return nil, err
	}
	db := f.env.DB.WithContext(ctx)
	if id == 0 {
		err = db.Create(&e).Error
	} else {
		res := db.Model(&Equipment{}).Where("id = ?", id).Updates(map[string]any{"name": e.Name, "kind": e.Kind})
		if err = res.Error; err == nil && res.RowsAffected == 0 {
			return nil, core.NotFound("equipment", id)
		}
		e.ID = id
	}
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return nil, nameTaken("equipment", e.Name)
	}
	if err != nil {
		return nil, fmt.Errorf("save equipment: %w", err)
	}
	return &e, nil
}

func (f *Feature) getEquipment(ctx context.Context, id int64) (*Equipment, error) {
	var e Equipment
	if err := f.env.DB.WithContext(ctx).Take(&e, id).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, core.NotFound("equipment", id)
		}
		return nil, fmt.Errorf("get equipment: %w", err)
	}
	return &e, nil
}

func (f *Feature) listEquipment(ctx context.Context, kind string, p core.Page) ([]Equipment, bool, error) {
	q := f.env.DB.WithContext(ctx).Model(&Equipment{})
	if kind != "" {
		q = q.Where("kind = ?", kind)
	}
	var rows []Equipment
	if err := q.Order("id").Limit(p.Limit + 1).Offset(p.Offset).Find(&rows).Error; err != nil {
		return nil, false, fmt.Errorf("list equipment: %w", err)
	}
	rows, more := core.Trim(rows, p)
	return rows, more, nil
}

// deleteEquipment deletes equipment no exercise uses.
func (f *Feature) deleteEquipment(ctx context.Context, id int64) error {
	return f.env.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// Locked, so that no exercise starts using it meanwhile (saving an
		// exercise reads its equipment FOR KEY SHARE).
		var ids []int64
		if err := tx.Raw("SELECT id FROM workout_equipment WHERE id = ?"+core.ForUpdate(f.env.Kind), id).Scan(&ids).Error; err != nil {
			return fmt.Errorf("delete equipment: %w", err)
		}
		if len(ids) == 0 {
			return core.NotFound("equipment", id)
		}
		var users []string
		if err := tx.Raw("SELECT name FROM workout_exercises WHERE equipment_id = ? ORDER BY id LIMIT 3", id).
			Scan(&users).Error; err != nil {
			return fmt.Errorf("delete equipment: %w", err)
		}
		if len(users) > 0 {
			return core.Refuse(ErrEquipmentInUse.Code, "equipment %d is used by exercises (%s); delete them or move them to other equipment first",
				id, strings.Join(users, ", "))
		}
		err := tx.Exec("DELETE FROM workout_equipment WHERE id = ?", id).Error
		if errors.Is(err, gorm.ErrForeignKeyViolated) {
			return core.Refuse(ErrEquipmentInUse.Code, "equipment %d is used by an exercise", id)
		}
		if err != nil {
			return fmt.Errorf("delete equipment: %w", err)
		}
		return nil
	})
}

// saveExercise creates (id 0) or replaces an exercise. Its kind cannot
// change while sets use it: they would no longer fit it.
func (f *Feature) saveExercise(ctx context.Context, id int64, e Exercise) (*Exercise, error) {
	var err error
	if e.Name, err = core.Name("name", e.Name); err != nil {
		return nil, err
	}
	if err := checkKind(e.Kind); err != nil {
		return nil, err
	}
	err = f.env.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if e.EquipmentID != nil {
			var ids []int64
			if err := tx.Raw("SELECT id FROM workout_equipment WHERE id = ?"+core.ForKeyShare(f.env.Kind), *e.EquipmentID).
				Scan(&ids).Error; err != nil {
				return err
			}
			if len(ids) == 0 {
				return core.Invalid("equipment", "equipment %d does not exist", *e.EquipmentID)
			}
		}
		if id == 0 {
			return tx.Create(&e).Error
		}
		// Locked, so that no workout adds a set of the old kind meanwhile
		// (workouts read their exercises FOR KEY SHARE).
		var cur []Exercise
		if err := tx.Raw("SELECT * FROM workout_exercises WHERE id = ?"+core.ForUpdate(f.env.Kind), id).Scan(&cur).Error; err != nil {
			return err
		}
		if len(cur) == 0 {
			return core.NotFound("exercise", id)
		}
		if cur[0].Kind != e.Kind {
			var sets int64
			if err := tx.Raw("SELECT COUNT(*) FROM workout_sets WHERE exercise_id = ?", id).Scan(&sets).Error; err != nil {
				return err
			}
			if sets > 0 {
				return core.Refuse(ErrExerciseInUse.Code, "exercise %d (%s) has %d logged set(s); its kind cannot change from %s to %s",
					id, cur[0].Name, sets, cur[0].Kind, e.Kind)
			}
		}
		e.ID = id
		return tx.Model(&Exercise{}).Where("id = ?", id).
			Updates(map[string]any{"name": e.Name, "equipment_id": e.EquipmentID, "kind": e.Kind}).Error
	})
	if err == nil {
		return &e, nil
	}
	if _, refused := core.AsError(err); refused {
		return nil, err
	}
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return nil, nameTaken("an exercise", e.Name)
	}
	return nil, fmt.Errorf("save exercise: %w", err)
}

func (f *Feature) getExercise(ctx context.Context, id int64) (*Exercise, error) {
	var e Exercise
	if err := f.env.DB.WithContext(ctx).Take(&e, id).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, core.NotFound("exercise", id)
		}
		return nil, fmt.Errorf("get exercise: %w", err)
	}
	return &e, nil
}

// exerciseFilter selects exercises; zero values do not filter.
type exerciseFilter struct {
	Kind        string
	EquipmentID int64
}

func (f *Feature) listExercises(ctx context.Context, ef exerciseFilter, p core.Page) ([]Exercise, bool, error) {
	q := f.env.DB.WithContext(ctx).Model(&Exercise{})
	if ef.Kind != "" {
		q = q.Where("kind = ?", ef.Kind)
	}
	if ef.EquipmentID != 0 {
		q = q.Where("equipment_id = ?", ef.EquipmentID)
	}
	var rows []Exercise
	if err := q.Order("id").Limit(p.Limit + 1).Offset(p.Offset).Find(&rows).Error; err != nil {
		return nil, false, fmt.Errorf("list exercises: %w", err)
	}
	rows, more := core.Trim(rows, p)
	return rows, more, nil
}

// deleteExercise deletes an exercise no set uses.
func (f *Feature) deleteExercise(ctx context.Context, id int64) error {
	return f.env.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var names []string
		if err := tx.Raw("SELECT name FROM workout_exercises WHERE id = ?"+core.ForUpdate(f.env.Kind), id).Scan(&names).Error; err != nil {
			return fmt.Errorf("delete exercise: %w", err)
		}
		if len(names) == 0 {
			return core.NotFound("exercise", id)
		}
		var sets int64
		if err := tx.Raw("SELECT COUNT(*) FROM workout_sets WHERE exercise_id = ?", id).Scan(&sets).Error; err != nil {
			return fmt.Errorf("delete exercise: %w", err)
		}
		if sets > 0 {
			return core.Refuse(ErrExerciseInUse.Code, "exercise %d (%s) has %d logged set(s); workouts are history, so it cannot be deleted",
				id, names[0], sets)
		}
		err := tx.Exec("DELETE FROM workout_exercises WHERE id = ?", id).Error
		if errors.Is(err, gorm.ErrForeignKeyViolated) {
			return core.Refuse(ErrExerciseInUse.Code, "exercise %d (%s) has logged sets", id, names[0])
		}
		if err != nil {
			return fmt.Errorf("delete exercise: %w", err)
		}
		return nil
	})
}
