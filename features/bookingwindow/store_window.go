package bookingwindow

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/core"
)

// classTypeWindow returns the window that applies to a class type, in one
// query; 404 for an unknown class type.
func (f *Feature) classTypeWindow(ctx context.Context, classTypeID int64) (settings, error) {
	var rows []struct {
		ID                  int64
		OpensDaysBefore     sql.NullInt64
		ClosesMinutesBefore sql.NullInt64
	}
	if err := f.env.DB.WithContext(ctx).Raw(`SELECT ct.id, p.opens_days_before, p.closes_minutes_before FROM class_types ct
		LEFT JOIN booking_window_policies p ON p.class_type_id = ct.id WHERE ct.id = ?`, classTypeID).
		Scan(&rows).Error; err != nil {
		return settings{}, fmt.Errorf("get booking window: %w", err)
	}
	if len(rows) == 0 {
		return settings{}, core.NotFound("class type", classTypeID)
	}
	return f.settingsOf(rows[0].OpensDaysBefore, rows[0].ClosesMinutesBefore), nil
}

// setClassTypeWindow creates or replaces a class type's window in one
// atomic statement (an upsert of the row, only if the class type exists).
func (f *Feature) setClassTypeWindow(ctx context.Context, classTypeID int64, opens, closes int) (settings, error) {
	if key, problem := checkWindow(opens, closes); problem != "" {
		return settings{}, core.Invalid(key, "%s", problem)
	}
	now := f.env.Timestamp()
	res := f.env.DB.WithContext(ctx).Exec(`INSERT INTO booking_window_policies
			(class_type_id, opens_days_before, closes_minutes_before, created_at, updated_at)
		SELECT id, ?, ?, ?, ? FROM class_types WHERE id = ?
		ON CONFLICT (class_type_id) DO UPDATE SET opens_days_before = excluded.opens_days_before,
			closes_minutes_before = excluded.closes_minutes_before, updated_at = excluded.updated_at`,
		opens, closes, now, now, classTypeID)
	if res.Error != nil {
		// The class type was deleted while the window was being written.
		if errors.Is(res.Error, gorm.ErrForeignKeyViolated) {
			return settings{}, core.NotFound("class type", classTypeID)
		}
		return settings{}, fmt.Errorf("set booking window: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return settings{}, core.NotFound("class type", classTypeID)
	}
	return settings{opens, closes, SourceClassType}, nil
}

// resetClassTypeWindow deletes a class type's window, returning it to the
// default. Resetting a class type that has none is not an error.
func (f *Feature) resetClassTypeWindow(ctx context.Context, classTypeID int64) error {
	res := f.env.DB.WithContext(ctx).Exec("DELETE FROM booking_window_policies WHERE class_type_id = ?", classTypeID)
	if res.Error != nil {
		return fmt.Errorf("reset booking window: %w", res.Error)
	}
	if res.RowsAffected > 0 {
		return nil
	}
	var ids []int64
	if err := f.env.DB.WithContext(ctx).Raw("SELECT id FROM class_types WHERE id = ?", classTypeID).Scan(&ids).Error; err != nil {
		return fmt.Errorf("reset booking window: %w", err)
	}
	if len(ids) == 0 {
		return core.NotFound("class type", classTypeID)
	}
	return nil
}

// sessionWindow is a session's window for a customer (0: for a customer in
// no segment), read in one query made of the rule's own reads, so that it
// says what a booking would be judged by. 404 for an unknown session, 422
// naming customer for an unknown customer.
func (f *Feature) sessionWindow(ctx context.Context, sessionID, customerID int64) (window, error) {
	var rows []struct {
		StartsAt               time.Time
		Opens, Closes, Segment sql.NullInt64
		CustomerID             sql.NullInt64
	}
	if err := f.env.DB.WithContext(ctx).Raw(`SELECT s.starts_at, (`+policyOpensQuery+`) AS opens, (`+policyClosesQuery+`) AS closes,
			(`+segmentQuery+`) AS segment, (SELECT id FROM customers WHERE id = ?) AS customer_id
		FROM class_sessions s WHERE s.id = ?`, sessionID, sessionID, customerID, customerID, sessionID).
		Scan(&rows).Error; err != nil {
		return window{}, fmt.Errorf("get session's booking window: %w", err)
	}
	switch {
	case len(rows) == 0:
		return window{}, core.NotFound("class session", sessionID)
	case customerID != 0 && !rows[0].CustomerID.Valid:
		return window{}, core.Invalid("customer", "customer %d does not exist", customerID)
	}
	r := rows[0]
	return windowOf(r.StartsAt, f.env.Location, f.settingsOf(r.Opens, r.Closes), r.Segment), nil
}
