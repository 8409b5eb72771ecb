package workouts

import (
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gymtastic/gymtastic/core"
	"github.com/gymtastic/gymtastic/core/api"
)

// Routes registers every route of the feature (mounted only when it is
// enabled).
func (f *Feature) Routes(a huma.API) {
	const catalog = "Workout tracking: equipment and exercises"
	huma.Register(a, api.Op(api.Members, http.MethodGet, "/equipment", "list-equipment", catalog, "List equipment", "Ordered by id."),
		f.listEquipmentHandler)
	huma.Register(a, api.Refusals(api.Op(api.StaffOnly, http.MethodPost, "/equipment", "create-equipment", catalog, "Add equipment",
		"409 `name_taken` when other equipment has the name, ignoring case."), ErrNameTaken),
		f.createEquipment)
	huma.Register(a, api.Op(api.Members, http.MethodGet, "/equipment/{id}", "get-equipment", catalog, "Get equipment", ""),
		f.getEquipmentHandler)
	huma.Register(a, api.Refusals(api.Op(api.StaffOnly, http.MethodPut, "/equipment/{id}", "replace-equipment", catalog, "Replace equipment", ""), ErrNameTaken),
		f.replaceEquipment)
	huma.Register(a, api.Refusals(api.Op(api.StaffOnly, http.MethodPatch, "/equipment/{id}", "update-equipment", catalog, "Change some of equipment's fields", ""),
		ErrNameTaken),
		f.patchEquipment)
	huma.Register(a, api.Refusals(api.Op(api.StaffOnly, http.MethodDelete, "/equipment/{id}", "delete-equipment", catalog, "Delete equipment",
		"409 `equipment_in_use` while exercises use it."), ErrEquipmentInUse),
		f.deleteEquipmentHandler)

	huma.Register(a, api.Op(api.Members, http.MethodGet, "/exercises", "list-exercises", catalog, "List exercises", "Ordered by id."),
		f.listExercisesHandler)
	huma.Register(a, api.Refusals(api.Op(api.StaffOnly, http.MethodPost, "/exercises", "create-exercise", catalog, "Add an exercise",
		"409 `name_taken` when another exercise has the name, ignoring case; an `equipment` that does not exist → 422."), ErrNameTaken),
		f.createExercise)
	huma.Register(a, api.Op(api.Members, http.MethodGet, "/exercises/{id}", "get-exercise", catalog, "Get an exercise", ""),
		f.getExerciseHandler)
	huma.Register(a, api.Refusals(api.Op(api.StaffOnly, http.MethodPut, "/exercises/{id}", "replace-exercise", catalog, "Replace an exercise",
		"Changing `kind` while sets use the exercise → 409 `exercise_in_use`."), ErrNameTaken, ErrExerciseInUse),
		f.replaceExercise)
	huma.Register(a, api.Refusals(api.Op(api.StaffOnly, http.MethodPatch, "/exercises/{id}", "update-exercise", catalog, "Change some of an exercise's fields",
		"Changing `kind` while sets use the exercise → 409 `exercise_in_use`."), ErrNameTaken, ErrExerciseInUse),
		f.patchExercise)
	huma.Register(a, api.Refusals(api.Op(api.StaffOnly, http.MethodDelete, "/exercises/{id}", "delete-exercise", catalog, "Delete an exercise",
		"409 `exercise_in_use` while any workout has a set of it: workouts are history."), ErrExerciseInUse),
		f.deleteExerciseHandler)

	const tag = "Workout tracking"
	huma.Register(a, api.Op(api.Members, http.MethodGet, "/workouts", "list-workouts", tag, "List workouts",
		"Ordered by `started_at`, then id, each with its sets. `from` and `to` filter on `started_at`, as on /api/bookings."),
		f.listWorkoutsHandler)
	huma.Register(a, api.WithBodyChecks(api.Refusals(api.Op(api.Members, http.MethodPost, "/workouts", "create-workout", tag, "Log a workout with its sets",
		"One request, one transaction. Each set's exercise decides its kind: strength sets need `reps` and `weight_kg`, "+
			"cardio sets `duration_seconds`; a field of the other kind, a missing exercise or a bound passed → 422 naming "+
			"the set (`sets[3].reps`), every problem at once, those of the schema (a bound) and of the rules (a kind) together. Leave `ended_at` out (null) for a workout in progress."),
		core.ErrForbidden), f),
		f.createWorkoutHandler)
	huma.Register(a, api.Op(api.Members, http.MethodGet, "/workouts/{id}", "get-workout", tag, "Get a workout", ""),
		f.getWorkoutHandler)
	huma.Register(a, api.WithBodyChecks(api.Refusals(api.Op(api.Members, http.MethodPut, "/workouts/{id}", "replace-workout", tag, "Replace a workout and its sets",
		"`sets` is required and replaces every set (`[]` removes them all). Finished workouts may be corrected. "+
			"Field problems as on POST: every one at once."), core.ErrForbidden), f),
		f.replaceWorkout)
	huma.Register(a, api.WithBodyChecks(api.Refusals(api.Op(api.Members, http.MethodPatch, "/workouts/{id}", "update-workout", tag, "Change some of a workout's fields",
		"`sets`, when given, replaces every set; left out, the sets stay. `\"ended_at\": null` reopens a finished workout. "+
			"Field problems as on POST: every one at once."), core.ErrForbidden), f),
		f.patchWorkout)
	huma.Register(a, api.Op(api.Members, http.MethodDelete, "/workouts/{id}", "delete-workout", tag, "Delete a workout", "Its sets go with it."),
		f.deleteWorkoutHandler)
	huma.Register(a, api.WithBodyChecks(api.Refusals(api.Op(api.Members, http.MethodPost, "/workouts/{id}/sets", "append-workout-set", tag, "Append a set to a workout in progress",
		"Adds the set at the end and answers 201 with the whole workout (Location: the workout). A finished workout "+
			"(`ended_at` set) → 409 `workout_finished` (correct it with PUT or PATCH); a workout with 200 sets → 409 "+
			"`workout_set_limit`. Field errors name the set's fields (`reps`)."), ErrWorkoutFinished, ErrSetLimit), f),
		f.appendSetHandler)
	huma.Register(a, api.Op(api.Members, http.MethodGet, "/customers/{id}/workout_summary", "get-workout-summary", tag,
		"A customer's workout progress",
		"Over the period `from`–`to` (gym-local dates, both inclusive, both optional): workouts, total minutes and, per "+
			"exercise, sets, reps, volume, heaviest set, best estimated one-rep max (Epley), total duration and distance, "+
			"best pace; and all-time personal records whatever the period. Computed by the database. Figures are rounded "+
			"to 0.01. Unknown customer → 404."),
		f.getSummary)
}
