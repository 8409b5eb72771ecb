package waitlist

import "time"

// Entry statuses. expired is not stored: a waiting entry reads as expired
// once its session has started.
const (
	StatusWaiting  = "waiting"
	StatusPromoted = "promoted"
	StatusLeft     = "left"
	StatusSkipped  = "skipped"
	StatusExpired  = "expired"
)

// Statuses lists every status an entry reads as.
var Statuses = []string{StatusWaiting, StatusPromoted, StatusLeft, StatusSkipped, StatusExpired}

// Entry is a customer's place on a session's waitlist.
type Entry struct {
	ID             int64
	CustomerID     int64
	ClassSessionID int64
	Status         string
	BookingID      *int64
	Reason         *string
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// TableName is the waitlist's table.
func (Entry) TableName() string { return "waitlist_entries" }

// entryRow is an entry as read for the API: its status as it reads now
// (expired once the session started) and its position while waiting.
type entryRow struct {
	Entry
	Position *int64
}
