package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// execScriptName is Pulumi's Python runner. It is not in the `pulumi` wheel on PyPI: Pulumi ships it next to
// its language host, and this project's build copies it there from the pinned sdk/v3 module (python/cmd), so
// the runner always matches the engine this host was built for.
const execScriptName = "pulumi-language-python-exec"

// execScript finds the runner next to this executable. Symlinks are resolved first, so that a host linked
// into another directory (as ensure-pulumi.sh does with a user's install) still finds its own runner.
func execScript() (string, error) {
	self, err := os.Executable()
	if err != nil {
		return "", err
	}
	if resolved, err := filepath.EvalSymlinks(self); err == nil {
		self = resolved
	}
	path := filepath.Join(filepath.Dir(self), execScriptName)
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("%s is missing next to the Python language host (%s): it is copied there from "+
			"the github.com/pulumi/pulumi/sdk/v3 Go module (python/cmd) when the host is built", execScriptName, path)
	}
	return path, nil
}

// pythonEnv is the interpreter a program runs with. With a virtualenv, its interpreter is run directly (no
// activation script needed), and environ makes child processes of the program see the same environment.
type pythonEnv struct {
	python string // interpreter to run
	venv   string // absolute virtualenv directory; "" for the ambient interpreter
	option string // the virtualenv option as written in Pulumi.yaml, for messages
}

// resolvePython picks the program's virtualenv when Pulumi.yaml names one, else the ambient interpreter.
// POSIX layout only (bin/python): nothing in this project runs Pulumi on Windows.
func resolvePython(info *pulumirpc.ProgramInfo, dir string) (pythonEnv, error) {
	opts, err := readOptions(info)
	if err != nil {
		return pythonEnv{}, err
	}
	if opts.virtualenv == "" {
		python, err := ambientPython()
		return pythonEnv{python: python}, err
	}
	venv := opts.virtualenv
	if !filepath.IsAbs(venv) {
		root := info.GetRootDirectory()
		if root == "" {
			root = dir
		}
		venv = filepath.Join(root, venv)
	}
	return pythonEnv{python: filepath.Join(venv, "bin", "python"), venv: venv, option: opts.virtualenv}, nil
}

// ambientPython honours PULUMI_PYTHON_CMD like Pulumi's own host, then prefers python3 over python, which
// on some systems is still Python 2.
func ambientPython() (string, error) {
	candidates := []string{"python3", "python"}
	if c := os.Getenv("PULUMI_PYTHON_CMD"); c != "" {
		candidates = []string{c}
	}
	for _, c := range candidates {
		if p, err := exec.LookPath(c); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("could not find any of %q on PATH; install Python 3 or set the 'virtualenv' "+
		"option in Pulumi.yaml", candidates)
}

func (p pythonEnv) venvExists() bool {
	info, err := os.Stat(p.python)
	return err == nil && !info.IsDir()
}

// validate fails early with the fix, where the bare exec error ("no such file or directory") would not say
// which virtualenv was meant or how to create it.
func (p pythonEnv) validate() error {
	if p.venv == "" || p.venvExists() {
		return nil
	}
	what := "doesn't appear to be a virtual environment"
	if _, err := os.Stat(p.venv); errors.Is(err, os.ErrNotExist) {
		what = "doesn't exist"
	}
	return fmt.Errorf("the 'virtualenv' option in Pulumi.yaml is set to %q, but %s %s.\n"+
		"Run `pulumi install` to create it and install requirements.txt into it, or by hand:\n"+
		"    python3 -m venv %s\n    %s -m pip install -r requirements.txt",
		p.option, p.venv, what, p.venv, p.python)
}

// environ is what `source venv/bin/activate` would do: the venv's bin first on PATH (so the program's own
// subprocesses find its python and tools), VIRTUAL_ENV set, and PYTHONHOME dropped since it would make the
// interpreter look for its standard library elsewhere.
func (p pythonEnv) environ() []string {
	if p.venv == "" {
		return os.Environ()
	}
	bin := filepath.Join(p.venv, "bin")
	env := []string{"VIRTUAL_ENV=" + p.venv}
	hasPath := false
	for _, kv := range os.Environ() {
		key, value, _ := strings.Cut(kv, "=")
		switch key {
		case "PYTHONHOME", "VIRTUAL_ENV":
		case "PATH":
			hasPath = true
			env = append(env, "PATH="+bin+string(os.PathListSeparator)+value)
		default:
			env = append(env, kv)
		}
	}
	if !hasPath {
		env = append(env, "PATH="+bin)
	}
	return env
}

// command runs the environment's interpreter with its environment.
func (p pythonEnv) command(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, p.python, args...)
	cmd.Env = p.environ()
	return cmd
}
