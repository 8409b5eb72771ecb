package features_test

// The access matrix, docs/access.md written as a table: every operation
// of the OpenAPI document, with every feature on, and what each caller
// gets. It is written out here, not read from the document's x-access, so
// that a declaration that drifts from the contract fails it; and a new
// operation the table does not name fails it too.

// outcome is what one caller gets from one operation.
type outcome string

const (
	ok   outcome = "ok"  // past access control: no 401, 403 or 5xx, nor 404 (every path id is a row that exists)
	o401 outcome = "401" // unauthenticated
	o403 outcome = "403" // forbidden
	o404 outcome = "404" // another customer's row: its existence is not told
	// schedule is ok while auth.public_schedule is on (the default), else 401.
	schedule outcome = "ok while the schedule is public, else 401"
)

// principals are the callers, in the order they run. A customer's cells
// run against her own rows; the other customer's against the customer's.
var principals = [...]string{"anonymous", "customer", "other", "staff", "admin"}

// cells is an operation's outcome per principal, in principals' order.
type cells [len(principals)]outcome

// The rows that recur.
var (
	anyone    = cells{ok, ok, ok, ok, ok}
	timetable = cells{schedule, ok, ok, ok, ok}
	signedIn  = cells{o401, ok, ok, ok, ok}     // any caller with a secret (the catalog, own lists)
	ownRow    = cells{o401, ok, o404, ok, ok}   // the customer's row, by id
	ownName   = cells{o401, ok, o403, ok, ok}   // a body that names the customer
	staffOnly = cells{o401, o403, o403, ok, ok} // settings, attendance, other customers
	adminOnly = cells{o401, o403, o403, o403, ok}
)

// rule is one operation's row: where its path's {id} points (a fixture
// row's name, "" for a path without one), the body it is sent (nil: {}
// for POST, PUT and PATCH, none otherwise) and the outcomes.
type rule struct {
	id   string
	body func(f *fixture) any
	want cells
}

