package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// query builds a WHERE clause: arg adds an argument and returns its placeholder ($1, $2 …, which SQLite and
// PostgreSQL both read), and and adds a condition. Tx.query starts one.
type query struct {
	conds   []string
	args    []any
	page    []any  // LIMIT and OFFSET, after args
	noLimit string // the dialect's LIMIT for none
}

func (q *query) arg(v any) string {
	if s, ok := v.(string); ok && !storableText(s) {
		// No stored text equals it, and PostgreSQL would refuse it: match nothing, on both databases alike.
		q.conds = append(q.conds, "FALSE")
		v = ""
	}
	q.args = append(q.args, v)
	return "$" + strconv.Itoa(len(q.args))
}

func (q *query) and(cond string) { q.conds = append(q.conds, cond) }

func (q *query) where() string {
	if len(q.conds) == 0 {
		return ""
	}
	return "WHERE " + strings.Join(q.conds, " AND ")
}

// limitOffset returns the LIMIT clause for limit (0: none) and offset. They are arguments, so that the query
// text, which is prepared and cached, does not vary with them; withPage returns the arguments of the query
// with them.
func (q *query) limitOffset(limit, offset int) string {
	arg := func(v int) string {
		q.page = append(q.page, v)
		return "$" + strconv.Itoa(len(q.args)+len(q.page))
	}
	switch {
	case limit > 0 && offset > 0:
		return "LIMIT " + arg(limit) + " OFFSET " + arg(offset)
	case limit > 0:
		return "LIMIT " + arg(limit)
	case offset > 0:
		return "LIMIT " + q.noLimit + " OFFSET " + arg(offset)
	}
	return ""
}

func (q *query) withPage() []any {
	return append(slices.Clip(q.args), q.page...)
}

// count returns how many rows of from match q, ignoring paging. When the page reached the end of the rows,
// offset and the rows read are the answer and no second query is needed.
func count(ctx context.Context, tx *Tx, from string, q *query, got, offset, limit int) (int, error) {
	if (limit == 0 || got < limit) && (got > 0 || offset == 0) {
		return offset + got, nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+from+` `+q.where(), q.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count %s: %w", from, err)
	}
	return n, nil
}

// storedTime is t as the store keeps it: UTC, to the microsecond (what PostgreSQL keeps, so that both
// databases return the same times).
func storedTime(t time.Time) time.Time {
	return t.UTC().Truncate(time.Microsecond)
}

// nullTime scans a time column; NULL is the zero time. Drivers return a time.Time for a time column, or text
// in RFC 3339 where the database has no time type (SQLite). Times come back in UTC.
type nullTime time.Time

func (n *nullTime) Scan(value any) error {
	var s string
	switch v := value.(type) {
	case nil:
		*n = nullTime{}
		return nil
	case time.Time:
		*n = nullTime(v.UTC())
		return nil
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("scan time: unexpected %T", value)
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("scan time %q: %w", s, err)
	}
	*n = nullTime(t.UTC())
	return nil
}
