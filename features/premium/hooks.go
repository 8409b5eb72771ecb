package premium

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/core"
)

// ErrMembershipRequired is the refusal, for errors.Is; the error returned
// says what is missing.
var ErrMembershipRequired = core.Forbid("premium_membership_required",
	"the class type is premium: booking it needs an active membership covering the session's date whose plan includes it")

// premiumQuery reads a class type's premium mark and name: two primary-key
// lookups, no row for a class type that is not premium.
const premiumQuery = `SELECT ct.name FROM premium_class_types p JOIN class_types ct ON ct.id = p.class_type_id
	WHERE p.class_type_id = ?`

// membershipsQuery lists a customer's memberships (ix_memberships_customer)
// with their plan's name (primary key) and whether the plan unlocks a class
// type (primary key of membership_plan_class_types). A customer holds a
// handful of memberships, so all of them are read and judged in Go, which
// gives the refusal its reason.
const membershipsQuery = `SELECT m.id, m.status, m.starts_on, m.ends_on, m.cancelled_at, p.name AS plan_name,
		(SELECT COUNT(*) FROM membership_plan_class_types pc WHERE pc.plan_id = m.plan_id AND pc.class_type_id = ?) AS unlocks
	FROM memberships m JOIN membership_plans p ON p.id = m.plan_id
	WHERE m.customer_id = ?`

// refuseRead is the rule in one integer, read with core's read of the
// locked rows: 1 when the session's class type is premium and none of the
// customer's memberships is active, covers the day (bound twice) and is on
// a plan that unlocks the class type; 0 otherwise. It is the membership
// judgement of held.missing written in SQL; only a refusal reads the
// memberships again, to say what the closest one lacks.
const refuseRead = `(SELECT COUNT(*) FROM premium_class_types p WHERE p.class_type_id = s.class_type_id
	AND NOT EXISTS (SELECT 1 FROM memberships m
		JOIN membership_plan_class_types pc ON pc.plan_id = m.plan_id AND pc.class_type_id = p.class_type_id
		WHERE m.customer_id = c.id AND m.status = '` + StatusActive + `' AND m.starts_on <= ? AND m.ends_on >= ?))`

// readRefuse names refuseRead's value.
const readRefuse = "premium.refuse"

// ReadForBook asks core to judge the booking along with its own read, so
// that a booking the rule lets through costs no round trip.
func (f *Feature) ReadForBook(b *core.BookContext) []core.BookRead {
	// Bound as a plain string, which pgx sends as text at once: a Date
	// (a driver.Valuer) it first tries to encode as a binary date, and
	// builds an error, on every booking.
	day := string(ruleDate(b.Session.StartsAt, location(b)))
	return []core.BookRead{{Name: readRefuse, SQL: refuseRead, Args: []any{day, day}}}
}

func location(b *core.BookContext) *time.Location {
	if b.Location == nil {
		return time.UTC
	}
	return b.Location
}

// held is one of the customer's memberships as the rule sees it.
type held struct {
	ID          int64
	Status      string
	StartsOn    Date
	EndsOn      Date
	CancelledAt *time.Time
	PlanName    string
	Unlocks     int64
}

// BeforeBook refuses a booking of a premium class type's session unless the
// customer holds a membership that is active, covers the session's
// gym-local date and whose plan unlocks the class type. The judgement was
// read with the locked rows (ReadForBook); a refusal reads the memberships
// to say why.
func (f *Feature) BeforeBook(ctx context.Context, tx *gorm.DB, b *core.BookContext) error {
	if refuse, read := b.Value(readRefuse); read && refuse == 0 {
		return nil
	}
	classType := b.Session.ClassTypeID
	var names []string
	if err := tx.WithContext(ctx).Raw(premiumQuery, classType).Scan(&names).Error; err != nil {
		return fmt.Errorf("premium: read mark: %w", err)
	}
	if len(names) == 0 {
		return nil
	}
	var rows []held
	if err := tx.WithContext(ctx).Raw(membershipsQuery, classType, b.Customer.ID).Scan(&rows).Error; err != nil {
		return fmt.Errorf("premium: read memberships: %w", err)
	}
	loc := location(b)
	day := DateOf(b.Session.StartsAt, loc)
	if missing := closest(rows, ruleDate(b.Session.StartsAt, loc), loc, b.Customer.ID); missing != "" {
		return core.Forbid(ErrMembershipRequired.Code,
			"%s (class type %d) is premium: booking class session %d on %s needs an active membership covering that day whose plan includes it; %s",
			names[0], classType, b.Session.ID, day, missing)
	}
	return nil
}

// closest returns "" when a membership qualifies on day; otherwise what the
// closest one lacks: the one lacking fewest things, then the one ending
// last.
func closest(rows []held, day Date, loc *time.Location, customer int64) string {
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
func (m *held) missing(day Date, loc *time.Location) []string {
	var out []string
	if m.Status != StatusActive {
		if m.CancelledAt != nil {
			out = append(out, "was cancelled on "+string(DateOf(*m.CancelledAt, loc)))
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
