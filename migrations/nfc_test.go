package migrations_test

import (
	"context"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/testenv"
	"github.com/gymtastic/gymtastic/migrations"
)

// coreBefore is a database migrated up to, not including, core migration
// id, with an up function that then runs the rest.
func coreBefore(t *testing.T, kind config.DatabaseKind, id string) (*gorm.DB, func() ([]string, error)) {
	t.Helper()
	db := open(t, kind, testenv.DatabaseURL(t, kind))
	var before []migrations.Migration
	for _, m := range migrations.Core() {
		if m.ID == id {
			break
		}
		before = append(before, m)
	}
	run := func(list []migrations.Migration) ([]string, error) {
		r, err := migrations.NewRunner(db, kind, list)
		if err != nil {
			t.Fatal(err)
		}
		return r.Up(context.Background())
	}
	if _, err := run(before); err != nil {
		t.Fatal(err)
	}
	return db, func() ([]string, error) { return run(migrations.Core()) }
}

// TestNFCMigration: core_0006_nfc brings names and addresses stored
// decomposed to NFC, over several batches, and leaves the others as they
// were; a decomposed "José" then is the composed one the API stores and
// compares.
func TestNFCMigration(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		db, up := coreBefore(t, kind, "core_0006_nfc")
		exec := func(q string, args ...any) {
			t.Helper()
			if err := db.Exec(q, args...).Error; err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		// 2,500 decomposed customers (more than two batches) among plain ones.
		exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
			INSERT INTO customers (first_name, last_name, email, created_at)
			SELECT CASE WHEN i % 2 = 0 THEN ? ELSE 'Ada' END, 'Test',
				'c' || i || CASE WHEN i % 2 = 0 THEN ? ELSE '' END || '@example.com', CURRENT_TIMESTAMP FROM n`,
			"Jose\u0301", "e\u0301")
		exec(`INSERT INTO class_types (name, created_at) VALUES (?, CURRENT_TIMESTAMP), ('Yoga', CURRENT_TIMESTAMP)`,
			"Cafe\u0301 stretch")
		exec(`INSERT INTO emails (to_address, subject, kind, body_text, message_id, next_attempt_at, created_at)
			VALUES (?, 'Hi', 'test', 'Hello', 'm1', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`, "c2e\u0301@example.com")
		if _, err := up(); err != nil {
			t.Fatal(err)
		}
		var rows []struct{ FirstName, Email string }
		if err := db.Raw("SELECT first_name, email FROM customers ORDER BY id").Scan(&rows).Error; err != nil {
			t.Fatal(err)
		}
		composed := 0
		for _, r := range rows {
			if !norm.NFC.IsNormalString(r.FirstName) || !norm.NFC.IsNormalString(r.Email) {
				t.Fatalf("left decomposed: %+q %+q", r.FirstName, r.Email)
			}
			if r.FirstName == "Jos\u00e9" && strings.HasSuffix(r.Email, "\u00e9@example.com") {
				composed++
			}
		}
		if len(rows) != 5000 || composed != 2500 {
			t.Fatalf("%d customers, %d composed; want 5000 and 2500", len(rows), composed)
		}
		var names, to []string
		if err := db.Raw("SELECT name FROM class_types ORDER BY id").Scan(&names).Error; err != nil {
			t.Fatal(err)
		}
		if err := db.Raw("SELECT to_address FROM emails").Scan(&to).Error; err != nil {
			t.Fatal(err)
		}
		if strings.Join(names, "|") != "Caf\u00e9 stretch|Yoga" || strings.Join(to, "|") != "c2\u00e9@example.com" {
			t.Fatalf("class types %+q, emails to %+q", names, to)
		}
	})
}

// TestNFCMigrationNamesClashes: two class types whose names are one once
// normalised (stored before the rule, when the unique index on lower(name)
// let them in) stop core_0006_nfc, naming both ids, and nothing of it is
// applied.
func TestNFCMigrationNamesClashes(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, kind config.DatabaseKind) {
		db, up := coreBefore(t, kind, "core_0006_nfc")
		if err := db.Exec(`INSERT INTO class_types (name, created_at) VALUES (?, CURRENT_TIMESTAMP), (?, CURRENT_TIMESTAMP),
			(?, CURRENT_TIMESTAMP), ('Yoga', CURRENT_TIMESTAMP)`, "Caf\u00c9", "Pila\u0301tes", "cafe\u0301").Error; err != nil {
			t.Fatal(err)
		}
		applied, err := up()
		if err == nil || !strings.Contains(err.Error(), "class_types.name") || !strings.Contains(err.Error(), "ids 1 and 3") {
			t.Fatalf("Up: %v, want a refusal naming class_types.name and the rows 1 and 3", err)
		}
		if len(applied) != 0 {
			t.Fatalf("applied %v before the refusal, want none", applied)
		}
		var names []string
		if err := db.Raw("SELECT name FROM class_types ORDER BY id").Scan(&names).Error; err != nil {
			t.Fatal(err)
		}
		// Pilates, normalised before the clash was found, is rolled back.
		if strings.Join(names, "|") != "Caf\u00c9|Pila\u0301tes|cafe\u0301|Yoga" {
			t.Fatalf("names %+q after the refusal, want them as they were", names)
		}
	})
}
