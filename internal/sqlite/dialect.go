package sqlite

import (
	"context"
	"errors"
	"regexp"
	"strconv"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"connectd/internal/connect"
	"connectd/internal/rowjson"
	"connectd/internal/sqlstore"
)

// dialect is SQLite's sqlstore.Dialect.
type dialect struct{}

var _ sqlstore.Dialect = dialect{}

// List passes a list as one JSON array parameter (NULL when empty).
func (dialect) List(l []string) any {
	p, err := rowjson.Strings(l)
	if err != nil || p == nil { // a []string always encodes
		return nil
	}
	return *p
}

func (dialect) NoLimit() any { return -1 }

// ClaimDue is empty: the single writer's transaction that reads due rows
// owns them until it commits.
func (dialect) ClaimDue() string { return "" }

// LastEventSeq reads AUTOINCREMENT's high-water mark, which outlives the
// rows that retention deletes.
func (dialect) LastEventSeq() string {
	return `SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'contact_events'), 0)`
}

// AppendEvent takes the Seq from AUTOINCREMENT: with one writer, Seqs
// commit in the order they are drawn.
func (dialect) AppendEvent(ctx context.Context, c sqlstore.Conn, e *connect.EventRecord) error {
	return c.QueryRow(ctx, `INSERT INTO contact_events (account_id, region, instance_id, contact_id, event_type, ts, body)
		VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING seq`,
		e.Partition.AccountID, e.Partition.Region, e.InstanceID, e.ContactID, e.Type, e.Time.UnixMilli(),
		string(e.Body)).Scan(&e.Seq)
}

// EventHorizon is empty: with one writer, Seqs become visible in the order
// they are drawn, so every Seq a reader sees is final.
func (dialect) EventHorizon() string { return "" }

// KeepEventSeq is empty: sqlite_sequence outlives the deleted rows.
func (dialect) KeepEventSeq() string { return "" }

// qAddActiveContacts upserts the instance's one counter row: with a single
// writer, a counter costs no contention.
const qAddActiveContacts = `INSERT INTO instance_counters (instance_id, active_contacts) VALUES (?1, ?2)
	ON CONFLICT (instance_id) DO UPDATE SET active_contacts = instance_counters.active_contacts + excluded.active_contacts
	RETURNING active_contacts`

// AddActiveContacts adds delta to the counter row, and takes it back when
// the new count exceeds quota.
func (dialect) AddActiveContacts(ctx context.Context, c sqlstore.Conn, instanceID string, delta, quota int) (bool, error) {
	var n int
	if err := c.QueryRow(ctx, qAddActiveContacts, instanceID, delta).Scan(&n); err != nil {
		return false, err
	}
	if delta <= 0 || n <= quota {
		return true, nil
	}
	_, err := c.Exec(ctx, `UPDATE instance_counters SET active_contacts = active_contacts - ?2 WHERE instance_id = ?1`, instanceID, delta)
	return false, err
}

// AppendEvents inserts es with multi-row INSERTs, in sqlstore.Chunks' few
// sizes (each size is a statement to prepare and cache). With one writer,
// AUTOINCREMENT numbers the rows of a statement consecutively in the order
// of its VALUES, so the seqs it returns, sorted, are es's in order.
func (dialect) AppendEvents(ctx context.Context, c sqlstore.Conn, es []*connect.EventRecord) error {
	return sqlstore.Chunks(len(es), func(from, to int) error {
		part := es[from:to]
		args := make([]any, 0, 7*len(part))
		for _, e := range part {
			args = sqlstore.EventArgs(args, e)
		}
		rows, err := c.Query(ctx, sqlstore.EventInsert(len(part))+` RETURNING seq`, args...)
		if err != nil {
			return err
		}
		return sqlstore.AssignSeqs(rows, part)
	})
}

func (dialect) IsUnique(err error) bool {
	c := sqliteCode(err)
	return c == sqlite3.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

func (dialect) IsForeignKey(err error) bool {
	return sqliteCode(err) == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
}

func (dialect) Internal(op string, err error) error { return sqlstore.Internal(op, err) }

// sqliteCode returns the extended result code of a driver error, or 0.
func sqliteCode(err error) int {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code()
	}
	return 0
}

var (
	anyList = regexp.MustCompile(`=\s*ANY\s*\(\s*\?(\d+)\[\]\s*\)`)
	list    = regexp.MustCompile(`\?(\d+)\[\]`)
	param   = regexp.MustCompile(`\?(\d+)`)
)

// rewrite turns a neutral statement into SQLite's: a list parameter ?N[]
// is a JSON array, read with json_each. When the parameters appear once
// each, in order, they become anonymous (?): the driver looks up the name
// of every numbered parameter at each bind, an allocation apiece.
func rewrite(query string) string {
	query = anyList.ReplaceAllString(query, `IN (SELECT value FROM json_each(?$1))`)
	query = list.ReplaceAllString(query, `?$1`)
	for i, m := range param.FindAllStringSubmatch(query, -1) {
		if m[1] != strconv.Itoa(i+1) {
			return query
		}
	}
	return param.ReplaceAllString(query, `?`)
}
