package waitlist

import (
	"context"
	"strings"
	"time"

	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/api"
)

// EntryJSON is a waitlist entry as the API shows it.
type EntryJSON struct {
	ID           int64     `json:"id" readOnly:"true"`
	Customer     int64     `json:"customer" doc:"Customer id."`
	ClassSession int64     `json:"class_session" doc:"Class session id."`
	Status       string    `json:"status" enum:"waiting,promoted,left,skipped,expired" doc:"expired: still waiting when the session started."`
	Position     *int64    `json:"position" doc:"1-based rank among the session's waiting entries; null unless waiting."`
	Booking      *int64    `json:"booking" doc:"The booking made on promotion, else null."`
	Reason       *string   `json:"reason" doc:"When skipped: the code of the rule that refused the booking."`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// NewEntry is the body of a join: an EntryJSON whose customer a customer
// token may leave out, and whose read-only fields, sent back as a client
// does with what it got, are ignored.
type NewEntry struct {
	ID           int64      `json:"id,omitempty" readOnly:"true"`
	Customer     int64      `json:"customer,omitempty" minimum:"1" maximum:"9007199254740991" doc:"Customer id; required of staff, optional for a customer token (herself; another id → 403)." example:"42"`
	ClassSession int64      `json:"class_session" minimum:"1" maximum:"9007199254740991" doc:"Class session id." example:"120"`
	Status       string     `json:"status,omitempty" readOnly:"true" enum:"waiting,promoted,left,skipped,expired"`
	Position     *int64     `json:"position,omitempty" readOnly:"true" nullable:"true"`
	Booking      *int64     `json:"booking,omitempty" readOnly:"true" nullable:"true"`
	Reason       *string    `json:"reason,omitempty" readOnly:"true" nullable:"true" maxLength:"64"`
	CreatedAt    *time.Time `json:"created_at,omitempty" readOnly:"true"`
	UpdatedAt    *time.Time `json:"updated_at,omitempty" readOnly:"true"`
}

func entryOut(e *entryRow) EntryJSON {
	return EntryJSON{ID: e.ID, Customer: e.CustomerID, ClassSession: e.ClassSessionID, Status: e.Status,
		Position: e.Position, Booking: e.BookingID, Reason: e.Reason, CreatedAt: e.CreatedAt.UTC(), UpdatedAt: e.UpdatedAt.UTC()}
}

type entryList struct {
	api.ListParams
	Customer     int64  `query:"customer" minimum:"0" doc:"Customer id."`
	ClassSession int64  `query:"class_session" minimum:"0" doc:"Class session id."`
	Status       string `query:"status" doc:"A status, or several separated by commas: waiting,expired."`
}

func (in *entryList) filter() (filter, error) {
	fl := filter{CustomerID: in.Customer, ClassSessionID: in.ClassSession}
	if in.Status == "" {
		return fl, nil
	}
	for _, s := range strings.Split(in.Status, ",") {
		s = strings.TrimSpace(s)
		known := false
		for _, k := range Statuses {
			known = known || s == k
		}
		if !known {
			return fl, core.Invalid("status", "unknown status %q; want one of %s", s, strings.Join(Statuses, ", "))
		}
		fl.Statuses = append(fl.Statuses, s)
	}
	return fl, nil
}

type entryBody struct {
	Body NewEntry
}

func (f *Feature) listEntries(ctx context.Context, in *entryList) (*api.List[EntryJSON], error) {
	fl, err := in.filter()
	if err != nil {
		return nil, err
	}
	rows, more, err := f.list(ctx, fl, in.Page())
	if err != nil {
		return nil, err
	}
	return api.NewList(ctx, api.Map(rows, entryOut), more, in.ListParams), nil
}

func (f *Feature) joinEntry(ctx context.Context, in *entryBody) (*api.Created[EntryJSON], error) {
	customer, err := core.ActAs(ctx, in.Body.Customer)
	if err != nil {
		return nil, err
	}
	if customer == 0 {
		return nil, core.Invalid("customer", "is required (a customer token may leave it out to join for herself)")
	}
	e, err := f.join(ctx, customer, in.Body.ClassSession)
	if err != nil {
		return nil, err
	}
	row, err := f.get(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	return api.NewCreated(ctx, "waitlist_entries", e.ID, entryOut(row)), nil
}

func (f *Feature) getEntry(ctx context.Context, in *api.IDPath) (*api.Output[EntryJSON], error) {
	e, err := f.get(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &api.Output[EntryJSON]{Body: entryOut(e)}, nil
}

func (f *Feature) leaveEntry(ctx context.Context, in *api.IDPath) (*api.Output[EntryJSON], error) {
	e, err := f.leave(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return &api.Output[EntryJSON]{Body: entryOut(e)}, nil
}
