package latecancel

import (
	"time"

	"github.com/gymtastic/gymtastic/config"
	"github.com/gymtastic/gymtastic/core"
)

// ReportQuery exposes the report's SQL to the index test.
func ReportQuery(kind config.DatabaseKind, customer int64, from, to time.Time) (string, []any) {
	return reportQuery(kind, reportFilter{CustomerID: customer, From: from, To: to}, core.Page{Limit: 100})
}
