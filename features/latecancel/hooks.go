package latecancel

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/core"
)

// BeforeCancel applies the rule inside core's cancel transaction (customer,
// session and booking locked): the cutoff is the session's class type's
// policy, or the default; a cancel after starts_at minus the cutoff makes the
// booking late_cancelled. It is never refused for being late. The decision
// is recorded with the booking in the same transaction.
func (f *Feature) BeforeCancel(ctx context.Context, tx *gorm.DB, c *core.CancelContext) error {
	cutoff, source, err := f.cutoffFor(ctx, tx, c.Session.ClassTypeID)
	if err != nil {
		return err
	}
	deadline := c.Session.StartsAt.UTC().Add(-time.Duration(cutoff) * time.Minute)
	late := IsLate(c.Now, c.Session.StartsAt, cutoff)
	if late {
		c.NewStatus = core.StatusLateCancelled
	}
	d := &Decision{BookingID: c.Booking.ID, CustomerID: c.Customer.ID, ClassTypeID: c.Session.ClassTypeID,
		CutoffMinutes: cutoff, Source: source, Deadline: deadline, CancelledAt: c.Now.UTC(), Late: late}
	if err := tx.WithContext(ctx).Create(d).Error; err != nil {
		return fmt.Errorf("late cancels: record decision: %w", err)
	}
	return nil
}

// IsLate reports whether a cancel at now, for a session starting at
// startsAt, is late under a cutoff in minutes: strictly less than the
// cutoff before the start. A cancel exactly cutoff minutes before is on
// time; a cutoff of 0 is never late (core refuses cancels after the start).
func IsLate(now, startsAt time.Time, cutoffMinutes int) bool {
	return now.After(startsAt.Add(-time.Duration(cutoffMinutes) * time.Minute))
}

// cutoffFor returns the cutoff of a class type and where it comes from, in
// one primary-key read of late_cancel_policies.
func (f *Feature) cutoffFor(ctx context.Context, tx *gorm.DB, classTypeID int64) (int, string, error) {
	var minutes []int
	if err := tx.WithContext(ctx).Raw("SELECT cutoff_minutes FROM late_cancel_policies WHERE class_type_id = ?",
		classTypeID).Scan(&minutes).Error; err != nil {
		return 0, "", fmt.Errorf("late cancels: read policy: %w", err)
	}
	if len(minutes) == 0 {
		return f.cfg.DefaultCutoffMinutes, SourceDefault, nil
	}
	return minutes[0], SourceClassType, nil
}
