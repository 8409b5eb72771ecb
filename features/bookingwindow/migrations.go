package bookingwindow

import "github.com/gymtastic/gymtastic/migrations"

// Migrations creates the feature's tables. The booking rule reads a class
// type's window by primary key (through the session's row) and a
// customer's segments through ix_booking_segment_customers_customer, each
// probed in booking_segments by primary key. Nothing references bookings:
// changing a window or a segment cannot touch one. A class type's window
// and a customer's place in segments go with them when they are deleted.
func (f *Feature) Migrations() []migrations.Migration {
	return []migrations.Migration{
		{ID: "booking_window_0001_initial", Up: migrations.SQL(
			`CREATE TABLE booking_window_policies (
				class_type_id {{bigint}} PRIMARY KEY REFERENCES class_types (id) ON DELETE CASCADE,
				opens_days_before INTEGER NOT NULL CHECK (opens_days_before BETWEEN 1 AND 365),
				closes_minutes_before INTEGER NOT NULL CHECK (closes_minutes_before BETWEEN 0 AND 10080),
				created_at {{ts}} NOT NULL,
				updated_at {{ts}} NOT NULL
			)`,
			`CREATE TABLE booking_segments (
				id {{id}},
				name VARCHAR(256) NOT NULL,
				opens_days_before INTEGER NOT NULL CHECK (opens_days_before BETWEEN 1 AND 365),
				created_at {{ts}} NOT NULL
			)`,
			`CREATE UNIQUE INDEX ux_booking_segments_name ON booking_segments (lower(name))`,
			`CREATE TABLE booking_segment_customers (
				segment_id {{bigint}} NOT NULL REFERENCES booking_segments (id) ON DELETE CASCADE,
				customer_id {{bigint}} NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
				PRIMARY KEY (segment_id, customer_id)
			)`,
			`CREATE INDEX ix_booking_segment_customers_customer ON booking_segment_customers (customer_id, segment_id)`,
		)},
	}
}
