package bookingwindow

import "time"

// Window sources: a class type's own window or the configured default.
const (
	SourceClassType = "class_type"
	SourceDefault   = "default"
)

// Segment is a priority segment: its customers may book opens_days_before
// days before a session starts, when that is earlier than the class
// type's window.
type Segment struct {
	ID              int64
	Name            string
	OpensDaysBefore int
	CreatedAt       time.Time
	// Customers are its customers' ids, ascending; kept in
	// booking_segment_customers.
	Customers []int64 `gorm:"-"`
}

// TableName is the segments table.
func (Segment) TableName() string { return "booking_segments" }
