package connect

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writePath is the Service method that is the only caller of Store.Update.
const writePath = "write"

// TestOneWritePath guards the write path: Store.Update is called in
// Service.write only, so that no write skips what write does after a commit
// (telling the scheduler and the event dispatcher); and the code that runs
// inside a write (the functions given to write, the methods of change) reads
// through the transaction, never through the Service's store.
func TestOneWritePath(t *testing.T) {
	t.Parallel()
	fset := token.NewFileSet()
	paths, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, p, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	// Type-checked, so that Update is found however the Store is reached.
	info := &types.Info{Selections: map[*ast.SelectorExpr]*types.Selection{}}
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	pkg, err := conf.Check("connectd/internal/connect", fset, files, info)
	if err != nil {
		t.Fatal(err)
	}
	store := pkg.Scope().Lookup("Store").Type().Underlying().(*types.Interface)
	var update *types.Func
	for m := range store.Methods() {
		if m.Name() == "Update" {
			update = m
		}
	}
	service := pkg.Scope().Lookup("Service").Type().Underlying().(*types.Struct)
	var storeField *types.Var
	for f := range service.Fields() {
		if f.Name() == "store" {
			storeField = f
		}
	}
	if update == nil || storeField == nil {
		t.Fatal("Store.Update or Service.store not found")
	}
	// uses reports each place in n that selects obj.
	uses := func(n ast.Node, obj types.Object, report func(pos token.Pos)) {
		ast.Inspect(n, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if s := info.Selections[sel]; s != nil && s.Obj() == obj {
					report(sel.Pos())
				}
			}
			return true
		})
	}
	calls := 0
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok {
				continue
			}
			name, recv := fd.Name.Name, receiver(fd)
			uses(fd, update, func(pos token.Pos) {
				if recv == "Service" && name == writePath {
					calls++
					return
				}
				t.Errorf("%s: %s.%s calls Store.Update; every write goes through Service.%s",
					fset.Position(pos), recv, name, writePath)
			})
			if recv == "change" {
				uses(fd, storeField, func(pos token.Pos) {
					t.Errorf("%s: change.%s reads through the Service's store; a write reads through ch.tx",
						fset.Position(pos), name)
				})
			}
			ast.Inspect(fd, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				if sel, ok := call.Fun.(*ast.SelectorExpr); !ok || sel.Sel.Name != writePath {
					return true
				}
				for _, arg := range call.Args {
					if lit, ok := arg.(*ast.FuncLit); ok {
						uses(lit, storeField, func(pos token.Pos) {
							t.Errorf("%s: %s reads through the Service's store inside a write; read through ch.tx",
								fset.Position(pos), name)
						})
					}
				}
				return true
			})
		}
	}
	if calls != 1 {
		t.Errorf("Service.%s calls Store.Update %d times, want 1", writePath, calls)
	}
}

// receiver returns the name of fd's receiver type, "" for a function.
func receiver(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return ""
	}
	t := fd.Recv.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}
