// Package apicheck records the exported API of the module's public packages
// as sorted lines, one per name, in the format of the Go project's
// api/go1.*.txt files, and compares a recorded list with the current one.
//
// It reads the packages' compiler export data through go/types, so it sees
// exactly what the compiler exports, and it needs nothing beyond the
// standard library and the go command.
package apicheck

import (
	"bytes"
	"fmt"
	"go/importer"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// Public lists the import paths of the module's public packages: every
// package under dir (the module root) that is neither internal nor a main
// package.
func Public(dir string) ([]string, error) {
	out, err := goCmd(dir, "list", "-f", "{{.ImportPath}} {{.Name}}", "./...")
	if err != nil {
		return nil, err
	}
	var paths []string
	for line := range strings.Lines(out) {
		path, name, _ := strings.Cut(strings.TrimSpace(line), " ")
		if name == "main" || isInternal(path) {
			continue
		}
		paths = append(paths, path)
	}
	return paths, nil
}

func isInternal(path string) bool {
	return strings.HasSuffix(path, "/internal") || strings.Contains(path, "/internal/")
}

// Exported returns the API of the packages (import paths, built in the
// module at dir), one sorted line per exported name, such as
//
//	pkg github.com/awsretry/awsretry, func Decorate(any, ...func(*Options)) (*Proxy, error)
func Exported(dir string, paths []string) ([]string, error) {
	exports, err := exportData(dir, paths)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		file, ok := exports[path]
		if !ok {
			return nil, fmt.Errorf("apicheck: no export data for %s", path)
		}
		return os.Open(file)
	})
	var lines []string
	for _, path := range paths {
		pkg, err := imp.Import(path)
		if err != nil {
			return nil, fmt.Errorf("apicheck: import %s: %w", path, err)
		}
		lines = append(lines, describe(pkg)...)
	}
	slices.Sort(lines)
	return slices.Compact(lines), nil
}

// exportData maps the import path of each package that paths need to the
// file holding its export data, building them as needed.
func exportData(dir string, paths []string) (map[string]string, error) {
	args := append([]string{"list", "-export", "-deps", "-f", "{{.ImportPath}}={{.Export}}"}, paths...)
	out, err := goCmd(dir, args...)
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	for line := range strings.Lines(out) {
		if path, file, ok := strings.Cut(strings.TrimSpace(line), "="); ok && file != "" {
			m[path] = file
		}
	}
	return m, nil
}

