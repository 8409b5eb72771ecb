package milestones

import (
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gymtastic/gymtastic/core/api"
)

// Routes registers every route of the feature (mounted only when it is
// enabled).
func (f *Feature) Routes(a huma.API) {
	const tag = "Attendance milestones"
	huma.Register(a, api.Op(api.Members, http.MethodGet, "/milestones", "list-milestones", tag, "List milestones", "Ordered by id."),
		f.listMilestones)
	huma.Register(a, api.Op(api.StaffOnly, http.MethodPost, "/milestones", "create-milestone", tag, "Create a milestone",
		"When a booking brings a customer's active bookings created within the last `interval` (the new one "+
			"included) to `session_count`, the customer achieves the milestone, at most once per interval, and is "+
			"congratulated by email. 422 naming `interval` when it is not an ISO 8601 duration in days, weeks, months "+
			"or years."),
		f.createMilestone)
	huma.Register(a, api.Op(api.Members, http.MethodGet, "/milestones/{id}", "get-milestone", tag, "Get a milestone", ""),
		f.getMilestone)
	huma.Register(a, api.Op(api.StaffOnly, http.MethodPut, "/milestones/{id}", "replace-milestone", tag, "Replace a milestone",
		"Achievements already recorded stay as they are."),
		f.replaceMilestone)
	huma.Register(a, api.Op(api.StaffOnly, http.MethodPatch, "/milestones/{id}", "update-milestone", tag,
		"Change some of a milestone's fields", "`{\"active\": false}` stops awarding it and keeps its achievements."),
		f.patchMilestone)
	huma.Register(a, api.Op(api.StaffOnly, http.MethodDelete, "/milestones/{id}", "delete-milestone", tag, "Delete a milestone",
		"Its achievements are deleted with it (their emails stay in the outbox); to keep them, set `active` to false instead."),
		f.deleteMilestone)
	huma.Register(a, api.Op(api.Members, http.MethodGet, "/milestone_achievements", "list-milestone-achievements", tag,
		"List milestone achievements", "Ordered by id. Read-only: achievements are recorded by bookings."),
		f.listAchievementsHandler)
	huma.Register(a, api.Op(api.Members, http.MethodGet, "/milestone_achievements/{id}", "get-milestone-achievement", tag,
		"Get a milestone achievement", ""),
		f.getAchievementHandler)
}
