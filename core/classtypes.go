package core

import (
	"context"
	"errors"
	"fmt"

	"golang.org/x/text/unicode/norm"
	"gorm.io/gorm"
)

// ClassTypeInput is a class type's writable fields.
type ClassTypeInput struct {
	Name        string
	Description string
}

func (in *ClassTypeInput) clean() error {
	var err error
	if in.Name, err = Name("name", in.Name); err != nil {
		return err
	}
	in.Description, err = cleanText("description", in.Description)
	return err
}

// CreateClassType adds a class type. Names are unique ignoring case.
func (s *Service) CreateClassType(ctx context.Context, in ClassTypeInput) (*ClassType, error) {
	if err := in.clean(); err != nil {
		return nil, err
	}
	name := in.Name
	ct := &ClassType{Name: name, Description: in.Description, CreatedAt: s.Now()}
	if err := s.db.WithContext(ctx).Create(ct).Error; err != nil {
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			return nil, Refuse("name_taken", "a class type named %q already exists", name)
		}
		return nil, fmt.Errorf("create class type: %w", err)
	}
	return ct, nil
}

// GetClassType returns one class type.
func (s *Service) GetClassType(ctx context.Context, id int64) (*ClassType, error) {
	var ct ClassType
	if err := s.db.WithContext(ctx).Take(&ct, id).Error; err != nil {
		if isNotFound(err) {
			return nil, NotFound("class type", id)
		}
		return nil, fmt.Errorf("get class type: %w", err)
	}
	return &ct, nil
}

// ClassTypeFilter selects class types in ListClassTypes.
type ClassTypeFilter struct {
	// Name matches ignoring case and Unicode normalisation (NFC, as
	// stored).
	Name string
}

// ListClassTypes lists class types by id.
func (s *Service) ListClassTypes(ctx context.Context, f ClassTypeFilter, p Page) ([]ClassType, bool, error) {
	q := s.db.WithContext(ctx).Model(&ClassType{})
	if f.Name != "" {
		q = q.Where("lower(name) = lower(?)", norm.NFC.String(f.Name))
	}
	var rows []ClassType
	if err := p.window(q.Order("id")).Find(&rows).Error; err != nil {
		return nil, false, fmt.Errorf("list class types: %w", err)
	}
	rows, more := trim(rows, p)
	return rows, more, nil
}

// UpdateClassType replaces a class type's writable fields.
func (s *Service) UpdateClassType(ctx context.Context, id int64, in ClassTypeInput) (*ClassType, error) {
	if err := in.clean(); err != nil {
		return nil, err
	}
	name := in.Name
	res := s.db.WithContext(ctx).Model(&ClassType{}).Where("id = ?", id).
		Updates(map[string]any{"name": name, "description": in.Description})
	if res.Error != nil {
		if errors.Is(res.Error, gorm.ErrDuplicatedKey) {
			return nil, Refuse("name_taken", "a class type named %q already exists", name)
		}
		return nil, fmt.Errorf("update class type: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return nil, NotFound("class type", id)
	}
	return s.GetClassType(ctx, id)
}

// DeleteClassType deletes a class type that has no sessions.
func (s *Service) DeleteClassType(ctx context.Context, id int64) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		found, err := s.lockRow(tx, "class_types", id)
		if err != nil {
			return fmt.Errorf("delete class type: %w", err)
		}
		if !found {
			return NotFound("class type", id)
		}
		var sessions int64
		if err := tx.Raw("SELECT COUNT(*) FROM class_sessions WHERE class_type_id = ?", id).Scan(&sessions).Error; err != nil {
			return fmt.Errorf("delete class type: %w", err)
		}
		if sessions > 0 {
			return Refuse("class_type_in_use", "class type %d has %d session(s); delete them first", id, sessions)
		}
		if err := tx.Exec("DELETE FROM class_types WHERE id = ?", id).Error; err != nil {
			if isForeignKeyViolation(err) {
				return Refuse("class_type_in_use", "class type %d is referenced by other records; it cannot be deleted", id)
			}
			return fmt.Errorf("delete class type: %w", err)
		}
		return nil
	})
}
