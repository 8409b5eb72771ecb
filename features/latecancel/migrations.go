package latecancel

import "github.com/gymtastic/gymtastic/migrations"

// Migrations creates the feature's tables and the index its report reads.
// The cancel rule needs no new index: it reads one policy by primary key.
func (f *Feature) Migrations() []migrations.Migration {
	return []migrations.Migration{
		{ID: "late_cancels_0001_initial", Up: migrations.SQL(
			`CREATE TABLE late_cancel_policies (
				class_type_id {{bigint}} PRIMARY KEY REFERENCES class_types (id) ON DELETE CASCADE,
				cutoff_minutes INTEGER NOT NULL CHECK (cutoff_minutes BETWEEN 0 AND 10080),
				created_at {{ts}} NOT NULL,
				updated_at {{ts}} NOT NULL
			)`,
			// One row per cancel of a booked booking while the feature is
			// enabled: the cutoff that applied, so that a later policy change
			// does not rewrite history. A booking is cancelled at most once.
			`CREATE TABLE late_cancel_decisions (
				booking_id {{bigint}} PRIMARY KEY REFERENCES bookings (id) ON DELETE CASCADE,
				customer_id {{bigint}} NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
				class_type_id {{bigint}} NOT NULL,
				cutoff_minutes INTEGER NOT NULL,
				source VARCHAR(16) NOT NULL CHECK (source IN ('class_type', 'default')),
				deadline {{ts}} NOT NULL,
				cancelled_at {{ts}} NOT NULL,
				late BOOLEAN NOT NULL
			)`,
			// Foreign key: deleting a customer finds their decisions without
			// a scan.
			`CREATE INDEX ix_late_cancel_decisions_customer ON late_cancel_decisions (customer_id)`,
			// The report: only late-cancelled bookings, a small part of the
			// table, with everything it reads (session to join on, customer
			// to group by, id to list).
			`CREATE INDEX ix_late_cancels_bookings ON bookings (class_session_id, customer_id, id)
				WHERE status = 'late_cancelled'`,
		)},
	}
}
