// Package core owns Gymtastic's domain — customers, class types, class
// sessions, bookings and the email outbox — and the contract through which
// features add business rules. Core never imports a feature.
//
// A feature is anything with a Name (Feature). What else it offers is found
// by type assertion on small optional interfaces: Configurable, Validator,
// Provisioner, MigrationProvider, FixtureCreator, Describer, the hooks and
// readers of hooks.go, and api.Router for routes. At start-up each
// feature's section of config.yaml is decoded (an unknown key stops
// start-up, naming it) and validated, and an enabled feature is provisioned
// with an Env. A disabled feature's routes are not mounted and its hooks
// are not called; its tables and data stay.
//
// A booking (Service.Book) or a cancel (Service.Cancel) is one transaction
// that first locks the customer's row, then the session's (FOR UPDATE on
// PostgreSQL; SQLite's BEGIN IMMEDIATE serialises writers), reads them with
// the values the enabled features ask for (BookRead: scalar SQL over the
// locked rows), checks core's own rules and runs the features' hooks in the
// order of features.All. A hook reads and writes only through the tx it is
// given; may rely on the customer and session staying locked, so a rule
// that counts their bookings sees every concurrent one; refuses by
// returning a *Error (Refuse, Forbid, Invalid), which rolls everything back
// and becomes the API's answer; sends side effects through the Outbox,
// never over the network; and binds times through SQLTime (a gym-local day
// is DayBounds).
//
// Input one database would store differently from the other is refused
// with 422 naming the field: see CheckText, Name, CheckLines, CheckTime and
// ParseBound. A delete that a feature's reference stops is 409
// (customer_has_bookings, class_type_in_use, session_has_bookings).
package core
