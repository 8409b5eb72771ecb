package latecancel

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/core"
)

// policyRead names the cancel-side read of the session's class type's
// cutoff: the policy's minutes, or noPolicy when it has none.
const (
	policyRead = "late_cancels.cutoff"
	noPolicy   = -1 // cutoffs are 0 to MaxCutoffMinutes
)

// ReadForCancel reads the class type's policy along with core's read of
// the locked rows (core.CancelReader), so the rule costs no round trip of
// its own.
func (f *Feature) ReadForCancel(*core.CancelContext) []core.BookRead {
	return []core.BookRead{{Name: policyRead, SQL: "COALESCE((SELECT p.cutoff_minutes FROM late_cancel_policies p " +
		"WHERE p.class_type_id = s.class_type_id), ?)", Args: []any{noPolicy}}}
}

// BeforeCancel applies the rule inside core's cancel transaction (customer,
// session and booking locked): the cutoff is the session's class type's
// policy, or the default; a cancel after starts_at minus the cutoff makes the
// booking late_cancelled. It is never refused for being late. The decision
// is recorded with the booking in the same transaction.
func (f *Feature) BeforeCancel(ctx context.Context, tx *gorm.DB, c *core.CancelContext) error {
	cutoff, source, err := f.cutoff(c)
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

// cutoff returns the cutoff that applies to c's session and where it comes
// from, as ReadForCancel had core read it.
func (f *Feature) cutoff(c *core.CancelContext) (int, string, error) {
	v, ok := c.Value(policyRead)
	switch {
	case !ok:
		return 0, "", fmt.Errorf("late cancels: booking %d: core did not read the policy (ReadForCancel)", c.Booking.ID)
	case v == noPolicy:
		return f.cfg.DefaultCutoffMinutes, SourceDefault, nil
	default:
		return int(v), SourceClassType, nil
	}
}
