// Package core owns Gymtastic's domain — customers, class types, class
// sessions, bookings and the email outbox — and the contract through which
// features add business rules. Core never imports a feature.
//
// A feature is anything with a Name (Feature). What else it offers is found
// by type assertion on small optional interfaces: Configurable, Validator,
// Provisioner, MigrationProvider, FixtureCreator, FixtureTimetable,
// Describer, BackgroundJob (jobs.go: serve and worker run it on a ticker),
// the hooks of hooks.go, and api.Router for routes. At start-up each
// feature's section of config.yaml is decoded (an unknown key stops
// start-up, naming it) and validated, and an enabled feature is provisioned
// with an Env. A disabled feature's routes are not mounted and its hooks
// are not called; its tables and data stay.
//
// # Hooks
//
// A booking (Service.Book) is one transaction:
//
//  1. lock the customer's row, then the session's (always in this order;
//     FOR UPDATE on PostgreSQL, where SQLite's BEGIN IMMEDIATE already
//     serialises writers), reading when the session starts; refuse
//     session_started;
//  2. call each enabled BeforeBookHook, then AfterBookHook, for its Check;
//  3. read the customer and the session (booked_count, kept by triggers)
//     with every Check's ReadValues, then its other Reads, then insert the
//     booking;
//  4. core's rules: already_booked, session_full;
//  5. each BeforeBook Check's Decide, then each AfterBook one, in feature
//     order; the first error refuses and rolls everything back;
//  6. commit.
//
// A cancel (Service.Cancel, or PATCH status cancelled) locks the customer,
// the session and the booking, calls BeforeCancel and AfterCancel for
// their Checks, reads the rows and the Checks' Reads, refuses
// session_started, runs the BeforeCancel Decides (which may set NewStatus
// to late_cancelled), writes the status, runs the AfterCancel Decides, and
// commits.
//
// PlacesFreed Checks run, with the session's row locked, in a cancel (their
// Reads ride with the cancel's, their Decides after the AfterCancel ones)
// and in UpdateSession when it raises or removes the capacity or moves the
// session. FreedContext.Book books a customer there through the booking's
// own path, every rule included, in a savepoint, as the customer's own
// booking (she is the principal its Checks see); the session being locked
// already, it locks the customer NOWAIT, and a busy row runs the whole
// transaction again. Service.Try judges a booking without making it (a
// waitlist's join): it runs the BeforeBook Checks with no insert
// (Booking.ID 0), so a BeforeBook Check must not write.
//
// A feature's rule is one Check: its Reads and its Decide, written side by
// side in the feature's rules.go. A ReadValue rides inside core's read of
// the locked rows, a subquery; a ReadRow or ReadRows is a statement of its
// own in the same round trip: each costs the database a statement, so a
// rule reads a value where one will do. On PostgreSQL a booking is two
// round trips however many features are on: BEGIN with the locks, the
// reads and the insert; COMMIT (pipe.go). The reads are phrased for the
// session's start before the lock returns it, from the start an earlier
// booking saw (starts.go); a session moved since is booked again.
//
// A Check's Decide:
//   - reads and writes only through the tx it is given (another handle
//     deadlocks on SQLite and escapes the transaction anywhere);
//   - may rely on the customer's and session's rows staying locked: a rule
//     counting the customer's or the session's bookings sees every
//     concurrent one committed before it or waiting behind it;
//   - refuses with a *Error (Refuse, Forbid, Invalid): core rolls back and
//     the API answers with its status and code (and its Members, members
//     of the problem); any other error is a 500;
//   - does no slow or external work: email goes through the Outbox, in tx;
//   - binds times compared with stored ones through SQLTime (UTC, years
//     0001–9999: SQLite compares times as text); DayBounds gives a
//     gym-local day's.
//
// # Reaching the database
//
// Off the hot path, through gorm (its builder, or Raw and Exec for SQL the
// builder does not say better). On it (a booking, a cancel, reading a
// customer), through stmt: the pipe sends a transaction's statements, in
// batches on PostgreSQL, and read runs a lone one. Hooks' Reads are stmts.
// What each piece of that machinery buys is in docs/performance.md. A
// status is active when in ActiveStatuses; SQL says so with ActiveSQL.
//
// "A day" is a calendar day in the gym's time zone (gym.timezone), which
// hooks get as BookContext.Location. LocalTime turns a local date and clock
// time into an instant, DST-correct. A feature stores such a day in a DATE
// column as a Date (DateOf, ParseCalendarDate, AddDays).
//
// A feature that makes or removes many sessions at once does it in its own
// transaction through CreateSessions (the checks of CreateSession, one
// multi-row INSERT per thousand) and DeleteSessions (keeps those with
// active bookings).
//
// Input one database would store differently from the other is refused
// with 422 naming the field: see CheckText, Name, CheckLines, CheckTime and
// ParseBound. A delete that a feature's reference stops is 409
// (customer_has_bookings, class_type_in_use, session_has_bookings).
package core
