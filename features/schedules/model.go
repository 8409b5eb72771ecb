package schedules

import (
	"strings"
	"time"

	"github.com/gymtastic/gymtastic/core"
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
	StartsOn        core.Date
	EndsOn          *core.Date
	Active          bool
	// GeneratedUntil is the first local date not yet made; nil when the
	// schedule makes no more (inactive, or past ends_on).
	GeneratedUntil *core.Date
	CreatedAt      time.Time
}

// TableName is the schedules' table.
func (Schedule) TableName() string { return "class_schedules" }

// Occurrence is a date a schedule has dealt with: its session, or none
// (skipped, or the session deleted), never made again.
type Occurrence struct {
	ScheduleID int64     `gorm:"primaryKey;autoIncrement:false"`
	LocalDate  core.Date `gorm:"primaryKey"`
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

// later is the later of two dates.
func later(a, b core.Date) core.Date {
	if a > b {
		return a
	}
	return b
}
