package schedules

import "github.com/gymtastic/gymtastic/migrations"

// Migrations creates the schedules and their occurrences. Dates are DATE
// columns bound as their text (YYYY-MM-DD), which compares alike on both
// databases. generated_until is the first local date the schedule has not
// made sessions for yet, NULL when it will make no more (inactive, or past
// ends_on): the job's query of due schedules is a range scan of
// ix_class_schedules_due, empty when nothing is due. An occurrence is a
// date the schedule has dealt with: its session (NULL once skipped or
// deleted), made once (the primary key); ix_class_schedule_occurrences_session
// serves the foreign key when a session is deleted.
func (f *Feature) Migrations() []migrations.Migration {
	return []migrations.Migration{
		{ID: "schedules_0001_initial", Up: migrations.SQL(
			`CREATE TABLE class_schedules (
				id {{id}},
				class_type_id {{bigint}} NOT NULL REFERENCES class_types (id) ON DELETE RESTRICT,
				weekdays VARCHAR(27) NOT NULL,
				start_time VARCHAR(5) NOT NULL,
				duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 1 AND 1440),
				capacity INTEGER CHECK (capacity IS NULL OR capacity >= 1),
				starts_on DATE NOT NULL,
				ends_on DATE,
				active BOOLEAN NOT NULL,
				generated_until DATE,
				created_at {{ts}} NOT NULL,
				CHECK (ends_on IS NULL OR ends_on >= starts_on)
			)`,
			`CREATE INDEX ix_class_schedules_due ON class_schedules (generated_until)`,
			`CREATE INDEX ix_class_schedules_class_type ON class_schedules (class_type_id, id)`,
			`CREATE TABLE class_schedule_occurrences (
				schedule_id {{bigint}} NOT NULL REFERENCES class_schedules (id) ON DELETE CASCADE,
				local_date DATE NOT NULL,
				session_id {{bigint}} REFERENCES class_sessions (id) ON DELETE SET NULL,
				skipped BOOLEAN NOT NULL,
				PRIMARY KEY (schedule_id, local_date)
			)`,
			`CREATE INDEX ix_class_schedule_occurrences_session ON class_schedule_occurrences (session_id)`,
		)},
	}
}
