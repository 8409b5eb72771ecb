package database

import (
	"database/sql/driver"
	"fmt"
	"strings"

	sqlitedriver "github.com/glebarez/go-sqlite"
)

// SQLite's own lower() folds only the ASCII letters, so "Ängström" and
// "ängström", or "zoë@exämple.com" and "ZOË@EXÄMPLE.COM", would be two
// names to the unique indexes on lower(...) and to every lookup that
// ignores case, where PostgreSQL (with a UTF-8 locale) finds them equal.
// Every connection this process opens has lower() replaced by Go's
// strings.ToLower, which folds every Unicode letter, as SQLite's ICU
// extension replaces it. Indexes built before by the built-in lower() are
// rebuilt by migrations (migrations.ReindexLower).
//
// A tool outside this process (the sqlite3 shell) still has the built-in
// lower(): reading the tables with it is safe, but a row it writes with a
// non-ASCII capital in an indexed name is indexed under another key.
func init() {
	sqlitedriver.MustRegisterDeterministicScalarFunction("lower", 1, lower)
}

// lower is SQLite's lower() for Unicode text; NULL stays NULL, and other
// values are lowered as their text, as the built-in lower() does.
func lower(_ *sqlitedriver.FunctionContext, args []driver.Value) (driver.Value, error) {
	switch v := args[0].(type) {
	case nil:
		return nil, nil
	case string:
		return strings.ToLower(v), nil
	case []byte:
		return strings.ToLower(string(v)), nil
	default:
		return strings.ToLower(fmt.Sprint(v)), nil
	}
}
