package milestones

import "time"

// Milestone is an attendance goal: SessionCount active bookings created
// within Interval.
type Milestone struct {
	ID   int64
	Name string
	// Interval is the canonical ISO 8601 duration (column period:
	// "interval" is a reserved word in SQL).
	Interval     string `gorm:"column:period"`
	SessionCount int
	Active       bool
	CreatedAt    time.Time
}

// TableName is the milestones table.
func (Milestone) TableName() string { return "milestones" }

// Achievement records that a customer reached a milestone with a booking.
type Achievement struct {
	ID          int64
	MilestoneID int64
	CustomerID  int64
	// BookingID is the booking that crossed the milestone; nil once that
	// booking is gone (its session was deleted).
	BookingID *int64
	// EmailID is the congratulatory email in the outbox.
	EmailID *int64
	// BookingCount is the customer's active bookings in the interval when
	// the milestone was reached.
	BookingCount int
	AchievedAt   time.Time
}

// TableName is the achievements table.
func (Achievement) TableName() string { return "milestone_achievements" }
