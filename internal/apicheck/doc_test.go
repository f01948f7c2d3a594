package apicheck

import (
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDocComments fails for an exported name of a public package that has no
// doc comment: a const, var, func, type, method, or struct field (a group's
// comment covers the consts and vars in it; a field may have a line
// comment instead).
func TestDocComments(t *testing.T) {
	paths, err := Public(moduleRoot)
	if err != nil {
		t.Fatal(err)
	}
	module, err := goCmd(moduleRoot, "list", "-m")
	if err != nil {
		t.Fatal(err)
	}
	module = strings.TrimSpace(module)
	for _, path := range paths {
		dir := filepath.Join(moduleRoot, strings.TrimPrefix(strings.TrimPrefix(path, module), "/"))
		for _, missing := range undocumented(t, dir) {
			t.Errorf("%s: %s has no doc comment", path, missing)
		}
	}
}

func TestUndocumentedFindsMissingComments(t *testing.T) {
	dir := t.TempDir()
	src := `// Package p is documented.
package p

// Documented is.
func Documented() {}

func Bare() {}

// T is.
type T struct {
	A int // A is.
	B int
}

func (T) M() {}

const C = 1
`
	if err := os.WriteFile(filepath.Join(dir, "p.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(undocumented(t, dir), ", ")
	if want := "func Bare, const C, method T.M, field T.B"; got != want {
		t.Errorf("undocumented = %q, want %q", got, want)
	}
}

// undocumented lists the exported names in the package in dir (its non-test
// files) that have no doc comment.
func undocumented(t *testing.T, dir string) []string {
	t.Helper()
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, dir, func(fi os.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	var missing []string
	for _, astPkg := range pkgs {
		files := make([]*ast.File, 0, len(astPkg.Files))
		for _, f := range astPkg.Files {
			files = append(files, f)
		}
		p, err := doc.NewFromFiles(fset, files, "example.com/"+astPkg.Name)
		if err != nil {
			t.Fatal(err)
		}
		if strings.TrimSpace(p.Doc) == "" {
			missing = append(missing, "package "+p.Name)
		}
		funcs := func(fs []*doc.Func, kind, prefix string) {
			for _, f := range fs {
				if strings.TrimSpace(f.Doc) == "" {
					missing = append(missing, kind+" "+prefix+f.Name)
				}
			}
		}
		values := func(vs []*doc.Value, kind string) {
			for _, v := range vs {
				if strings.TrimSpace(v.Doc) != "" {
					continue // the group's comment
				}
				for _, spec := range v.Decl.Specs {
					vs := spec.(*ast.ValueSpec)
					for _, n := range vs.Names {
						if n.IsExported() && vs.Doc == nil && vs.Comment == nil {
							missing = append(missing, kind+" "+n.Name)
						}
					}
				}
			}
		}
		funcs(p.Funcs, "func", "")
		values(p.Consts, "const")
		values(p.Vars, "var")
		for _, typ := range p.Types {
			if strings.TrimSpace(typ.Doc) == "" {
				missing = append(missing, "type "+typ.Name)
			}
			funcs(typ.Funcs, "func", "")
			funcs(typ.Methods, "method", typ.Name+".")
			values(typ.Consts, "const")
			values(typ.Vars, "var")
			for _, spec := range typ.Decl.Specs {
				st, ok := spec.(*ast.TypeSpec).Type.(*ast.StructType)
				if !ok {
					continue
				}
				for _, f := range st.Fields.List {
					for _, n := range f.Names {
						if n.IsExported() && f.Doc == nil && f.Comment == nil {
							missing = append(missing, "field "+typ.Name+"."+n.Name)
						}
					}
				}
			}
		}
	}
	return missing
}