func goCmd(dir string, args ...string) (string, error) {
	cmd := exec.Command(filepath.Join(goroot(), "bin", "go"), args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("apicheck: go %s: %w: %s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out), nil
}

// goroot is the GOROOT of the go command on PATH, or "" when there is none
// (then "bin/go" is tried).
func goroot() string {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// describe lists pkg's exported names.
func describe(pkg *types.Package) []string {
	q := func(p *types.Package) string {
		if p == pkg {
			return ""
		}
		return p.Name()
	}
	prefix := "pkg " + pkg.Path() + ", "
	var lines []string
	add := func(format string, args ...any) { lines = append(lines, prefix+fmt.Sprintf(format, args...)) }
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		obj := scope.Lookup(name)
		if !obj.Exported() {
			continue
		}
		switch obj := obj.(type) {
		case *types.Const:
			add("const %s %s = %s", name, types.TypeString(obj.Type(), q), obj.Val().ExactString())
		case *types.Var:
			add("var %s %s", name, typeString(obj.Type(), q))
		case *types.Func:
			sig := obj.Type().(*types.Signature)
			add("func %s%s", name, signature(sig, sig.TypeParams(), q))
		case *types.TypeName:
			lines = append(lines, describeType(prefix, obj, q)...)
		}
	}
	return lines
}

// describeType lists a type, its exported fields or interface methods, and
// its exported methods.
func describeType(prefix string, obj *types.TypeName, q types.Qualifier) []string {
	name := obj.Name()
	var lines []string
	add := func(format string, args ...any) { lines = append(lines, prefix+fmt.Sprintf(format, args...)) }
	if obj.IsAlias() {
		add("type %s = %s", name, types.TypeString(obj.Type(), q))
		return lines
	}
	named := obj.Type().(*types.Named)
	if tps := named.TypeParams(); tps.Len() > 0 {
		name += typeParams(tps, q)
	}
	switch u := named.Underlying().(type) {
	case *types.Struct:
		add("type %s struct", name)
		for i := range u.NumFields() {
			f := u.Field(i)
			switch {
			case !f.Exported():
			case f.Embedded():
				add("type %s struct, embedded %s", name, types.TypeString(f.Type(), q))
			default:
				add("type %s struct, %s %s", name, f.Name(), typeString(f.Type(), q))
			}
		}
	case *types.Interface:
		add("type %s interface { %s }", name, strings.Join(interfaceMethods(u), ", "))
		for i := range u.NumExplicitMethods() {
			if m := u.ExplicitMethod(i); m.Exported() {
				add("type %s interface, %s%s", name, m.Name(), signature(m.Type().(*types.Signature), nil, q))
			}
		}
	default:
		add("type %s %s", name, types.TypeString(u, q))
	}
	for i := range named.NumMethods() {
		m := named.Method(i)
		if !m.Exported() {
			continue
		}
		sig := m.Type().(*types.Signature)
		recv := obj.Name()
		if _, ptr := sig.Recv().Type().(*types.Pointer); ptr {
			recv = "*" + recv
		}
		add("method (%s) %s%s", recv, m.Name(), signature(sig, nil, q))
	}
	return lines
}

func interfaceMethods(u *types.Interface) []string {
	var names []string
	for i := range u.NumMethods() {
		names = append(names, u.Method(i).Name())
	}
	return names
}

// typeString is types.TypeString, but a func type is written without its
// parameter names.
func typeString(t types.Type, q types.Qualifier) string {
	if sig, ok := t.(*types.Signature); ok {
		return "func" + signature(sig, nil, q)
	}
	return types.TypeString(t, q)
}

// signature writes sig without parameter names, which are not part of the
// API: "[T any](string, ...any) (T, error)".
func signature(sig *types.Signature, tps *types.TypeParamList, q types.Qualifier) string {
	var b strings.Builder
	if tps != nil && tps.Len() > 0 {
		b.WriteString(typeParams(tps, q))
	}
	b.WriteString("(")
	params := sig.Params()
	for i := range params.Len() {
		if i > 0 {
			b.WriteString(", ")
		}
		t := params.At(i).Type()
		if sig.Variadic() && i == params.Len()-1 {
			b.WriteString("..." + typeString(t.(*types.Slice).Elem(), q))
			continue
		}
		b.WriteString(typeString(t, q))
	}
	b.WriteString(")")
	res := sig.Results()
	switch res.Len() {
	case 0:
	case 1:
		b.WriteString(" " + typeString(res.At(0).Type(), q))
	default:
		b.WriteString(" (")
		for i := range res.Len() {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(typeString(res.At(i).Type(), q))
		}
		b.WriteString(")")
	}
	return b.String()
}

func typeParams(tps *types.TypeParamList, q types.Qualifier) string {
	parts := make([]string, tps.Len())
	for i := range tps.Len() {
		tp := tps.At(i)
		parts[i] = tp.Obj().Name() + " " + types.TypeString(tp.Constraint(), q)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// Diff compares the recorded API with the current one. removed holds the
// recorded lines that are gone, which includes a name whose signature
// changed; added holds the new lines.
func Diff(recorded, current []string) (removed, added []string) {
	have := map[string]bool{}
	for _, l := range current {
		have[l] = true
	}
	was := map[string]bool{}
	for _, l := range recorded {
		was[l] = true
		if !have[l] {
			removed = append(removed, l)
		}
	}
	for _, l := range current {
		if !was[l] {
			added = append(added, l)
		}
	}
	return removed, added
}
