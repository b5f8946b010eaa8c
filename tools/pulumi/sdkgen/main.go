// Command sdkgen writes a language SDK for the kommo provider from its package schema.
//
//	sdkgen -schema provider/plugin/schema.json -lang python -out DIR
//
// It does what `pulumi package gen-sdk` does, without what that needs here: gen-sdk hands the schema to the
// language's plugin (pulumi-language-python, -go, -nodejs), and the Go module proxy this project builds from does
// not serve Pulumi's language hosts. The code generators themselves live in pkg/v3/codegen, which the tools module
// already requires for the CLI, so this calls them directly: bind the schema (validated as gen-sdk validates it,
// and stricter: no dangling references), generate, write the files. The schema references no other package, so no
// plugin is ever loaded.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/blang/semver"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// tool is what the generated files name as their generator, in their "do not edit" header.
const tool = "pulumi-kommo sdkgen"

func main() {
	// A flag set of its own: Pulumi's packages register glog's flags on the global one.
	flags := flag.NewFlagSet("sdkgen", flag.ExitOnError)
	schemaPath := flags.String("schema", "", "the package schema (JSON), e.g. provider/plugin/schema.json")
	lang := flags.String("lang", "", "the SDK's language: python, go or nodejs")
	out := flags.String("out", "", "the directory to write the SDK into; it must be absent or empty")
	version := flags.String("version", "", "the SDK's version, instead of the schema's (e.g. a pre-release)")
	flags.Usage = func() {
		fmt.Fprintf(flags.Output(), "usage: sdkgen -schema FILE -lang python|go|nodejs -out DIR [-version V]\n")
		flags.PrintDefaults()
	}
	_ = flags.Parse(os.Args[1:])
	if *schemaPath == "" || *lang == "" || *out == "" || flags.NArg() > 0 {
		flags.Usage()
		os.Exit(2)
	}
	if err := run(*schemaPath, *lang, *out, *version); err != nil {
		fmt.Fprintf(os.Stderr, "sdkgen: %v\n", err)
		os.Exit(1)
	}
}

func run(schemaPath, lang, out, version string) error {
	switch lang {
	case "python", "go", "nodejs":
	default:
		return fmt.Errorf("unknown language %q: use python, go or nodejs", lang)
	}
	if err := ensureEmpty(out); err != nil {
		return err
	}
	pkg, err := bind(schemaPath, version)
	if err != nil {
		return err
	}
	files, err := generate(pkg, lang)
	if err != nil {
		return fmt.Errorf("generating the %s SDK: %w", lang, err)
	}
	return write(out, files)
}

// bind reads the schema and binds it as gen-sdk does, so that a schema that gen-sdk would refuse is refused here.
func bind(path, version string) (*schema.Package, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(data, &spec); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if version != "" {
		if _, err := semver.ParseTolerant(version); err != nil {
			return nil, fmt.Errorf("-version %q: %w", version, err)
		}
		spec.Version = version
	}
	pkg, diags, err := schema.BindSpec(spec, noPackages{}, schema.ValidationOptions{})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if diags.HasErrors() {
		return nil, fmt.Errorf("%s does not bind: %w", path, errors.Join(diags.Errs()...))
	}
	for _, d := range diags {
		fmt.Fprintf(os.Stderr, "sdkgen: warning: %s: %s\n", path, d.Error())
	}
	return pkg, nil
}

func generate(pkg *schema.Package, lang string) (map[string][]byte, error) {
	switch lang {
	case "python":
		files, err := python.GeneratePackage(tool, pkg, nil, noPackages{})
		if err != nil {
			return nil, err
		}
		// pyproject.toml names README.md beside it as the project's readme, and the generator writes it only inside
		// the package; Pulumi's provider builds copy it up before `pip install`, and so does this.
		if readme, ok := files[pythonPackageName(pkg)+"/README.md"]; ok {
			if _, taken := files["README.md"]; !taken {
				files["README.md"] = readme
			}
		}
		return files, nil
	case "go":
		files, err := gogen.GeneratePackage(tool, pkg, nil)
		if err != nil {
			return nil, err
		}
		// The generator puts the package under the last part of its import path, and, for a package that
		// supports packing (the schema's meta.supportPack), the go.mod beside it: DIR is the module root.
		return files, nil
	case "nodejs":
		return nodejs.GeneratePackage(tool, pkg, nil, nil, false, noPackages{})
	default:
		return nil, fmt.Errorf("unknown language %q: use python, go or nodejs", lang)
	}
}

// pythonPackageName is the Python package's directory, as the generator chose it (the schema's packageName).
func pythonPackageName(pkg *schema.Package) string {
	if info, ok := pkg.Language["python"].(python.PackageInfo); ok && info.PackageName != "" {
		return info.PackageName
	}
	return python.PyPack(pkg.Namespace, pkg.Name)
}

// ensureEmpty refuses to write over anything: stale files of an earlier SDK would otherwise stay behind, and a
// mistyped -out could mix generated files into a directory that holds something else. Callers that regenerate
// write into a fresh directory and move it into place (scripts/gen-sdks.sh).
func ensureEmpty(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("-out %s is not empty; give a new directory (or remove this one first)", dir)
	}
	return nil
}

func write(dir string, files map[string][]byte) error {
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		target := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(target, files[name], 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintf(os.Stderr, "sdkgen: wrote %d files to %s\n", len(names), dir)
	return nil
}

// noPackages is the loader for a schema that refers to no other package: binding and generation only ask it for
// a package the schema references (a type or resource of another provider), and this schema has none.
type noPackages struct{}

var errNoPackages = errors.New("the kommo schema refers to no other package, and sdkgen loads none")

func (noPackages) LoadPackage(pkg string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("package %q: %w", pkg, errNoPackages)
}

func (noPackages) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, fmt.Errorf("package %q: %w", d.Name, errNoPackages)
}

func (noPackages) LoadPackageReference(pkg string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, fmt.Errorf("package %q: %w", pkg, errNoPackages)
}

func (noPackages) LoadPackageReferenceV2(
	_ context.Context, d *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return nil, fmt.Errorf("package %q: %w", d.Name, errNoPackages)
}
