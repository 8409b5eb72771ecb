package migrations

// activeStatuses is the SQL list of booking statuses that hold a place.
const activeStatuses = `('booked', 'attended', 'no_show')`

// Core returns core's migrations, in order.
func Core() []Migration {
	return []Migration{
		{ID: "core_0001_initial", Up: SQL(
			`CREATE TABLE customers (
				id {{id}},
				first_name VARCHAR(256) NOT NULL,
				last_name VARCHAR(256) NOT NULL,
				email VARCHAR(320) NOT NULL,
				created_at {{ts}} NOT NULL
			)`,
			`CREATE UNIQUE INDEX ux_customers_email ON customers (lower(email))`,
			`CREATE TABLE class_types (
				id {{id}},
				name VARCHAR(256) NOT NULL,
				description TEXT NOT NULL DEFAULT '',
				created_at {{ts}} NOT NULL
			)`,
			`CREATE UNIQUE INDEX ux_class_types_name ON class_types (lower(name))`,
			`CREATE TABLE class_sessions (
				id {{id}},
				class_type_id {{bigint}} NOT NULL REFERENCES class_types (id) ON DELETE RESTRICT,
				starts_at {{ts}} NOT NULL,
				duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 1 AND 1440),
				capacity INTEGER CHECK (capacity IS NULL OR capacity >= 1),
				created_at {{ts}} NOT NULL
			)`,
			`CREATE INDEX ix_class_sessions_starts_at ON class_sessions (starts_at, id)`,
			`CREATE INDEX ix_class_sessions_type_starts_at ON class_sessions (class_type_id, starts_at)`,
			`CREATE TABLE bookings (
				id {{id}},
				customer_id {{bigint}} NOT NULL REFERENCES customers (id) ON DELETE RESTRICT,
				class_session_id {{bigint}} NOT NULL REFERENCES class_sessions (id) ON DELETE CASCADE,
				status VARCHAR(20) NOT NULL CHECK (status IN ('booked', 'cancelled', 'late_cancelled', 'attended', 'no_show')),
				created_at {{ts}} NOT NULL,
				updated_at {{ts}} NOT NULL,
				cancelled_at {{ts}}
			)`,
			// One active booking per customer and session, enforced by the
			// database as well as by the locked check in the transaction.
			`CREATE UNIQUE INDEX ux_bookings_active ON bookings (customer_id, class_session_id) WHERE status IN `+activeStatuses,
			// Capacity: the session's active bookings.
			`CREATE INDEX ix_bookings_session_active ON bookings (class_session_id) WHERE status IN `+activeStatuses,
			// Per-customer rules over time (limits, milestones) and the
			// customer's booking list.
			`CREATE INDEX ix_bookings_customer_created ON bookings (customer_id, created_at)`,
			`CREATE INDEX ix_bookings_session ON bookings (class_session_id)`,
			`CREATE TABLE emails (
				id {{id}},
				to_address VARCHAR(320) NOT NULL,
				subject VARCHAR(998) NOT NULL,
				kind VARCHAR(64) NOT NULL,
				body_text TEXT NOT NULL,
				body_html TEXT NOT NULL DEFAULT '',
				message_id VARCHAR(255) NOT NULL,
				status VARCHAR(16) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
				attempts INTEGER NOT NULL DEFAULT 0,
				last_error TEXT NOT NULL DEFAULT '',
				next_attempt_at {{ts}} NOT NULL,
				locked_until {{ts}},
				created_at {{ts}} NOT NULL,
				sent_at {{ts}}
			)`,
			`CREATE INDEX ix_emails_due ON emails (next_attempt_at) WHERE status = 'pending'`,
			`CREATE INDEX ix_emails_status ON emails (status, id)`,
		)},
		{ID: "core_0002_idempotency_keys", Up: SQL(
			// One row per Idempotency-Key: the request's fingerprint and,
			// once the first request has finished, its response.
			`CREATE TABLE idempotency_keys (
				key VARCHAR(255) PRIMARY KEY,
				fingerprint VARCHAR(64) NOT NULL,
				status INTEGER NOT NULL DEFAULT 0,
				content_type VARCHAR(255) NOT NULL DEFAULT '',
				location VARCHAR(2048) NOT NULL DEFAULT '',
				body TEXT NOT NULL DEFAULT '',
				created_at {{ts}} NOT NULL,
				completed_at {{ts}}
			)`,
			`CREATE INDEX ix_idempotency_keys_created ON idempotency_keys (created_at)`,
		)},
	}
}
