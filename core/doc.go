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
//	                  its rules: a Check (what it reads, what it decides) a booking or cancel
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
// A booking (Service.Book) is one transaction:
//
//  1. lock the customer's row, then the session's (always in this order;
//     FOR UPDATE on PostgreSQL, where SQLite's BEGIN IMMEDIATE already
//     serialises writers), reading when the session starts; refuse
//     session_started;
//  2. call each enabled BeforeBookHook, then AfterBookHook, for its Check;
//  3. read the customer and the session (booked_count, kept by triggers),
//     then every Check's Reads, then insert the booking;
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
// A feature's rule is one Check: its Reads (ReadRow, ReadRows: statements
// of its own, which ride in core's round trip) and its Decide, written
// side by side in the feature's rules.go. On PostgreSQL a booking is two
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
//     the API answers with its status and code; any other error is a 500;
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
