package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"connectd/internal/connect"
	"connectd/internal/rowjson"
)

// Multi-row writes: a transaction that starts many tasks (a due burst)
// writes their events and flow logs in a few statements instead of one a
// row.

// chunkSizes are the row counts of the multi-row statements: a batch of n
// rows is cut into chunks of these sizes, largest first, so that few
// distinct statements are prepared and cached whatever n is. 3 is the
// events of a StartTaskContact (INITIATED, CONNECTED_TO_SYSTEM, QUEUED).
var chunkSizes = []int{128, 32, 8, 4, 3, 2, 1}

// Chunks calls fn with each successive chunk of [0, n).
func Chunks(n int, fn func(from, to int) error) error {
	for from := 0; from < n; {
		size := 1
		for _, s := range chunkSizes {
			if n-from >= s {
				size = s
				break
			}
		}
		if err := fn(from, from+size); err != nil {
			return err
		}
		from += size
	}
	return nil
}

// valuesList returns "(?a, ?b, ...), (...), ..." for rows rows of cols
// parameters each, numbered from 1. Chunks asks for a few shapes only, so
// each is built once.
func valuesList(rows, cols int) string {
	k := [2]int{rows, cols}
	if v, ok := valuesLists.Load(k); ok {
		return v.(string)
	}
	var b strings.Builder
	for r := range rows {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(")
		b.WriteString(placeholders(1+r*cols, cols))
		b.WriteString(")")
	}
	valuesLists.Store(k, b.String())
	return b.String()
}

var valuesLists sync.Map // [rows, cols] -> string

// EventInsert is the multi-row INSERT of n contact events with the
// columns of EventArgs (without seq); a dialect that takes seqs from
// AUTOINCREMENT runs it as is.
func EventInsert(n int) string {
	return `INSERT INTO contact_events (account_id, region, instance_id, contact_id, event_type, ts, body) VALUES ` +
		valuesList(n, 7)
}

// EventArgs appends e's columns (in EventInsert's order) to args.
func EventArgs(args []any, e *connect.EventRecord) []any {
	return append(args, e.Partition.AccountID, e.Partition.Region, e.InstanceID, e.ContactID, e.Type,
		e.Time.UnixMilli(), string(e.Body))
}

// AssignSeqs reads the seqs an insert of es returned (RETURNING seq, one
// row each, in no promised order) and gives them to es in ascending order:
// both stores number a statement's rows in the order of its values.
func AssignSeqs(rows Rows, es []*connect.EventRecord) error {
	defer rows.Close()
	seqs := make([]int64, 0, len(es))
	for rows.Next() {
		var seq int64
		if err := rows.Scan(&seq); err != nil {
			return err
		}
		seqs = append(seqs, seq)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(seqs) != len(es) {
		return fmt.Errorf("append events: %d seqs returned for %d events", len(seqs), len(es))
	}
	slices.Sort(seqs)
	for i, e := range es {
		e.Seq = seqs[i]
	}
	return nil
}

// AppendEvents writes es through the dialect (see Dialect.AppendEvents).
func (t *Tx) AppendEvents(ctx context.Context, es []*connect.EventRecord) error {
	if len(es) == 0 {
		return nil
	}
	if err := t.d.AppendEvents(ctx, t.c, es); err != nil {
		return t.internal("append events", err)
	}
	return nil
}

// AppendFlowLogs appends every contact's entries: per instance, one read
// of the contacts' last seqs, then multi-row inserts.
func (t *Tx) AppendFlowLogs(ctx context.Context, logs []connect.FlowLogAppend) error {
	const op = "append flow logs"
	byInstance := map[string][]connect.FlowLogAppend{}
	var order []string
	for _, l := range logs {
		if len(l.Entries) == 0 {
			continue
		}
		if _, ok := byInstance[l.InstanceID]; !ok {
			order = append(order, l.InstanceID)
		}
		byInstance[l.InstanceID] = append(byInstance[l.InstanceID], l)
	}
	for _, instanceID := range order {
		ls := byInstance[instanceID]
		var ids []string
		for _, l := range ls {
			if !l.New {
				ids = append(ids, l.ContactID)
			}
		}
		last := map[string]int64{}
		if len(ids) > 0 {
			var err error
			if last, err = t.lastFlowLogSeqs(ctx, instanceID, ids); err != nil {
				return t.internal(op, err)
			}
		}
		var rows []any
		for _, l := range ls {
			for _, e := range l.Entries {
				b, err := rowjson.FlowLogEntry(e)
				if err != nil {
					return t.internal(op, err)
				}
				last[l.ContactID]++
				rows = append(rows, instanceID, l.ContactID, last[l.ContactID], b, ms(e.Timestamp))
			}
		}
		done := t.instanceWrite(op, instanceID)
		if err := Chunks(len(rows)/5, func(from, to int) error {
			return t.execLater(ctx, done, `INSERT INTO flow_logs (instance_id, contact_id, seq, entry, ts) VALUES `+valuesList(to-from, 5),
				rows[from*5:to*5]...)
		}); err != nil {
			return err
		}
	}
	return nil
}

// lastFlowLogSeqs returns the highest flow log seq of each of the
// contacts that has entries.
func (t *Tx) lastFlowLogSeqs(ctx context.Context, instanceID string, contactIDs []string) (map[string]int64, error) {
	rows, err := t.c.Query(ctx, `SELECT contact_id, max(seq) FROM flow_logs
		WHERE instance_id = ?1 AND contact_id = ANY (?2[]) GROUP BY contact_id`, instanceID, t.d.List(contactIDs))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	last := make(map[string]int64, len(contactIDs))
	for rows.Next() {
		var id string
		var seq int64
		if err := rows.Scan(&id, &seq); err != nil {
			return nil, err
		}
		last[id] = seq
	}
	return last, rows.Err()
}
