package premium

import (
	"time"

	"github.com/gymtastic/gymtastic/core"
)

// Membership statuses.
const (
	StatusActive    = "active"
	StatusCancelled = "cancelled"
)

// PaymentCash is the only payment method: memberships are paid in cash at
// the front desk, and the system only records it.
const PaymentCash = "cash"

// Mark says a class type is premium: booking it needs a membership.
type Mark struct {
	ClassTypeID int64 `gorm:"primaryKey;autoIncrement:false"`
	CreatedAt   time.Time
}

// TableName is the marks table.
func (Mark) TableName() string { return "premium_class_types" }

// Plan is a membership plan: what it costs, how long it lasts and which
// premium class types it unlocks.
type Plan struct {
	ID           int64
	Name         string
	Description  string
	PriceCents   int64
	DurationDays int
	CreatedAt    time.Time
	// ClassTypes are the premium class types it unlocks, ascending; kept in
	// membership_plan_class_types.
	ClassTypes []int64 `gorm:"-"`
}

// TableName is the plans table.
func (Plan) TableName() string { return "membership_plans" }

// Membership records that a customer paid for a plan, for the gym-local
// days StartsOn to EndsOn inclusive.
type Membership struct {
	ID              int64
	CustomerID      int64
	PlanID          int64
	StartsOn        core.Date
	EndsOn          core.Date
	Status          string
	AmountPaidCents int64
	PaymentMethod   string
	PaidAt          time.Time
	CreatedAt       time.Time
	// CancelledAt is when the status became cancelled; nil while active.
	CancelledAt *time.Time
}

// TableName is the memberships table.
func (Membership) TableName() string { return "memberships" }
