// Package core owns Gymtastic's domain — customers, class types, class
// sessions, bookings and the email outbox — and the contract through which
// features add business rules. Core never imports a feature.
//
// # Features
//
// A feature is anything with a Name (Feature). What else it offers is found
// by type assertion on small optional interfaces, as database/sql finds a
// driver's capabilities:
//
//	Configurable      Config() any: its config struct, decoded from features.<name>
//	Validator         Validate() error: checks that config (every feature, enabled or not)
//	Provisioner       Provision(Env) error: prepares itself (enabled features only)
//	MigrationProvider Migrations(): its tables, applied whether enabled or not
//	api.Router        Routes(huma.API): its routes, mounted only when enabled
//	BeforeBookHook, AfterBookHook, BeforeCancelHook, AfterCancelHook
//	BookReader        ReadForBook: values its booking hooks need, read with core's rows
//	CancelReader      ReadForCancel: the same for its cancel hooks
//	FixtureCreator    CreateFixtures: its demo data, when enabled
//	Describer         Description(): one line for `gymtastic features`
//
// Start-up runs, for each feature in the order of features.All: decode its
// section (unknown keys stop start-up, naming feature and key) → Validate →
// Provision (if enabled). A disabled feature's routes are not mounted (404)
// and its hooks are not called; its tables and data stay.
//
// # Hooks
//
// Booking (Service.Book) runs, in one database transaction:
//
//  1. lock the customer row, then the session row, in one statement that
//     also returns the session's start (SELECT … FOR UPDATE on PostgreSQL,
//     always in this order; on SQLite every transaction is BEGIN
//     IMMEDIATE, so writers are already serialised);
//  2. session_started;
//  3. read the customer and the session with its count of active bookings
//     (booked_count, which triggers on bookings keep on the session's row),
//     in one statement that also reads every enabled BookReader's values
//     (ReadForBook), then insert the booking, in the same round trip;
//  4. core's rules, on what step 3 read before the insert:
//     already_booked, session_full;
//  5. BeforeBook hooks, in feature order (the booking's row is written
//     but can still be refused: a refusal rolls it back);
//  6. AfterBook hooks, in feature order;
//  7. commit.
//
// On PostgreSQL, core sends the BEGIN with step 1 and the insert with
// step 3 (pipe.go), and steps 1 and 3 together once it knows when the
// session starts (the day the features' reads are phrased for) from an
// earlier booking of it: two round trips (BEGIN, lock, read and insert;
// COMMIT), three for a session's first booking in the process, however
// many features are on, as long as their rules let the booking through on
// values read in step 3. The start remembered is checked against the one
// step 1 returns; a session moved since is booked again (starts.go). A feature that counts
// something for its rule should ask for the count as a BookRead, a scalar
// SQL expression over the locked customer (c) and session (s), rather than
// query in its hook; the hook then gets it from BookContext.Value, and
// queries only for what a refusal has to say (leaving out the booking
// being made, which its queries see).
//
// Cancelling (Service.Cancel, or PATCH status cancelled on a booked booking)
// finds the booking's customer and session and locks the customer, the
// session, then the booking (one statement), reads them with every enabled
// CancelReader's values (one more; ReadForCancel as ReadForBook, the
// booking being bk), checks the session has not started, runs BeforeCancel
// (which may set NewStatus to late_cancelled), writes the status and
// cancelled_at, runs AfterCancel, and commits: with the late cancels
// feature on, four round trips on PostgreSQL (BEGIN travels with the
// lock; the feature's decision row is the one write of its own; the
// status travels with the COMMIT when no AfterCancel hook is registered,
// as none is today, and with attendance and forgiving always).
//
// A hook:
//   - receives the transaction as tx and must do all its reads and writes
//     through it (never through another handle: on SQLite that deadlocks
//     against the transaction's own lock, and anywhere it escapes the
//     transaction);
//   - may rely on the customer and session rows being locked for the
//     whole transaction: a rule that counts the customer's bookings, or the
//     session's, sees every concurrent booking of that customer or session
//     either committed before it or waiting behind it;
//   - refuses by returning a *Error (Refuse, Forbid, Invalid); core rolls
//     the transaction back, so nothing is written, and the API answers with
//     the error's status and code. Any other error is a 500 and also rolls
//     back;
//   - must not do slow or external work (no network, no email): side
//     effects go through the Outbox, written in tx, delivered after commit;
//   - must bind a time compared with stored times through SQLTime (in
//     UTC, clamped to the years 0001–9999): SQLite compares stored times
//     as text, which only orders correctly in one offset and with
//     four-digit years. DayBounds gives the bounds of a gym-local day so.
//
// "A day" is a calendar day in the gym's time zone (gym.timezone), which
// hooks get as BookContext.Location.
//
// # Input both databases store alike
//
// Core refuses, with 422 naming the field, what one of its databases
// would store differently or not at all; features should do the same with
// the exported checks:
//
//   - Text holding a NUL character (\u0000) or invalid UTF-8: PostgreSQL
//     cannot store it (SQLSTATE 22021). CheckText refuses it; core's names,
//     descriptions and emails go through it (by Name and CheckLines), and
//     the API refuses such a query parameter (?email=a%00b) naming it. As a safety net the API
//     answers 22021 and 22P05 with 422, never 500.
//   - A time whose UTC instant falls outside the years 0001–9999
//     (MinTime–MaxTime), such as 9999-12-31T23:59:59-23:59: RFC 3339 cannot
//     write it back and SQLite would order it wrongly as text. CheckTime
//     refuses it; a session's starts_at goes through it.
//   - A range bound past those years is compared correctly: ParseBound
//     (and ParseTimeBound, ParseDateBound) makes one beyond its own side no
//     bound (to=9999-12-31 in a gym west of Greenwich ends in the year
//     10000 in UTC) and refuses one beyond the other side, which could
//     match nothing (a from after 9999, a to at the first instant of 0001);
//     a bound computed otherwise (a day's, a window's) is bound through
//     SQLTime.
//   - An email is a bare address (ada@example.com): net/mail also parses
//     "Ada <ada@example.com>" and "ada@example.com (Ada)", refused.
//
// Text is also kept to what its field is for, alike on both databases:
//
//   - A name (single line: a customer's, a class type's, a feature's) goes
//     through Name: trimmed, stored in Unicode NFC so that "José" typed
//     composed or decomposed is one name for the unique indexes on
//     lower(name) and for filters, which normalise too; control characters
//     (CR, LF, tab…), line separators and invisible format characters
//     other than ZWJ and ZWNJ are refused. An email is normalised alike and
//     a new one may hold no control, format or non-ASCII space character.
//   - Free text (a description, notes) goes through CheckLines: tabs and
//     line breaks (\n, \r\n) are kept, other control characters refused; it
//     is stored as sent.
//
// # Deleting a row a feature refers to
//
// A feature's table may refer to customers, class types or sessions, with
// ON DELETE CASCADE, SET NULL, RESTRICT or the default NO ACTION. When a
// reference stops a delete, core answers with its own 409 code
// (customer_has_bookings, kept for compatibility, class_type_in_use,
// session_has_bookings) and a detail saying the row is referenced by
// other records, on both databases: SQLite reports RESTRICT as
// SQLITE_CONSTRAINT_TRIGGER, which its driver leaves untranslated, so core
// also recognises its "FOREIGN KEY constraint failed".
package core
