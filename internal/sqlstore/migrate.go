package sqlstore

import (
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
)

// Migration is one numbered, forward-only schema change. Both backends
// number theirs alike: migration N of SQLite and of PostgreSQL make the
// same schema, each in its dialect.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// LoadMigrations reads the *.sql files of dir in fsys, named
// "NNNN_description.sql" with unique versions, in version order.
func LoadMigrations(fsys fs.FS, dir string) ([]Migration, error) {
	names, err := fs.Glob(fsys, dir+"/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []Migration
	seen := map[int]string{}
	for _, name := range names {
		base := strings.TrimPrefix(name, dir+"/")
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must start with a positive number and '_'", base)
		}
		if prev, dup := seen[v]; dup {
			return nil, fmt.Errorf("migrations %s and %s share version %d", prev, base, v)
		}
		seen[v] = base
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Version: v, Name: base, SQL: string(body)})
	}
	slices.SortFunc(ms, func(a, b Migration) int { return a.Version - b.Version })
	return ms, nil
}

// Pending returns the migrations of dir in fsys (see LoadMigrations) after
// version current, and refuses a database whose schema is newer than them.
func Pending(fsys fs.FS, dir string, current int) ([]Migration, error) {
	ms, err := LoadMigrations(fsys, dir)
	if err != nil {
		return nil, err
	}
	if last := ms[len(ms)-1].Version; current > last {
		return nil, fmt.Errorf("database schema version %d is newer than this connectd (%d)", current, last)
	}
	i := slices.IndexFunc(ms, func(m Migration) bool { return m.Version > current })
	if i < 0 {
		return nil, nil
	}
	return ms[i:], nil
}
