package bookingwindow

import (
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/api"
)

// Routes registers every route of the feature (mounted only when it is
// enabled).
func (f *Feature) Routes(a huma.API) {
	const tag = "Booking windows"
	const path = "/class_types/{id}/booking_window"
	huma.Register(a, api.Op(api.Schedule, http.MethodGet, path, "get-class-type-booking-window", tag,
		"Get a class type's booking window",
		"`source` is `class_type` when the class type has its own window, `default` when `features.booking_window`'s "+
			"`opens_days_before` and `closes_minutes_before` apply. Priority segments may open earlier for their "+
			"customers. 404 for an unknown class type."),
		f.getClassTypeWindow)
	huma.Register(a, api.Op(api.StaffOnly, http.MethodPut, path, "set-class-type-booking-window", tag,
		"Set a class type's booking window",
		"Gives the class type its own window, answered with 200 whether it is new or replaced: its sessions open "+
			"`opens_days_before` days before they start, at the same gym-local clock time, and close "+
			"`closes_minutes_before` minutes before. `class_type` and `source` are read-only. Bookings already made stay."),
		f.putClassTypeWindow)
	huma.Register(a, api.Op(api.StaffOnly, http.MethodDelete, path, "reset-class-type-booking-window", tag,
		"Return a class type to the default booking window", "Deletes the class type's own window; 204 also when it had none."),
		f.deleteClassTypeWindow)
	huma.Register(a, api.Refusals(api.Op(api.Members, http.MethodGet, "/class_sessions/{id}/booking_window", "get-class-session-booking-window", tag,
		"When a session may be booked",
		"`opens_at` and `closes_at`, both included, for `customer`: the class type's window, or the default, opened "+
			"earlier by her priority segments. A customer token asks for herself (`customer` left out or her own id; "+
			"another → 403); staff leaving `customer` out get the window of a customer in no segment. Outside it a "+
			"booking is refused with 409 `booking_not_open` (with `opens_at`) or `booking_closed` (with `closes_at`), "+
			"unless staff book while `features.booking_window.staff_exempt` holds."), core.ErrForbidden),
		f.getSessionWindow)

	huma.Register(a, api.Op(api.StaffOnly, http.MethodGet, "/booking_segments", "list-booking-segments", tag,
		"List priority segments", "Ordered by id. `customer` keeps the segments she is in."),
		f.listSegmentsHandler)
	huma.Register(a, api.Refusals(api.Op(api.StaffOnly, http.MethodPost, "/booking_segments", "create-booking-segment", tag,
		"Create a priority segment",
		"Its `customers` book from `opens_days_before` days before a session starts when that is earlier than the "+
			"class type's window; a customer in several segments gets the earliest. 409 `name_taken` when another "+
			"segment has the name, ignoring case; a customer that does not exist → 422 naming `customers`."), ErrSegmentNameTaken),
		f.createSegmentHandler)
	huma.Register(a, api.Op(api.StaffOnly, http.MethodGet, "/booking_segments/{id}", "get-booking-segment", tag,
		"Get a priority segment", ""), f.getSegmentHandler)
	huma.Register(a, api.Refusals(api.Op(api.StaffOnly, http.MethodPut, "/booking_segments/{id}", "replace-booking-segment", tag,
		"Replace a priority segment",
		"`customers` replaces the list. Customers taken out keep the bookings they made."), ErrSegmentNameTaken), f.replaceSegmentHandler)
	huma.Register(a, api.Refusals(api.Op(api.StaffOnly, http.MethodPatch, "/booking_segments/{id}", "update-booking-segment", tag,
		"Change some of a priority segment's fields", "`customers`, when given, replaces the list."), ErrSegmentNameTaken), f.patchSegmentHandler)
	huma.Register(a, api.Op(api.StaffOnly, http.MethodDelete, "/booking_segments/{id}", "delete-booking-segment", tag,
		"Delete a priority segment", "Its customers keep the bookings they made."), f.deleteSegmentHandler)
}
