package premium

import (
	"time"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/core"
)

// MaxAmountCents bounds amount_paid_cents, as MaxPriceCents bounds prices.
const MaxAmountCents = MaxPriceCents

// clockSkew is how far in the future paid_at may be: the client's clock
// may run a little ahead of the server's.
const clockSkew = time.Minute

// membershipInput is a membership's writable fields; nil means "the
// default".
type membershipInput struct {
	CustomerID      int64
	PlanID          int64
	StartsOn        string
	EndsOn          *string
	Status          string
	AmountPaidCents int64
	PaymentMethod   string
	PaidAt          *time.Time
}

// membershipRow is a validated membership to write.
type membershipRow struct {
	CustomerID      int64
	PlanID          int64
	StartsOn        core.Date
	EndsOn          core.Date
	Status          string
	AmountPaidCents int64
	PaymentMethod   string
	PaidAt          time.Time
}

// validate checks the fields that need no database, naming the field at
// fault; ends_on is left empty when it takes the plan's default.
func (in *membershipInput) validate(now time.Time) (*membershipRow, error) {
	r := &membershipRow{CustomerID: in.CustomerID, PlanID: in.PlanID, Status: in.Status,
		AmountPaidCents: in.AmountPaidCents, PaymentMethod: in.PaymentMethod, PaidAt: now}
	var p core.Problems // every problem at once; ParseDate and CheckTime return only validation errors
	var err error
	if r.CustomerID < 1 {
		p.Add("customer", "customer %d does not exist", r.CustomerID)
	}
	if r.PlanID < 1 {
		p.Add("plan", "membership plan %d does not exist", r.PlanID)
	}
	r.StartsOn, err = core.ParseCalendarDate("starts_on", in.StartsOn)
	_ = p.Check(err)
	startsOK := err == nil
	if in.EndsOn != nil {
		if r.EndsOn, err = core.ParseCalendarDate("ends_on", *in.EndsOn); err != nil {
			_ = p.Check(err)
		} else if startsOK && r.EndsOn < r.StartsOn {
			p.Add("ends_on", "%s is before starts_on %s", r.EndsOn, r.StartsOn)
		}
	}
	if r.Status == "" {
		r.Status = StatusActive
	}
	if r.Status != StatusActive && r.Status != StatusCancelled {
		p.Add("status", "must be active or cancelled")
	}
	if r.AmountPaidCents < 0 || r.AmountPaidCents > MaxAmountCents {
		p.Add("amount_paid_cents", "must be between 0 and %d", int64(MaxAmountCents))
	}
	if r.PaymentMethod == "" {
		r.PaymentMethod = PaymentCash
	}
	if r.PaymentMethod != PaymentCash {
		p.Add("payment_method", "must be cash: memberships are paid in cash at the front desk")
	}
	if in.PaidAt != nil {
		r.PaidAt = in.PaidAt.UTC().Truncate(time.Microsecond)
		switch err := core.CheckTime("paid_at", *in.PaidAt); {
		case err != nil:
			_ = p.Check(err)
		case r.PaidAt.After(now.Add(clockSkew)):
			p.Add("paid_at", "must not be in the future")
		case r.PaidAt.Year() < 1900: // an instant, not a gym-local date: it only keeps out mistyped years
			p.Add("paid_at", "must not be before 1900-01-01T00:00:00Z")
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return r, nil
}

// resolve checks, in tx, that the customer and the plan exist (locking
// them against deletion until commit on PostgreSQL) and fills ends_on's
// default: starts_on + duration_days - 1.
func (f *Feature) resolve(tx *gorm.DB, r *membershipRow) error {
	var customers []int64
	if err := tx.Raw("SELECT id FROM customers WHERE id = ?"+core.ForKeyShare(f.env.Kind), r.CustomerID).
		Scan(&customers).Error; err != nil {
		return err
	}
	if len(customers) == 0 {
		return core.Invalid("customer", "customer %d does not exist", r.CustomerID)
	}
	var durations []int
	if err := tx.Raw("SELECT duration_days FROM membership_plans WHERE id = ?"+core.ForKeyShare(f.env.Kind), r.PlanID).
		Scan(&durations).Error; err != nil {
		return err
	}
	if len(durations) == 0 {
		return core.Invalid("plan", "membership plan %d does not exist", r.PlanID)
	}
	if r.EndsOn == "" {
		r.EndsOn = r.StartsOn.AddDays(durations[0] - 1)
		if r.EndsOn > core.MaxDate {
			return core.Invalid("ends_on", "starts_on + the plan's duration_days - 1 is %s, after %s", r.EndsOn, core.MaxDate)
		}
	}
	return nil
}

// membership is the row to write, with the fields the input does not give.
func (r *membershipRow) membership(id int64, createdAt time.Time, cancelledAt *time.Time) *Membership {
	return &Membership{ID: id, CustomerID: r.CustomerID, PlanID: r.PlanID, StartsOn: r.StartsOn, EndsOn: r.EndsOn,
		Status: r.Status, AmountPaidCents: r.AmountPaidCents, PaymentMethod: r.PaymentMethod, PaidAt: r.PaidAt,
		CreatedAt: createdAt, CancelledAt: cancelledAt}
}
