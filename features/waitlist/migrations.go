package waitlist

import "github.com/gymtastic/gymtastic/migrations"

// Migrations creates the waitlist's table and the indexes of its rules:
// one waiting entry per customer and session, the queue of a session in
// order, and a customer's entries.
func (f *Feature) Migrations() []migrations.Migration {
	return []migrations.Migration{
		{ID: "waitlist_0001_initial", Up: migrations.SQL(
			`CREATE TABLE waitlist_entries (
				id {{id}},
				customer_id {{bigint}} NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
				class_session_id {{bigint}} NOT NULL REFERENCES class_sessions (id) ON DELETE CASCADE,
				status VARCHAR(16) NOT NULL CHECK (status IN ('waiting', 'promoted', 'left', 'skipped')),
				booking_id {{bigint}} REFERENCES bookings (id) ON DELETE SET NULL,
				reason VARCHAR(64),
				created_at {{ts}} NOT NULL,
				updated_at {{ts}} NOT NULL
			)`,
			`CREATE UNIQUE INDEX ux_waitlist_waiting ON waitlist_entries (class_session_id, customer_id) WHERE status = 'waiting'`,
			`CREATE INDEX ix_waitlist_queue ON waitlist_entries (class_session_id, id) WHERE status = 'waiting'`,
			`CREATE INDEX ix_waitlist_customer ON waitlist_entries (customer_id, id)`,
			`CREATE INDEX ix_waitlist_booking ON waitlist_entries (booking_id)`,
		)},
	}
}
