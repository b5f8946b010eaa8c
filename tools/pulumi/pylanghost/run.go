package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"time"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// exitCodeErrorAlreadyReported is what pulumi-language-python-exec exits with when it has already sent the
// error (a Python traceback, say) to the engine's log; the engine must then stop without a second message.
const exitCodeErrorAlreadyReported = 32

// Run starts `python -u pulumi-language-python-exec <flags> <program> <args>` in the program's directory
// and waits for it. The runner does the real work: it connects to the resource monitor, loads the config,
// and runs the program with runpy. -u keeps print() output unbuffered, so it reaches the engine as it is
// written rather than in one block at exit (or never, if the process is killed).
func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	dir := programDir(req.GetInfo(), req.GetPwd())
	if req.GetAttachDebugger() {
		return &pulumirpc.RunResponse{Error: "this project's Python language host does not support --attach-debugger"}, nil
	}

	runner, err := execScript()
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	py, err := resolvePython(req.GetInfo(), dir)
	if err == nil {
		err = py.validate()
	}
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	args := []string{"-u", runner}
	args = append(args, h.runnerFlags(req, dir)...)
	args = append(args, entryPoint(req))
	args = append(args, req.GetArgs()...)

	env, err := runEnv(req, py.environ())
	if err != nil {
		return nil, err
	}

	cmd := exec.CommandContext(ctx, py.python, args...)
	cmd.Dir = dir
	cmd.Env = env
	// The engine shows what a language host writes as the program's own output, so the program's prints and
	// anything Python writes before the runner could log (an ImportError for a missing `pulumi`, say) go
	// straight through.
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	// A cancelled Run (Ctrl-C in the CLI) gets the same gentle SIGINT a user would send, then a kill.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second

	return runResult(cmd.Run(), py.python), nil
}

// runResult maps the Python process's fate to what the engine expects: nothing for success, Bail when the
// runner already reported the error, and an error message otherwise.
func runResult(err error, python string) *pulumirpc.RunResponse {
	if err == nil {
		return &pulumirpc.RunResponse{}
	}
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		switch code := exitErr.ExitCode(); code {
		case exitCodeErrorAlreadyReported:
			return &pulumirpc.RunResponse{Bail: true}
		case -1:
			return &pulumirpc.RunResponse{Error: "the Python program was terminated: " + exitErr.String()}
		default:
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", code)}
		}
	}
	return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not run %s: %v", python, err)}
}

// runnerFlags is the argparse command line of pulumi-language-python-exec: underscores in the names, and
// values it parses itself (--dry_run is compared with "true"; --parallel goes through int(), so it is always
// passed). Flags use the --name=value form so that no value can be mistaken for a flag.
func (h *host) runnerFlags(req *pulumirpc.RunRequest, dir string) []string {
	flags := []string{
		"--monitor=" + req.GetMonitorAddress(),
		"--engine=" + h.engine(),
		"--project=" + req.GetProject(),
		"--stack=" + req.GetStack(),
		"--pwd=" + dir,
		"--dry_run=" + strconv.FormatBool(req.GetDryRun()),
		"--parallel=" + strconv.Itoa(int(req.GetParallel())),
	}
	if root := req.GetInfo().GetRootDirectory(); root != "" {
		flags = append(flags, "--root_directory="+root)
	}
	if org := req.GetOrganization(); org != "" {
		flags = append(flags, "--organization="+org)
	}
	if h.tracing != "" {
		flags = append(flags, "--tracing="+h.tracing)
	}
	return flags
}

// entryPoint is relative to the program directory; "." makes the runner run the directory's __main__.py.
func entryPoint(req *pulumirpc.RunRequest) string {
	if e := req.GetInfo().GetEntryPoint(); e != "" {
		return e
	}
	if p := req.GetProgram(); p != "" { //nolint:staticcheck // older engines only set this
		return p
	}
	return "."
}

// runEnv passes config the way the SDK reads it: config as JSON in PULUMI_CONFIG (keys as the engine sends
// them, "project:key"), secret key names in PULUMI_CONFIG_SECRET_KEYS. Later entries win in os/exec, so these
// override anything inherited.
func runEnv(req *pulumirpc.RunRequest, base []string) ([]string, error) {
	cfg := req.GetConfig()
	if cfg == nil {
		cfg = map[string]string{} // the SDK iterates PULUMI_CONFIG as a dict: "null" would crash it
	}
	config, err := json.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secrets, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, err
	}
	return append(base,
		"PULUMI_CONFIG="+string(config),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secrets),
	), nil
}
