package core

import "time"

// Booking statuses. A booking is active (holds a place and counts for every
// per-day or per-interval rule) when booked, attended or no_show.
const (
	StatusBooked        = "booked"
	StatusCancelled     = "cancelled"
	StatusLateCancelled = "late_cancelled"
	StatusAttended      = "attended"
	StatusNoShow        = "no_show"
)

// ActiveStatuses are the statuses that hold a place in a session.
var ActiveStatuses = []string{StatusBooked, StatusAttended, StatusNoShow}

// ActiveSQL is ActiveStatuses as an SQL list, for "status IN "+ActiveSQL:
// a literal, written as the partial indexes' WHERE writes it, so that
// SQLite's planner may use them (it matches the text, not the values).
const ActiveSQL = "('booked', 'attended', 'no_show')"

// AllStatuses lists every booking status.
var AllStatuses = []string{StatusBooked, StatusCancelled, StatusLateCancelled, StatusAttended, StatusNoShow}

// IsActive reports whether a booking in status holds a place.
func IsActive(status string) bool {
	return status == StatusBooked || status == StatusAttended || status == StatusNoShow
}

// Customer is a gym member.
type Customer struct {
	ID        int64
	FirstName string
	LastName  string
	Email     string
	CreatedAt time.Time
}

// ClassType is a kind of class, such as Yoga.
type ClassType struct {
	ID          int64
	Name        string
	Description string
	CreatedAt   time.Time
}

// ClassSession is a class type at a date and time.
type ClassSession struct {
	ID              int64
	ClassTypeID     int64
	StartsAt        time.Time
	DurationMinutes int
	// Capacity is nil for unlimited.
	Capacity  *int
	CreatedAt time.Time
	// BookedCount is the number of active bookings, which database
	// triggers keep; core reads it and never writes it.
	BookedCount int64 `gorm:"->;-:migration"`
}

// Booking is a customer's place in a session.
type Booking struct {
	ID             int64
	CustomerID     int64
	ClassSessionID int64
	Status         string
	CreatedAt      time.Time
	UpdatedAt      time.Time
	CancelledAt    *time.Time
}

// Email is a message in the outbox.
type Email struct {
	ID            int64
	ToAddress     string
	Subject       string
	Kind          string
	BodyText      string
	BodyHTML      string `gorm:"column:body_html"`
	MessageID     string
	Status        string
	Attempts      int
	LastError     string
	NextAttemptAt time.Time
	LockedUntil   *time.Time
	CreatedAt     time.Time
	SentAt        *time.Time
}

// Email statuses.
const (
	EmailPending = "pending"
	EmailSent    = "sent"
	EmailFailed  = "failed"
)
