package latecancel

import (
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gymtastic/gymtastic/core/api"
)

// Routes registers every route of the feature (mounted only when it is
// enabled).
func (f *Feature) Routes(a huma.API) {
	const tag = "Late cancels"
	const path = "/class_types/{id}/late_cancel_policy"
	huma.Register(a, api.Op(api.Schedule, http.MethodGet, path, "get-late-cancel-policy", tag, "Get a class type's late-cancel cutoff",
		"`source` is `class_type` when the class type has its own cutoff, `default` when "+
			"`features.late_cancels.default_cutoff_minutes` applies. 404 for an unknown class type."),
		f.getPolicy)
	huma.Register(a, api.Op(api.StaffOnly, http.MethodPut, path, "set-late-cancel-policy", tag, "Set a class type's late-cancel cutoff",
		"Gives the class type its own `cutoff_minutes` (0 to 10080, one week; 0 means a cancel is never late), answered "+
			"with 200 whether the policy is new or replaced. `class_type` and `source` are read-only. Cancels already made "+
			"keep the cutoff that applied to them."),
		f.putPolicy)
	huma.Register(a, api.Op(api.StaffOnly, http.MethodDelete, path, "reset-late-cancel-policy", tag, "Return a class type to the default cutoff",
		"Deletes the class type's own cutoff; 204 also when it had none."),
		f.deletePolicy)
	huma.Register(a, api.Op(api.StaffOnly, http.MethodGet, "/late_cancels", "late-cancels-report", tag, "Late cancels per customer",
		"Customers with bookings that are `late_cancelled` (forgiven ones are `cancelled` and not counted), most late "+
			"cancels first, then by customer id. `from` and `to` filter on the session's start, as on /api/bookings."),
		f.getReport)
	huma.Register(a, api.Op(api.Members, http.MethodGet, "/bookings/{id}/late_cancel", "get-late-cancel-decision", tag,
		"How a booking's cancel was judged",
		"The cutoff that applied when the booking was cancelled, its source, the deadline and whether the cancel was "+
			"late, as recorded then: later policy changes do not rewrite it. 404 for a booking not cancelled while the "+
			"feature was enabled."),
		f.getDecision)
}
