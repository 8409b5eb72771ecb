// Command pgstatus prints one line saying whether the PostgreSQL test
// suites will run: `make test` runs it first, since go test shows a
// skipped test's reason only with -v. It asks exactly what the tests ask
// (testenv.PostgresErr, on testenv.PostgresURL), so the line is what they
// will do.
package main

import (
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/gymtastic/gymtastic/core/testenv"
)

func main() {
	fmt.Println(status(testenv.PostgresURL(), testenv.PostgresErr(), os.Getenv("CI") == "true"))
}

// status is the line for PostgreSQL at raw, err being why it is
// unreachable (nil when it answers).
func status(raw string, err error, ci bool) string {
	where := raw
	if u, perr := url.Parse(raw); perr == nil {
		where = u.Redacted()
	}
	why := ""
	if err != nil { // pgx's errors span lines, one per address tried
		why = strings.Join(strings.Fields(err.Error()), " ")
	}
	switch {
	case err == nil:
		return fmt.Sprintf("PostgreSQL at %s reachable: its suites run", where)
	case ci:
		return fmt.Sprintf("PostgreSQL at %s not reachable (%v): its suites fail, as CI=true requires them", where, why)
	default:
		return fmt.Sprintf("PostgreSQL at %s not reachable (%v): its suites are SKIPPED "+
			"(start it or set GYMTASTIC_TEST_POSTGRES_URL; under CI=true they fail instead)", where, why)
	}
}
