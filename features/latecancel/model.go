package latecancel

import "time"

// Cutoff sources: a class type's own policy or the configured default.
const (
	SourceClassType = "class_type"
	SourceDefault   = "default"
)

// Decision is what the feature decided when a booked booking was cancelled:
// the cutoff that applied and whether the cancel was late.
type Decision struct {
	BookingID     int64 `gorm:"primaryKey;autoIncrement:false"`
	CustomerID    int64
	ClassTypeID   int64
	CutoffMinutes int
	// Source is SourceClassType or SourceDefault.
	Source string
	// Deadline is the session's start minus the cutoff: a cancel after it
	// is late.
	Deadline    time.Time
	CancelledAt time.Time
	Late        bool
}

// TableName is the decisions table.
func (Decision) TableName() string { return "late_cancel_decisions" }
