package migrations

import (
	"fmt"
	"strings"

	"golang.org/x/text/unicode/norm"
	"gorm.io/gorm"

	"github.com/gymtastic/gymtastic/config"
)

// nfcBatch is how many rows NFC reads at a time.
const nfcBatch = 1000

// NFC returns an Up that rewrites columns of table in Unicode NFC, the form
// the API now stores names and addresses in, so that a value stored
// decomposed before ("Cafe" and U+0301) equals the composed one a client
// sends ("Café"): for uniqueness, filters and lookups. Only rows holding a
// non-ASCII character are read, a batch at a time in id order.
//
// unique, if not "", is the one of columns that a unique index on
// lower(unique) covers. A value that, once normalised, equals another
// row's ignoring case stops the migration, naming both ids: they are for
// an operator to tell apart, as ReindexLower's.
func NFC(table, unique string, columns ...string) func(tx *gorm.DB, kind config.DatabaseKind) error {
	return func(tx *gorm.DB, kind config.DatabaseKind) error {
		nonASCII := make([]string, len(columns))
		for i, c := range columns {
			// A character count below the byte count: some character
			// takes more than one byte.
			if kind == config.Postgres {
				nonASCII[i] = fmt.Sprintf("octet_length(%[1]s) <> length(%[1]s)", c)
			} else {
				nonASCII[i] = fmt.Sprintf("length(CAST(%[1]s AS BLOB)) <> length(%[1]s)", c)
			}
		}
		read := fmt.Sprintf("SELECT id, %s FROM %s WHERE id > ? AND (%s) ORDER BY id LIMIT %d",
			strings.Join(columns, ", "), table, strings.Join(nonASCII, " OR "), nfcBatch)
		for after := int64(0); ; {
			rows, err := nfcRead(tx, read, after, len(columns))
			if err != nil {
				return fmt.Errorf("%s: %w", table, err)
			}
			for _, row := range rows {
				if err := nfcRow(tx, table, unique, columns, row); err != nil {
					return err
				}
			}
			if len(rows) < nfcBatch {
				return nil
			}
			after = rows[len(rows)-1].id
		}
	}
}

// nfcValues is one row NFC reads.
type nfcValues struct {
	id     int64
	values []string
}

// nfcRead reads one batch whole: the transaction's one connection cannot
// run the updates while a result is open.
func nfcRead(tx *gorm.DB, query string, after int64, n int) ([]nfcValues, error) {
	rs, err := tx.Raw(query, after).Rows()
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []nfcValues
	for rs.Next() {
		r := nfcValues{values: make([]string, n)}
		dest := []any{&r.id}
		for i := range r.values {
			dest = append(dest, &r.values[i])
		}
		if err := rs.Scan(dest...); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rs.Err()
}

// nfcRow rewrites one row's values that are not in NFC, after checking
// that the unique one clashes with no other row.
func nfcRow(tx *gorm.DB, table, unique string, columns []string, row nfcValues) error {
	set := map[string]any{}
	for i, c := range columns {
		if v := row.values[i]; !norm.NFC.IsNormalString(v) {
			set[c] = norm.NFC.String(v)
		}
	}
	if len(set) == 0 {
		return nil
	}
	if v, ok := set[unique]; ok {
		var other []int64
		q := fmt.Sprintf("SELECT id FROM %s WHERE lower(%s) = lower(?) AND id <> ? ORDER BY id LIMIT 1", table, unique)
		if err := tx.Raw(q, v, row.id).Scan(&other).Error; err != nil {
			return fmt.Errorf("%s: %w", table, err)
		}
		if len(other) > 0 {
			return fmt.Errorf("%s.%s must be unique ignoring case, and the rows with ids %d and %d hold the same value %q once in Unicode NFC (composed) form; change one of them, then migrate again",
				table, unique, other[0], row.id, v)
		}
	}
	if err := tx.Table(table).Where("id = ?", row.id).Updates(set).Error; err != nil {
		return fmt.Errorf("%s: %w", table, err)
	}
	return nil
}
