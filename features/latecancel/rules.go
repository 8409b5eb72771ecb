package latecancel

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/core"
)

// The rule: a cancel less than the cutoff before the session starts makes
// the booking late_cancelled. The cutoff is the class type's policy, or
// default_cutoff_minutes; a late cancel is never refused. Every decision
// is recorded with the cancel, in its transaction.

// policyQuery reads the cutoff of a session's class type's policy: two
// primary-key lookups, no row when the class type has no policy.
const policyQuery = `SELECT p.cutoff_minutes FROM class_sessions s
	JOIN late_cancel_policies p ON p.class_type_id = s.class_type_id WHERE s.id = ?`

// BeforeCancel reads the session's policy and decides whether the cancel
// is late.
func (f *Feature) BeforeCancel(c *core.CancelContext) core.Check {
	var policy sql.NullInt64 // NULL: no policy
	read := core.ReadValue(policyQuery, []any{c.Session.ID}, &policy)
	return core.Check{Reads: []*core.Read{read}, Decide: func(ctx context.Context, tx *gorm.DB) error {
		cutoff, source := f.cfg.DefaultCutoffMinutes, SourceDefault
		if policy.Valid {
			cutoff, source = int(policy.Int64), SourceClassType
		}
		late := IsLate(c.Now, c.Session.StartsAt, cutoff)
		if late {
			c.NewStatus = core.StatusLateCancelled
		}
		d := &Decision{BookingID: c.Booking.ID, CustomerID: c.Customer.ID, ClassTypeID: c.Session.ClassTypeID,
			CutoffMinutes: cutoff, Source: source, Deadline: c.Session.StartsAt.UTC().Add(-time.Duration(cutoff) * time.Minute),
			CancelledAt: c.Now.UTC(), Late: late}
		if err := tx.WithContext(ctx).Create(d).Error; err != nil {
			return fmt.Errorf("late cancels: record decision: %w", err)
		}
		return nil
	}}
}

// IsLate reports whether a cancel at now, for a session starting at
// startsAt, is late under a cutoff in minutes: strictly less than the
// cutoff before the start. A cancel exactly cutoff minutes before is on
// time; a cutoff of 0 is never late (core refuses cancels after the start).
func IsLate(now, startsAt time.Time, cutoffMinutes int) bool {
	return now.After(startsAt.Add(-time.Duration(cutoffMinutes) * time.Minute))
}
