package waitlist

import (
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/api"
)

// Routes registers every route of the feature (mounted only when it is
// enabled).
func (f *Feature) Routes(a huma.API) {
	const tag = "Waitlist"
	huma.Register(a, api.Op(api.Members, http.MethodGet, "/waitlist_entries", "list-waitlist-entries", tag, "List waitlist entries",
		"Ordered by id. A customer sees her own. `status` takes one or several, comma-separated: `waiting`, `promoted`, "+
			"`left`, `skipped`, `expired` (waiting when the session started)."),
		f.listEntries)
	huma.Register(a, api.RunsHooks(api.Refusals(api.Op(api.Members, http.MethodPost, "/waitlist_entries", "join-waitlist", tag, "Join a full session's waitlist",
		"Refusals, in this order: 409 `session_started`; 409 `already_booked`; whatever an enabled booking rule refuses, "+
			"with its status and code (403 `premium_membership_required`, 409 `booking_limit_exceeded`…); 409 "+
			"`places_available` when the session has a free place (book it instead); 409 `already_waitlisted`; 409 "+
			"`waitlist_full` when `features.waitlist.max_size` are waiting. When a place frees up to "+
			"`promotion_cutoff_minutes` before the start, the first waiting entry is booked at once, with every rule, "+
			"and its customer emailed; an entry a rule refuses becomes `skipped` with the rule's `reason`."),
		core.ErrForbidden, core.ErrSessionStarted, core.ErrAlreadyBooked, ErrPlacesAvailable, ErrAlreadyWaitlisted, ErrWaitlistFull),
		core.HookBeforeBook), // joining runs the booking rules: a customer they refuse does not wait
		f.joinEntry)
	huma.Register(a, api.Op(api.Members, http.MethodGet, "/waitlist_entries/{id}", "get-waitlist-entry", tag, "Get a waitlist entry",
		"`position` is 1 for the next in line; null unless `waiting`."),
		f.getEntry)
	leave := api.Refusals(api.Op(api.Members, http.MethodPost, "/waitlist_entries/{id}/leave", "leave-waitlist", tag, "Leave a waitlist",
		"The entry becomes `left`. Only a `waiting` entry can be left: otherwise 409 `invalid_transition`."), core.ErrInvalidTransition)
	leave.DefaultStatus = http.StatusOK // it changes the entry, as a booking's cancel does: it creates nothing
	huma.Register(a, leave, f.leaveEntry)
}
