package premium

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/core"
)

func (f *Feature) createMembership(ctx context.Context, in membershipInput) (*Membership, error) {
	now := f.env.Timestamp()
	r, err := in.validate(now)
	if err != nil {
		return nil, err
	}
	var m *Membership
	err = f.env.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := f.resolve(tx, r); err != nil {
			return err
		}
		var cancelledAt *time.Time
		if r.Status == StatusCancelled {
			cancelledAt = &now
		}
		m = r.membership(0, now, cancelledAt)
		return tx.Create(m).Error
	})
	if err != nil {
		return nil, membershipWriteError(err)
	}
	return m, nil
}

// membershipWriteError maps a failed membership write to the API's answer.
func membershipWriteError(err error) error {
	if _, ok := core.AsError(err); ok {
		return err
	}
	if errors.Is(err, gorm.ErrForeignKeyViolated) {
		return core.Invalid("customer", "the customer or the plan no longer exists")
	}
	return fmt.Errorf("write membership: %w", err)
}

// getMembership returns one membership; a customer's own only
// (core.OwnerOf), another's is not found.
func (f *Feature) getMembership(ctx context.Context, id int64) (*Membership, error) {
	return f.findMembership(f.env.DB.WithContext(ctx), id, core.OwnerOf(ctx), "")
}

// findMembership reads a membership (with lock, a row-lock suffix or "").
// owner, when not 0, is the only customer whose membership it finds; the
// condition is left out for 0 rather than written "? = 0 OR", which
// PostgreSQL would type int4.
func (f *Feature) findMembership(db *gorm.DB, id, owner int64, lock string) (*Membership, error) {
	q, args := "SELECT * FROM memberships WHERE id = ?", []any{id}
	if owner != 0 {
		q, args = q+" AND customer_id = ?", append(args, owner)
	}
	var rows []Membership
	if err := db.Raw(q+lock, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("get membership: %w", err)
	}
	if len(rows) == 0 {
		return nil, core.NotFound("membership", id)
	}
	return &rows[0], nil
}

// membershipFilter selects memberships; zero values do not filter.
type membershipFilter struct {
	CustomerID int64
	PlanID     int64
	Status     string
	// ActiveOn keeps active memberships covering that date.
	ActiveOn core.Date
}

// listMemberships returns memberships by id. A customer lists her own
// alone: the customer filter then narrows within them.
func (f *Feature) listMemberships(ctx context.Context, mf membershipFilter, p core.Page) ([]Membership, bool, error) {
	q := f.env.DB.WithContext(ctx).Model(&Membership{})
	if owner := core.OwnerOf(ctx); owner != 0 {
		q = q.Where("customer_id = ?", owner)
	}
	if mf.CustomerID != 0 {
		q = q.Where("customer_id = ?", mf.CustomerID)
	}
	if mf.PlanID != 0 {
		q = q.Where("plan_id = ?", mf.PlanID)
	}
	if mf.Status != "" {
		q = q.Where("status = ?", mf.Status)
	}
	if mf.ActiveOn != "" {
		q = q.Where("status = ? AND starts_on <= ? AND ends_on >= ?", StatusActive, mf.ActiveOn, mf.ActiveOn)
	}
	var rows []Membership
	if err := q.Order("id").Limit(p.Limit + 1).Offset(p.Offset).Find(&rows).Error; err != nil {
		return nil, false, fmt.Errorf("list memberships: %w", err)
	}
	rows, more := core.Trim(rows, p)
	return rows, more, nil
}

// updateMembership replaces a membership's writable fields. cancelled_at is
// set when it becomes cancelled, cleared when it becomes active again.
func (f *Feature) updateMembership(ctx context.Context, id int64, in membershipInput) (*Membership, error) {
	now := f.env.Timestamp()
	r, err := in.validate(now)
	if err != nil {
		return nil, err
	}
	var m *Membership
	err = f.env.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		cur, err := f.findMembership(tx, id, core.OwnerOf(ctx), core.ForUpdate(f.env.Kind))
		if err != nil {
			return err
		}
		if err := f.resolve(tx, r); err != nil {
			return err
		}
		cancelledAt := cur.CancelledAt
		switch {
		case r.Status == StatusActive:
			cancelledAt = nil
		case cur.Status == StatusActive:
			cancelledAt = &now
		}
		m = r.membership(id, cur.CreatedAt, cancelledAt)
		return tx.Exec(`UPDATE memberships SET customer_id = ?, plan_id = ?, starts_on = ?, ends_on = ?, status = ?,
			amount_paid_cents = ?, payment_method = ?, paid_at = ?, cancelled_at = ? WHERE id = ?`,
			m.CustomerID, m.PlanID, m.StartsOn, m.EndsOn, m.Status, m.AmountPaidCents, m.PaymentMethod, m.PaidAt,
			m.CancelledAt, id).Error
	})
	if err != nil {
		return nil, membershipWriteError(err)
	}
	return m, nil
}

// cancelMembership cancels an active membership; a cancelled one is
// returned unchanged.
func (f *Feature) cancelMembership(ctx context.Context, id int64) (*Membership, error) {
	now := f.env.Timestamp()
	res := f.env.DB.WithContext(ctx).Exec("UPDATE memberships SET status = ?, cancelled_at = ? WHERE id = ? AND status = ?",
		StatusCancelled, now, id, StatusActive)
	if res.Error != nil {
		return nil, fmt.Errorf("cancel membership: %w", res.Error)
	}
	return f.getMembership(ctx, id)
}

func (f *Feature) deleteMembership(ctx context.Context, id int64) error {
	res := f.env.DB.WithContext(ctx).Exec("DELETE FROM memberships WHERE id = ?", id)
	if res.Error != nil {
		return fmt.Errorf("delete membership: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return core.NotFound("membership", id)
	}
	return nil
}
