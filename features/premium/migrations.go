package premium

import "github.com/gymtastic/gymtastic/migrations"

// Migrations creates the feature's tables and the indexes its rule reads.
//
// References that must block a delete (a plan's class types, a membership's
// customer and plan) are NO ACTION, not RESTRICT: the effect is the same for
// a single statement, but SQLite reports a RESTRICT violation as
// SQLITE_CONSTRAINT_TRIGGER, which the driver does not translate to
// gorm.ErrForeignKeyViolated, so core's DeleteCustomer and DeleteClassType
// would answer 500 instead of 409.
//
// The booking rule finds the class type's mark by primary key and the
// customer's memberships through ix_memberships_customer, each probed in
// membership_plan_class_types by its primary key (plan_id, class_type_id).
// The other indexes serve the foreign keys: deleting a plan, un-marking a
// class type, deleting a customer.
func (f *Feature) Migrations() []migrations.Migration {
	return []migrations.Migration{
		{ID: "premium_0001_initial", Up: migrations.SQL(
			`CREATE TABLE premium_class_types (
				class_type_id {{bigint}} PRIMARY KEY REFERENCES class_types (id) ON DELETE CASCADE,
				created_at {{ts}} NOT NULL
			)`,
			`CREATE TABLE membership_plans (
				id {{id}},
				name VARCHAR(256) NOT NULL,
				description TEXT NOT NULL DEFAULT '',
				price_cents {{bigint}} NOT NULL CHECK (price_cents >= 0),
				duration_days INTEGER NOT NULL CHECK (duration_days >= 1),
				created_at {{ts}} NOT NULL
			)`,
			`CREATE UNIQUE INDEX ux_membership_plans_name ON membership_plans (lower(name))`,
			// A plan lists only premium class types: the key references the
			// mark, so un-marking a class type a plan lists is refused by the
			// database too, whatever the concurrency, and so is deleting
			// such a class type (core's 409 class_type_in_use).
			`CREATE TABLE membership_plan_class_types (
				plan_id {{bigint}} NOT NULL REFERENCES membership_plans (id) ON DELETE CASCADE,
				class_type_id {{bigint}} NOT NULL REFERENCES premium_class_types (class_type_id),
				PRIMARY KEY (plan_id, class_type_id)
			)`,
			`CREATE INDEX ix_membership_plan_class_types_class_type ON membership_plan_class_types (class_type_id)`,
			// Memberships are payment history: their customer and plan cannot
			// be deleted from under them.
			`CREATE TABLE memberships (
				id {{id}},
				customer_id {{bigint}} NOT NULL REFERENCES customers (id),
				plan_id {{bigint}} NOT NULL REFERENCES membership_plans (id),
				starts_on DATE NOT NULL,
				ends_on DATE NOT NULL,
				status VARCHAR(16) NOT NULL CHECK (status IN ('active', 'cancelled')),
				amount_paid_cents {{bigint}} NOT NULL CHECK (amount_paid_cents >= 0),
				payment_method VARCHAR(16) NOT NULL CHECK (payment_method = 'cash'),
				paid_at {{ts}} NOT NULL,
				created_at {{ts}} NOT NULL,
				cancelled_at {{ts}},
				CHECK (ends_on >= starts_on)
			)`,
			// The rule: the customer's memberships (and ?customer=&active_on=).
			`CREATE INDEX ix_memberships_customer ON memberships (customer_id, ends_on)`,
			`CREATE INDEX ix_memberships_plan ON memberships (plan_id)`,
		)},
		// On SQLite, Gymtastic's lower() folds every letter, not only ASCII
		// (package database): the name index the built-in one built is rebuilt.
		{ID: "premium_0002_unicode_lower", Up: migrations.ReindexLower("membership_plans", "name", "ux_membership_plans_name")},
		// Plan names are now stored in Unicode NFC (core.Name): those stored
		// before are brought to it.
		{ID: "premium_0003_nfc", Up: migrations.NFC("membership_plans", "name", "name")},
	}
}
