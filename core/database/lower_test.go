package database_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core/database"
	"github.com/gymtastic/gymtastic/core/testenv"
)

// On SQLite, lower() folds every letter, as PostgreSQL's does with a UTF-8
// locale; NULL stays NULL and a number is lowered as its text.
func TestSQLiteLowerIsUnicode(t *testing.T) {
	db, _, err := database.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "lower.db"), database.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = database.Close(db) })
	var got struct {
		Text   string
		None   *string
		Number string
	}
	if err := db.Raw(`SELECT lower('ZOË ÄNGSTRÖM ΣΑΣ Ĳ') AS text, lower(NULL) AS none, lower(42) AS number`).Scan(&got).Error; err != nil {
		t.Fatal(err)
	}
	if got.Text != "zoë ängström σασ ĳ" || got.None != nil || got.Number != "42" {
		t.Fatalf("lower() gave %q, %v, %q", got.Text, got.None, got.Number)
	}
}

// On PostgreSQL, lower() follows the database's locale: Open warns when it
// folds only ASCII letters (LC_CTYPE C), and says nothing under a UTF-8
// locale.
func TestPostgresASCIILowerWarns(t *testing.T) {
	testenv.RequirePostgres(t)
	ctx := context.Background()
	admin, _, err := database.Open(ctx, testenv.PostgresURL(), database.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = database.Close(admin) })
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "gymtastic_test_c_" + hex.EncodeToString(b[:])
	if err := admin.Exec("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'").Error; err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)") })
	u, err := url.Parse(testenv.PostgresURL())
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	warnings := func(dbURL string) string {
		var log bytes.Buffer
		db, _, err := database.Open(ctx, dbURL, database.Options{Logger: slog.New(slog.NewTextHandler(&log, nil))})
		if err != nil {
			t.Fatal(err)
		}
		_ = database.Close(db)
		return log.String()
	}
	if got := warnings(u.String()); !strings.Contains(got, "folds only ASCII letters") {
		t.Errorf("LC_CTYPE C: logged %q, want the warning", got)
	}
	if got := warnings(testenv.DatabaseURL(t, config.Postgres)); got != "" {
		t.Errorf("the test server's locale: logged %q, want nothing", got)
	}
}
