package premium

import (
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gymtastic/gymtastic/core/api"
)

// Routes registers every route of the feature (mounted only when it is
// enabled).
func (f *Feature) Routes(a huma.API) {
	const tag = "Premium class types"
	huma.Register(a, api.Op(api.Schedule, http.MethodGet, "/premium_class_types", "list-premium-class-types", tag,
		"List premium class types", "Ordered by class type id. Booking a premium class type's session needs a membership."),
		f.listMarksHandler)
	huma.Register(a, api.Op(api.StaffOnly, http.MethodPost, "/premium_class_types", "mark-premium-class-type", tag,
		"Mark a class type premium",
		"201 when the class type becomes premium, 200 with the existing mark when it already was. A `class_type` that "+
			"does not exist → 422 naming the field. Bookings already made stay."),
		f.markHandler)
	huma.Register(a, api.Op(api.Schedule, http.MethodGet, "/premium_class_types/{id}", "get-premium-class-type", tag,
		"Get a class type's premium mark", "`id` is the class type id; 404 when it is not premium."),
		f.getMarkHandler)
	huma.Register(a, api.Refusals(api.Op(api.StaffOnly, http.MethodDelete, "/premium_class_types/{id}", "unmark-premium-class-type", tag,
		"Un-mark a premium class type",
		"Opens the class type to everyone. 409 `premium_class_type_in_use`, naming the plans, while membership plans "+
			"include it: remove it from them first. 404 when it is not premium."), ErrClassTypeInUse),
		f.unmarkHandler)

	huma.Register(a, api.Op(api.Schedule, http.MethodGet, "/membership_plans", "list-membership-plans", tag, "List membership plans",
		"Ordered by id."), f.listPlansHandler)
	huma.Register(a, api.Refusals(api.Op(api.StaffOnly, http.MethodPost, "/membership_plans", "create-membership-plan", tag,
		"Create a membership plan",
		"`class_types` lists the premium class types it unlocks: one that is not premium, or does not exist → 422 "+
			"naming `class_types`. 409 `name_taken` when another plan has the name, ignoring case."), ErrPlanNameTaken),
		f.createPlanHandler)
	huma.Register(a, api.Op(api.Schedule, http.MethodGet, "/membership_plans/{id}", "get-membership-plan", tag, "Get a membership plan", ""),
		f.getPlanHandler)
	huma.Register(a, api.Refusals(api.Op(api.StaffOnly, http.MethodPut, "/membership_plans/{id}", "replace-membership-plan", tag,
		"Replace a membership plan",
		"A change of `class_types` applies at once to every membership on the plan; a change of `duration_days` only "+
			"to the default `ends_on` of memberships written afterwards."), ErrPlanNameTaken),
		f.replacePlanHandler)
	huma.Register(a, api.Refusals(api.Op(api.StaffOnly, http.MethodPatch, "/membership_plans/{id}", "update-membership-plan", tag,
		"Change some of a membership plan's fields", ""), ErrPlanNameTaken), f.patchPlanHandler)
	huma.Register(a, api.Refusals(api.Op(api.StaffOnly, http.MethodDelete, "/membership_plans/{id}", "delete-membership-plan", tag,
		"Delete a membership plan",
		"409 `membership_plan_in_use` when any membership uses it, even cancelled or expired: memberships are payment history."), ErrPlanInUse),
		f.deletePlanHandler)

	huma.Register(a, api.Op(api.Members, http.MethodGet, "/memberships", "list-memberships", tag, "List memberships",
		"Ordered by id. `active_on` keeps the memberships that are active and cover that gym-local date."),
		f.listMembershipsHandler)
	huma.Register(a, api.Op(api.StaffOnly, http.MethodPost, "/memberships", "create-membership", tag, "Record a membership",
		"Records that a customer paid (cash, at the front desk) for a plan. Overlapping memberships are allowed "+
			"(renewing early). A `customer` or `plan` that does not exist → 422 naming the field; `ends_on` before "+
			"`starts_on` → 422."),
		f.createMembershipHandler)
	huma.Register(a, api.Op(api.Members, http.MethodGet, "/memberships/{id}", "get-membership", tag, "Get a membership", ""),
		f.getMembershipHandler)
	huma.Register(a, api.Op(api.StaffOnly, http.MethodPut, "/memberships/{id}", "replace-membership", tag, "Replace a membership",
		"Omitted optional fields take their defaults, as on create: `ends_on` from `starts_on` and the plan, `paid_at` "+
			"now, `status` active."),
		f.replaceMembershipHandler)
	huma.Register(a, api.Op(api.StaffOnly, http.MethodPatch, "/memberships/{id}", "update-membership", tag,
		"Change some of a membership's fields", "`ends_on` is not recomputed when `starts_on` or `plan` changes."),
		f.patchMembershipHandler)
	cancel := api.Op(api.StaffOnly, http.MethodPost, "/memberships/{id}/cancel", "cancel-membership", tag, "Cancel a membership",
		"The membership stops unlocking premium class types; bookings already made with it stay. Cancelling a "+
			"cancelled membership changes nothing.")
	cancel.DefaultStatus = http.StatusOK
	huma.Register(a, cancel, f.cancelMembershipHandler)
	huma.Register(a, api.Op(api.StaffOnly, http.MethodDelete, "/memberships/{id}", "delete-membership", tag, "Delete a membership",
		"For a membership recorded by mistake; end one with cancel instead, which keeps the payment history."),
		f.deleteMembershipHandler)
}
