package premium

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/core"
)

// The rule: booking a session of a premium class type needs a membership
// that is active, covers the session's gym-local date and whose plan
// unlocks the class type. A refusal says what the closest membership lacks.
// A premium session's booking pays one round trip more, for the
// memberships; any other pays a primary-key probe inside core's read.

// Refusals is what the rule refuses a booking with, for the OpenAPI
// document (core.RefusalDeclarer).
func (f *Feature) Refusals() map[string][]*core.Error {
	return map[string][]*core.Error{core.HookBeforeBook: {ErrMembershipRequired}}
}

// ErrMembershipRequired is the refusal, for errors.Is; the error returned
// says what is missing.
var ErrMembershipRequired = core.Forbid("premium_membership_required",
	"the class type is premium: booking it needs an active membership covering the session's date whose plan includes it")

// markQuery reads the name of a session's class type when it is premium:
// primary-key lookups, NULL when it is not.
const markQuery = `SELECT ct.name FROM class_sessions s
	JOIN premium_class_types p ON p.class_type_id = s.class_type_id
	JOIN class_types ct ON ct.id = s.class_type_id
	WHERE s.id = ?`

// membershipsQuery lists a customer's memberships (ix_memberships_customer)
// with their plan's name and whether the plan unlocks a class type. A
// customer holds a handful.
const membershipsQuery = `SELECT m.id, m.status, m.starts_on, m.ends_on, m.cancelled_at, mp.name AS plan_name,
		(SELECT COUNT(*) FROM membership_plan_class_types pc WHERE pc.plan_id = m.plan_id AND pc.class_type_id = ?) AS unlocks
	FROM memberships m JOIN membership_plans mp ON mp.id = m.plan_id
	WHERE m.customer_id = ?`

// held is one of the customer's memberships as the rule sees it.
type held struct {
	ID          int64
	Status      string
	StartsOn    core.Date
	EndsOn      core.Date
	CancelledAt *time.Time
	PlanName    string
	Unlocks     int64
}

// BeforeBook reads whether the session is premium with core's read of the
// locked rows; only a premium session's booking reads the customer's
// memberships, and refuses unless one qualifies.
func (f *Feature) BeforeBook(b *core.BookContext) core.Check {
	var name sql.NullString
	mark := core.ReadValue(markQuery, []any{b.Session.ID}, &name)
	return core.Check{Reads: []*core.Read{mark}, Decide: func(ctx context.Context, tx *gorm.DB) error {
		if !name.Valid {
			return nil
		}
		var rows []held
		if err := tx.WithContext(ctx).Raw(membershipsQuery, b.Session.ClassTypeID, b.Customer.ID).Scan(&rows).Error; err != nil {
			return fmt.Errorf("premium: read memberships: %w", err)
		}
		missing := closest(rows, ruleDate(b.Session.StartsAt, b.Location), b.Location, b.Customer.ID)
		if missing == "" {
			return nil
		}
		return core.Forbid(ErrMembershipRequired.Code,
			"%s (class type %d) is premium: booking class session %d on %s needs an active membership covering that day whose plan includes it; %s",
			name.String, b.Session.ClassTypeID, b.Session.ID, core.DateOf(b.Session.StartsAt, b.Location), missing)
	}}
}

// closest returns "" when a membership qualifies on day; otherwise what the
// closest one lacks: the one lacking fewest things, then the one ending
// last.
func closest(rows []held, day core.Date, loc *time.Location, customer int64) string {
	if len(rows) == 0 {
		return fmt.Sprintf("customer %d has no membership", customer)
	}
	type judged struct {
		m       *held
		missing []string
	}
	all := make([]judged, len(rows))
	for i := range rows {
		all[i] = judged{&rows[i], rows[i].missing(day, loc)}
		if len(all[i].missing) == 0 {
			return ""
		}
	}
	sort.Slice(all, func(i, j int) bool {
		a, b := all[i], all[j]
		if len(a.missing) != len(b.missing) {
			return len(a.missing) < len(b.missing)
		}
		if a.m.EndsOn != b.m.EndsOn {
			return a.m.EndsOn > b.m.EndsOn
		}
		return a.m.ID > b.m.ID
	})
	best := all[0]
	return fmt.Sprintf("membership %d (plan %q) %s", best.m.ID, best.m.PlanName, strings.Join(best.missing, " and "))
}

// missing lists what keeps the membership from covering a session on day;
// empty when it qualifies.
func (m *held) missing(day core.Date, loc *time.Location) []string {
	var out []string
	if m.Status != StatusActive {
		if m.CancelledAt != nil {
			out = append(out, "was cancelled on "+string(core.DateOf(*m.CancelledAt, loc)))
		} else {
			out = append(out, "is cancelled")
		}
	}
	switch {
	case m.EndsOn < day:
		out = append(out, "expired on "+string(m.EndsOn))
	case m.StartsOn > day:
		out = append(out, "has not started yet (it starts on "+string(m.StartsOn)+")")
	}
	if m.Unlocks == 0 {
		out = append(out, "is on a plan that does not include this class type")
	}
	return out
}

// ruleDate is the gym-local date of the instant t as the rule compares it
// with memberships' dates: a date before core.MinDate or after
// core.MaxDate is no membership's, so it is judged as the date just
// outside them. The date
// itself may be none PostgreSQL reads (0000-12-31: it has no year 0) or
// sort wrongly as text (10000-01-01 sorts before 2026).
func ruleDate(t time.Time, loc *time.Location) core.Date {
	switch y := t.In(loc).Year(); {
	case y < 1900:
		return core.MinDate.AddDays(-1)
	case y > 2999:
		return core.MaxDate.AddDays(1)
	}
	return core.DateOf(t, loc)
}
