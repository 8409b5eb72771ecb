package schedules

import (
	"database/sql/driver"
	"fmt"
	"strings"
	"time"
)

// Schedule is a class schedule's row.
type Schedule struct {
	ID          int64
	ClassTypeID int64
	// Weekdays is the days, comma-separated in the week's order from
	// Monday: "mon,wed".
	Weekdays        string
	StartTime       string // "18:30", gym-local
	DurationMinutes int
	Capacity        *int
	StartsOn        Date
	EndsOn          *Date
	Active          bool
	// GeneratedUntil is the first local date not yet made; nil when the
	// schedule makes no more (inactive, or past ends_on).
	GeneratedUntil *Date
	CreatedAt      time.Time
}

// TableName is the schedules' table.
func (Schedule) TableName() string { return "class_schedules" }

// Occurrence is a date a schedule has dealt with: its session, or none
// (skipped, or the session deleted), never made again.
type Occurrence struct {
	ScheduleID int64 `gorm:"primaryKey;autoIncrement:false"`
	LocalDate  Date  `gorm:"primaryKey"`
	SessionID  *int64
	Skipped    bool
}

// TableName is the occurrences' table.
func (Occurrence) TableName() string { return "class_schedule_occurrences" }

// weekdayNames are the API's names of the days, indexed by time.Weekday.
var weekdayNames = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// weekdaySet is the days of a schedule, by time.Weekday.
type weekdaySet [7]bool

func (w weekdaySet) String() string {
	var out []string
	for i := 1; i <= 7; i++ { // Monday first, Sunday last
		if d := time.Weekday(i % 7); w[d] {
			out = append(out, weekdayNames[d])
		}
	}
	return strings.Join(out, ",")
}

// list is the days as the API shows them, Monday first.
func (w weekdaySet) list() []string {
	if s := w.String(); s != "" {
		return strings.Split(s, ",")
	}
	return []string{}
}

// parseWeekdays reads a stored weekdays column.
func parseWeekdays(s string) weekdaySet {
	var w weekdaySet
	for _, name := range strings.Split(s, ",") {
		for d, n := range weekdayNames {
			if n == name {
				w[d] = true
			}
		}
	}
	return w
}

// Date is a gym-local calendar date, "2006-01-02", stored in a DATE column
// and bound as that text, so that it compares alike on both databases.
type Date string

// dateOf is the gym-local date of the instant t.
func dateOf(t time.Time, loc *time.Location) Date { return Date(t.In(loc).Format(time.DateOnly)) }

// civil is the date at midnight UTC, for calendar arithmetic.
func (d Date) civil() time.Time {
	t, _ := time.Parse(time.DateOnly, string(d))
	return t
}

// AddDays returns the date n days later.
func (d Date) AddDays(n int) Date { return Date(d.civil().AddDate(0, 0, n).Format(time.DateOnly)) }

// Value binds the date as its text.
func (d Date) Value() (driver.Value, error) { return string(d), nil }

// Scan reads a DATE column: a time.Time at midnight UTC, or text.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		*d = Date(v.Format(time.DateOnly))
	case string:
		*d = Date(v[:min(len(v), len(time.DateOnly))])
	case []byte:
		*d = Date(string(v[:min(len(v), len(time.DateOnly))]))
	default:
		return fmt.Errorf("schedules: cannot scan %T into a date", src)
	}
	return nil
}

// later is the later of two dates.
func later(a, b Date) Date {
	if a > b {
		return a
	}
	return b
}