// matrix is every operation, by operationId.
var matrix = map[string]rule{
	// Core: customers.
	"list-customers":  {"", nil, signedIn},
	"create-customer": {"", nil, staffOnly},
	"get-customer":    {"customer", nil, ownRow},
	"replace-customer": {"customer", func(f *fixture) any {
		return map[string]any{"first_name": "Renamed", "last_name": "Customer", "email": f.email}
	}, ownRow},
	"update-customer": {"customer", func(*fixture) any { return map[string]any{"first_name": "Renamed"} }, ownRow},
	"delete-customer": {"customer", nil, staffOnly},

	// Core: the timetable, public while auth.public_schedule is on.
	"list-class-types":      {"", nil, timetable},
	"get-class-type":        {"class_type", nil, timetable},
	"create-class-type":     {"", nil, staffOnly},
	"replace-class-type":    {"class_type", nil, staffOnly},
	"update-class-type":     {"class_type", nil, staffOnly},
	"delete-class-type":     {"class_type", nil, staffOnly},
	"list-class-sessions":   {"", nil, timetable},
	"get-class-session":     {"session", nil, timetable},
	"create-class-session":  {"", nil, staffOnly},
	"replace-class-session": {"session", nil, staffOnly},
	"update-class-session":  {"session", nil, staffOnly},
	"delete-class-session":  {"session", nil, staffOnly},

	// Core: bookings. Booking in another's name is 403, her booking by id 404.
	"list-bookings": {"", nil, signedIn},
	"create-booking": {"", func(f *fixture) any {
		return map[string]any{"customer": f.ids["customer"], "class_session": f.ids["open_session"]}
	}, ownName},
	"get-booking":     {"booking", nil, ownRow},
	"cancel-booking":  {"booking", nil, ownRow},
	"update-booking":  {"booking", func(*fixture) any { return map[string]any{"status": "cancelled"} }, ownRow},
	"replace-booking": {"booking", func(*fixture) any { return map[string]any{"status": "cancelled"} }, ownRow},
	"delete-booking":  {"booking", nil, signedIn}, // always 405 use_cancel, which tells nothing of the row

	// Core: the outbox.
	"list-emails": {"", nil, staffOnly},
	"get-email":   {"email", nil, staffOnly},

	// Core: access.
	"list-api-keys":        {"", nil, adminOnly},
	"create-api-key":       {"", nil, adminOnly},
	"get-api-key":          {"api_key", nil, adminOnly},
	"revoke-api-key":       {"api_key", nil, adminOnly},
	"request-login-code":   {"", nil, anyone},
	"create-token":         {"", nil, anyone},
	"issue-customer-token": {"customer", nil, staffOnly},
	"revoke-current-token": {"", nil, cells{o401, ok, ok, o403, o403}}, // an API key is revoked at /api/api_keys
	"get-me":               {"", nil, anyone},

	// Late cancels: the cutoff is published with the timetable; the
	// decision on a booking is its customer's.
	"get-late-cancel-policy":   {"class_type", nil, timetable},
	"set-late-cancel-policy":   {"class_type", nil, staffOnly},
	"reset-late-cancel-policy": {"class_type", nil, staffOnly},
	"late-cancels-report":      {"", nil, staffOnly},
	"get-late-cancel-decision": {"late_booking", nil, ownRow},

	// Milestones: customers read them and their own achievements.
	"list-milestones":             {"", nil, signedIn},
	"get-milestone":               {"milestone", nil, signedIn},
	"create-milestone":            {"", nil, staffOnly},
	"replace-milestone":           {"milestone", nil, staffOnly},
	"update-milestone":            {"milestone", nil, staffOnly},
	"delete-milestone":            {"milestone", nil, staffOnly},
	"list-milestone-achievements": {"", nil, signedIn},
	"get-milestone-achievement":   {"achievement", nil, ownRow},

	// Premium: which class types are premium and what plans cost are
	// published with the timetable; memberships are recorded by staff and
	// read by their customer.
	"list-premium-class-types":  {"", nil, timetable},
	"get-premium-class-type":    {"premium_class_type", nil, timetable},
	"mark-premium-class-type":   {"", nil, staffOnly},
	"unmark-premium-class-type": {"premium_class_type", nil, staffOnly},
	"list-membership-plans":     {"", nil, timetable},
	"get-membership-plan":       {"plan", nil, timetable},
	"create-membership-plan":    {"", nil, staffOnly},
	"replace-membership-plan":   {"plan", nil, staffOnly},
	"update-membership-plan":    {"plan", nil, staffOnly},
	"delete-membership-plan":    {"plan", nil, staffOnly},
	"list-memberships":          {"", nil, signedIn},
	"get-membership":            {"membership", nil, ownRow},
	"create-membership":         {"", nil, staffOnly},
	"replace-membership":        {"membership", nil, staffOnly},
	"update-membership":         {"membership", nil, staffOnly},
	"cancel-membership":         {"membership", nil, staffOnly},
	"delete-membership":         {"membership", nil, staffOnly},

	// Booking windows: a class type's window is published with the
	// timetable; when a session opens is told to whoever is signed in (a
	// customer for herself: ?customer= of another is 403, see the
	// feature's tests); segments name customers and are staff's.
	"get-class-type-booking-window":    {"class_type", nil, timetable},
	"set-class-type-booking-window":    {"class_type", nil, staffOnly},
	"reset-class-type-booking-window":  {"class_type", nil, staffOnly},
	"get-class-session-booking-window": {"session", nil, signedIn},
	"list-booking-segments":            {"", nil, staffOnly},
	"create-booking-segment":           {"", nil, staffOnly},
	"get-booking-segment":              {"segment", nil, staffOnly},
	"replace-booking-segment":          {"segment", nil, staffOnly},
	"update-booking-segment":           {"segment", nil, staffOnly},
	"delete-booking-segment":           {"segment", nil, staffOnly},

	// Workouts: the catalog is read by customers and kept by staff; a
	// customer manages her own workouts.
	"list-equipment":    {"", nil, signedIn},
	"get-equipment":     {"equipment", nil, signedIn},
	"create-equipment":  {"", nil, staffOnly},
	"replace-equipment": {"equipment", nil, staffOnly},
	"update-equipment":  {"equipment", nil, staffOnly},
	"delete-equipment":  {"equipment", nil, staffOnly},
	"list-exercises":    {"", nil, signedIn},
	"get-exercise":      {"exercise", nil, signedIn},
	"create-exercise":   {"", nil, staffOnly},
	"replace-exercise":  {"exercise", nil, staffOnly},
	"update-exercise":   {"exercise", nil, staffOnly},
	"delete-exercise":   {"exercise", nil, staffOnly},
	"list-workouts":     {"", nil, signedIn},
	"create-workout":    {"", func(f *fixture) any { return f.workout() }, ownName},
	"get-workout":       {"workout", nil, ownRow},
	"replace-workout":   {"workout", func(f *fixture) any { return f.workout() }, ownRow},
	"update-workout":    {"workout", func(*fixture) any { return map[string]any{"notes": "changed"} }, ownRow},
	"delete-workout":    {"workout", nil, ownRow},
	"append-workout-set": {"workout", func(f *fixture) any {
		return map[string]any{"exercise": f.ids["exercise"], "reps": 5, "weight_kg": 20}
	}, ownRow},
	"get-workout-summary": {"customer", nil, ownRow},

	// Waitlist: a customer joins, reads and leaves her own entries; joining
	// in another's name is 403, her entry by id 404.
	"list-waitlist-entries": {"", nil, signedIn},
	"join-waitlist": {"", func(f *fixture) any {
		return map[string]any{"customer": f.ids["customer"], "class_session": f.ids["full_session"]}
	}, ownName},
	"get-waitlist-entry": {"waitlist_entry", nil, ownRow},
	"leave-waitlist":     {"waitlist_entry", nil, ownRow},

	// Schedules: read as the timetable is, kept by staff.
	"list-class-schedules":         {"", nil, timetable},
	"get-class-schedule":           {"schedule", nil, timetable},
	"list-class-schedule-sessions": {"schedule", nil, timetable},
	"create-class-schedule":        {"", func(f *fixture) any { return f.schedule() }, staffOnly},
	"replace-class-schedule":       {"schedule", func(f *fixture) any { return f.schedule() }, staffOnly},
	"update-class-schedule":        {"schedule", func(*fixture) any { return map[string]any{"start_time": "19:00"} }, staffOnly},
	"delete-class-schedule":        {"schedule", nil, staffOnly},
	"skip-class-schedule-date":     {"schedule", func(*fixture) any { return map[string]any{"date": "2030-03-12"} }, staffOnly},
}

// scopedLists are the lists of rows that belong to a customer: what field
// names the customer, and which of the fixture's rows is the customer's.
// A customer's list holds that row and no row of the other customer's;
// the other customer's list, even filtered by ?customer=, holds no row of
// the customer's; staff see it.
var scopedLists = map[string]struct{ field, row string }{
	"list-customers":              {"id", "customer"},
	"list-bookings":               {"customer", "booking"},
	"list-memberships":            {"customer", "membership"},
	"list-milestone-achievements": {"customer", "achievement"},
	"list-workouts":               {"customer", "workout"},
	"list-waitlist-entries":       {"customer", "waitlist_entry"},
}

// extra are cells beyond one request per operation: what a body asks for
// rather than the operation decides.
var extra = []struct {
	name, op, id string
	body         map[string]any
	want         cells
}{
	// Only staff record attendance or forgive a late cancel
	// (docs/access.md), even on the customer's own booking; the other customer
	// learns nothing of it.
	{"attendance", "update-booking", "booking", map[string]any{"status": "attended"}, cells{o401, o403, o404, ok, ok}},
	{"forgiveness", "update-booking", "late_booking", map[string]any{"status": "cancelled"}, cells{o401, o403, o404, ok, ok}},
}
