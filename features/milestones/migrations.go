package milestones

import (
	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/migrations"
)

// Migrations creates the feature's tables, and the index its rule counts
// with: the customer's active bookings by creation time, a partial index
// that answers the count from the index alone. The second added a revision
// of the milestones table for a cache of them that each process kept; the
// fourth drops it with the cache.
func (f *Feature) Migrations() []migrations.Migration {
	return []migrations.Migration{
		{ID: "milestones_0001_initial", Up: migrations.SQL(
			`CREATE TABLE milestones (
				id {{id}},
				name VARCHAR(256) NOT NULL,
				period VARCHAR(64) NOT NULL,
				session_count INTEGER NOT NULL CHECK (session_count >= 1),
				active BOOLEAN NOT NULL DEFAULT TRUE,
				created_at {{ts}} NOT NULL
			)`,
			`CREATE TABLE milestone_achievements (
				id {{id}},
				milestone_id {{bigint}} NOT NULL REFERENCES milestones (id) ON DELETE CASCADE,
				customer_id {{bigint}} NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
				booking_id {{bigint}} REFERENCES bookings (id) ON DELETE SET NULL,
				email_id {{bigint}} REFERENCES emails (id) ON DELETE SET NULL,
				booking_count INTEGER NOT NULL,
				achieved_at {{ts}} NOT NULL
			)`,
			// The rule: achieved by this customer within the interval?
			`CREATE INDEX ix_milestone_achievements_rule ON milestone_achievements (milestone_id, customer_id, achieved_at)`,
			`CREATE INDEX ix_milestone_achievements_customer ON milestone_achievements (customer_id, id)`,
			// Foreign keys: deleting a booking (with its session) or an email
			// finds its achievements without a scan.
			`CREATE INDEX ix_milestone_achievements_booking ON milestone_achievements (booking_id)`,
			`CREATE INDEX ix_milestone_achievements_email ON milestone_achievements (email_id)`,
			// The count: the customer's active bookings created since a time.
			`CREATE INDEX ix_milestones_bookings_active_created ON bookings (customer_id, created_at)
				WHERE status IN ('booked', 'attended', 'no_show')`,
		)},
		{ID: "milestones_0002_revision", Up: revision},
		// Names are now stored in Unicode NFC (core.Name), as they are
		// greeted in emails: those stored before are brought to it (the
		// triggers bump the revision, so replicas reload them).
		{ID: "milestones_0003_nfc", Up: migrations.NFC("milestones", "", "name")},
		// The rule reads the active milestones with each booking (rules.go):
		// no process keeps them any longer, so nothing needs the revision.
		{ID: "milestones_0004_drop_revision", Up: dropRevision},
	}
}

// revision creates milestones_revision, one row, and the triggers that
// bump it whenever milestones changes, however it is written (the API,
// fixtures, an operator's SQL).
func revision(tx *gorm.DB, kind config.DatabaseKind) error {
	stmts := []string{
		`CREATE TABLE milestones_revision (revision {{bigint}} NOT NULL)`,
		`INSERT INTO milestones_revision (revision) VALUES (1)`,
	}
	if kind == config.Postgres {
		stmts = append(stmts,
			`CREATE FUNCTION milestones_bump_revision() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN
				UPDATE milestones_revision SET revision = revision + 1;
				RETURN NULL;
			END $$`,
			`CREATE TRIGGER milestones_bump_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON milestones
				FOR EACH STATEMENT EXECUTE FUNCTION milestones_bump_revision()`)
	} else {
		for _, op := range []string{"INSERT", "UPDATE", "DELETE"} {
			stmts = append(stmts, `CREATE TRIGGER milestones_bump_revision_`+op+` AFTER `+op+` ON milestones
				BEGIN UPDATE milestones_revision SET revision = revision + 1; END`)
		}
	}
	return migrations.SQL(stmts...)(tx, kind)
}

// dropRevision drops what revision created.
func dropRevision(tx *gorm.DB, kind config.DatabaseKind) error {
	stmts := []string{`DROP TRIGGER milestones_bump_revision ON milestones`, `DROP FUNCTION milestones_bump_revision()`}
	if kind != config.Postgres {
		stmts = []string{`DROP TRIGGER milestones_bump_revision_INSERT`, `DROP TRIGGER milestones_bump_revision_UPDATE`,
			`DROP TRIGGER milestones_bump_revision_DELETE`}
	}
	return migrations.SQL(append(stmts, `DROP TABLE milestones_revision`)...)(tx, kind)
}
