package schedules

import (
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/api"
)

// Routes registers every route of the feature (mounted only when it is
// enabled). Schedules are read as the timetable is (anyone while
// auth.public_schedule is on) and written by staff.
func (f *Feature) Routes(a huma.API) {
	const tag = "Class schedules"
	huma.Register(a, api.Op(api.Schedule, http.MethodGet, "/class_schedules", "list-class-schedules", tag, "List class schedules",
		"Ordered by id. Filters: `class_type`, `active`."),
		f.listSchedules)
	huma.Register(a, api.WithBodyChecks(api.Op(api.StaffOnly, http.MethodPost, "/class_schedules", "create-class-schedule", tag, "Create a class schedule",
		"Makes, in the same request, a session (as POST /api/class_sessions would) on each of its `weekdays` from "+
			"`starts_on` (or today) to `ends_on` up to `features.schedules.horizon_days` ahead; the horizon then rolls by "+
			"itself. `start_time` is gym-local and holds across daylight-saving changes: a time the clocks skip moves "+
			"forward by the gap, one they show twice is the first. A start already past is not made. 422 naming the field "+
			"for an unknown day, a bad time or date, `ends_on` before `starts_on`, or a `class_type` that does not exist. "+
			"The answer is the schedule with `kept` ([])."), f),
		f.createSchedule)
	huma.Register(a, api.Op(api.Schedule, http.MethodGet, "/class_schedules/{id}", "get-class-schedule", tag, "Get a class schedule", ""),
		f.getSchedule)
	change := "Its future sessions that no longer match (another day, time, class type, duration or capacity, or " +
		"outside the dates) are removed and made again as it now says, except those holding active bookings: they stay " +
		"as they are and the answer lists them in `kept` (`id`, `starts_at`, `active_bookings`). Identical sessions are " +
		"left as they are; skipped dates stay skipped. `active: false` removes its future sessions (bar those kept) " +
		"and makes no more; `active: true` makes them again."
	huma.Register(a, api.WithBodyChecks(api.Op(api.StaffOnly, http.MethodPut, "/class_schedules/{id}", "replace-class-schedule", tag, "Replace a class schedule", change), f),
		f.replaceSchedule)
	huma.Register(a, api.Op(api.StaffOnly, http.MethodPatch, "/class_schedules/{id}", "update-class-schedule", tag,
		"Change some of a class schedule's fields", change+" `capacity` and `ends_on` may be null."),
		f.patchSchedule)
	huma.Register(a, api.Op(api.StaffOnly, http.MethodDelete, "/class_schedules/{id}", "delete-class-schedule", tag, "Delete a class schedule",
		"Deactivates it (its future sessions without active bookings are removed; those with bookings, and past ones, "+
			"stay as ordinary sessions), then deletes it. To learn which sessions stay, PATCH `active: false` first: "+
			"its answer lists them in `kept`."),
		f.deleteSchedule)
	huma.Register(a, api.Op(api.Schedule, http.MethodGet, "/class_schedules/{id}/sessions", "list-class-schedule-sessions", tag,
		"List the sessions a class schedule made", "Those that still exist, ordered by `starts_at`, then id, as "+
			"/api/class_sessions shows them."),
		f.listSessions)
	skip := api.Op(api.StaffOnly, http.MethodPost, "/class_schedules/{id}/skips", "skip-class-schedule-date", tag, "Skip a date of a class schedule",
		"Removes the schedule's session on that gym-local `date` (if made yet) and never makes one on it again, whatever "+
			"later changes. 409 `session_has_bookings` when it holds active bookings (cancel them first), 409 "+
			"`session_started` once it has started; 422 naming `date` when it is not one of the schedule's days or its "+
			"time has passed. Skipping a skipped date again answers the same.")
	skip = api.Refusals(skip, core.ErrSessionHasBookings, core.ErrSessionStarted)
	skip.DefaultStatus = http.StatusOK // it removes a session; it creates no resource with an id
	huma.Register(a, skip, f.skipDate)
}
