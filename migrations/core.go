package migrations

import (
	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/config"
)

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
			// Capacity: the session's active bookings (dropped by core_0004, once
			// core_0003 counted them on the session's row).
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
		{ID: "core_0003_session_booked_count", Up: sessionBookedCount},
		// Since core_0003 a session's active bookings are counted on its
		// row, and no query reads this index any more (a session's bookings
		// are found through ix_bookings_session); yet every booking and
		// every cancel still wrote an entry to it: about a sixth of a
		// booking's WAL on PostgreSQL.
		{ID: "core_0004_drop_session_active_index", Up: SQL(
			`DROP INDEX ix_bookings_session_active`,
		)},
		// SQLite's lower() now folds every letter, not only ASCII (see
		// package database): the indexes it built before are rebuilt.
		{ID: "core_0005_unicode_lower", Up: Steps(
			ReindexLower("customers", "email", "ux_customers_email"),
			ReindexLower("class_types", "name", "ux_class_types_name"),
		)},
		// Names and addresses are now stored in Unicode NFC: those stored
		// before are brought to it, so that the unique indexes and the
		// filters see "José" once, however it was typed.
		{ID: "core_0006_nfc", Up: Steps(
			NFC("customers", "email", "first_name", "last_name", "email"),
			NFC("class_types", "name", "name"),
			NFC("emails", "", "to_address"),
		)},
		{ID: "core_0007_access", Up: access},
	}
}

// access holds the secrets of core's access layer, each only as the SHA-256
// of the secret (docs/access.md): staff and admin API keys, customers'
// tokens, their one-time sign-in codes, and the fixed-window counters that
// throttle sign-in.
var access = SQL(
	`CREATE TABLE api_keys (
		id {{id}},
		name VARCHAR(256) NOT NULL,
		role VARCHAR(16) NOT NULL CHECK (role IN ('admin', 'staff')),
		prefix VARCHAR(16) NOT NULL,
		secret_hash VARCHAR(64) NOT NULL,
		created_at {{ts}} NOT NULL,
		last_used_at {{ts}},
		revoked_at {{ts}}
	)`,
	`CREATE UNIQUE INDEX ux_api_keys_secret ON api_keys (secret_hash)`,
	`CREATE TABLE customer_tokens (
		id {{id}},
		customer_id {{bigint}} NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
		prefix VARCHAR(16) NOT NULL,
		secret_hash VARCHAR(64) NOT NULL,
		created_at {{ts}} NOT NULL,
		expires_at {{ts}} NOT NULL,
		last_used_at {{ts}},
		revoked_at {{ts}}
	)`,
	`CREATE UNIQUE INDEX ux_customer_tokens_secret ON customer_tokens (secret_hash)`,
	`CREATE INDEX ix_customer_tokens_customer ON customer_tokens (customer_id)`,
	`CREATE TABLE login_codes (
		id {{id}},
		customer_id {{bigint}} NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
		code_hash VARCHAR(64) NOT NULL,
		created_at {{ts}} NOT NULL,
		expires_at {{ts}} NOT NULL,
		attempts INTEGER NOT NULL DEFAULT 0,
		used_at {{ts}}
	)`,
	`CREATE INDEX ix_login_codes_customer ON login_codes (customer_id, expires_at)`,
	`CREATE TABLE auth_throttle (
		bucket VARCHAR(400) PRIMARY KEY,
		window_start {{ts}} NOT NULL,
		hits INTEGER NOT NULL
	)`,
)

