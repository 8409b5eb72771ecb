package schedules

// The feature's reads, for the index test.
const (
	DueQuery   = dueQuery
	DatesQuery = datesQuery
)