// sessionBookedCount keeps each session's active bookings counted on its
// row: capacity checks and session lists read one column instead of
// counting the session's bookings, a cost that grew with the session. The
// count is kept by triggers on bookings, so that it holds however bookings
// are written (core, fixtures, an operator's SQL, a bulk load). A booking
// or a cancel already holds the session's row locked when its trigger
// updates it. The migration is one transaction whose ALTER TABLE holds
// class_sessions exclusively: a booking that a replica still on the
// previous version makes meanwhile waits for its locks, and is counted by
// the triggers once the migration commits.
func sessionBookedCount(tx *gorm.DB, kind config.DatabaseKind) error {
	stmts := []string{
		`ALTER TABLE class_sessions ADD COLUMN booked_count INTEGER NOT NULL DEFAULT 0`,
		`UPDATE class_sessions SET booked_count = (SELECT COUNT(*) FROM bookings b
			WHERE b.class_session_id = class_sessions.id AND b.status IN ` + activeStatuses + `)`,
	}
	if kind == config.Postgres {
		// Statement triggers: a bulk load updates each session once.
		// (PostgreSQL allows no column list with transition tables, so any
		// UPDATE of bookings runs it; one that moves no count changes no row.)
		stmts = append(stmts,
			`CREATE FUNCTION bookings_count_in_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN
				IF TG_OP = 'INSERT' THEN
					UPDATE class_sessions s SET booked_count = s.booked_count + d.n
					FROM (SELECT class_session_id, COUNT(*) AS n FROM new_rows
						WHERE status IN `+activeStatuses+` GROUP BY class_session_id) d
					WHERE s.id = d.class_session_id;
				ELSIF TG_OP = 'DELETE' THEN
					UPDATE class_sessions s SET booked_count = s.booked_count - d.n
					FROM (SELECT class_session_id, COUNT(*) AS n FROM old_rows
						WHERE status IN `+activeStatuses+` GROUP BY class_session_id) d
					WHERE s.id = d.class_session_id;
				ELSE
					UPDATE class_sessions s SET booked_count = s.booked_count + d.n
					FROM (SELECT class_session_id, SUM(n) AS n FROM (
							SELECT class_session_id, 1 AS n FROM new_rows WHERE status IN `+activeStatuses+`
							UNION ALL
							SELECT class_session_id, -1 FROM old_rows WHERE status IN `+activeStatuses+`) AS moved
						GROUP BY class_session_id HAVING SUM(n) <> 0) d
					WHERE s.id = d.class_session_id;
				END IF;
				RETURN NULL;
			END $$`,
			`CREATE TRIGGER bookings_count_insert AFTER INSERT ON bookings
				REFERENCING NEW TABLE AS new_rows
				FOR EACH STATEMENT EXECUTE FUNCTION bookings_count_in_sessions()`,
			`CREATE TRIGGER bookings_count_delete AFTER DELETE ON bookings
				REFERENCING OLD TABLE AS old_rows
				FOR EACH STATEMENT EXECUTE FUNCTION bookings_count_in_sessions()`,
			`CREATE TRIGGER bookings_count_update AFTER UPDATE ON bookings
				REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
				FOR EACH STATEMENT EXECUTE FUNCTION bookings_count_in_sessions()`)
	} else {
		stmts = append(stmts,
			`CREATE TRIGGER bookings_count_insert AFTER INSERT ON bookings
				WHEN NEW.status IN `+activeStatuses+`
				BEGIN UPDATE class_sessions SET booked_count = booked_count + 1 WHERE id = NEW.class_session_id; END`,
			`CREATE TRIGGER bookings_count_delete AFTER DELETE ON bookings
				WHEN OLD.status IN `+activeStatuses+`
				BEGIN UPDATE class_sessions SET booked_count = booked_count - 1 WHERE id = OLD.class_session_id; END`,
			`CREATE TRIGGER bookings_count_update AFTER UPDATE OF status, class_session_id ON bookings
				WHEN (OLD.status IN `+activeStatuses+`) IS NOT (NEW.status IN `+activeStatuses+`)
					OR OLD.class_session_id <> NEW.class_session_id
				BEGIN
					UPDATE class_sessions SET booked_count = booked_count - 1
						WHERE id = OLD.class_session_id AND OLD.status IN `+activeStatuses+`;
					UPDATE class_sessions SET booked_count = booked_count + 1
						WHERE id = NEW.class_session_id AND NEW.status IN `+activeStatuses+`;
				END`)
	}
	return SQL(stmts...)(tx, kind)
}
