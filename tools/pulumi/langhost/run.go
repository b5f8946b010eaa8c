package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// exitCodeErrorAlreadyReported is what @pulumi/pulumi/cmd/run exits with when it has already sent the error
// to the engine's log; the engine must then stop without printing a second, vaguer message.
const exitCodeErrorAlreadyReported = 32

// Run starts `node <@pulumi/pulumi/cmd/run> <flags> <program> <args>` in the program's directory and waits
// for it. The runner does the real work: it connects to the resource monitor, registers ts-node when asked
// to, and loads the program.
func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	dir := programDir(req.GetInfo(), req.GetPwd())
	opts := readOptions(req.GetInfo())

	runner, err := resolveFrom(dir, "@pulumi/pulumi/cmd/run")
	if err != nil {
		return &pulumirpc.RunResponse{Error: fmt.Sprintf(
			"could not find the Pulumi Node.js SDK (@pulumi/pulumi) from %s: %v\n"+
				"Install the program's dependencies (npm install) and try again.", dir, err)}, nil
	}

	args := append(append([]string{}, opts.nodeArgs...), runner)
	args = append(args, h.runnerFlags(req, dir)...)
	args = append(args, entryPoint(req))
	args = append(args, req.GetArgs()...)

	env, err := runEnv(req, opts)
	if err != nil {
		return nil, err
	}

	cmd := exec.CommandContext(ctx, "node", args...)
	cmd.Dir = dir
	cmd.Env = env
	// The engine shows what a language host writes as the program's own output, so the program's console
	// output and any crash before the runner could log goes straight through.
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	// A cancelled Run (Ctrl-C in the CLI) gets the same gentle SIGINT a user would send, then a kill.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second

	return runResult(cmd.Run()), nil
}

// runResult maps the node process's fate to what the engine expects: nothing for success, Bail when the
// runner already reported the error, and an error message otherwise.
func runResult(err error) *pulumirpc.RunResponse {
	if err == nil {
		return &pulumirpc.RunResponse{}
	}
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		switch code := exitErr.ExitCode(); code {
		case exitCodeErrorAlreadyReported:
			return &pulumirpc.RunResponse{Bail: true}
		case -1:
			return &pulumirpc.RunResponse{Error: "the Node.js program was terminated: " + exitErr.String()}
		default:
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", code)}
		}
	}
	return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not run node: %v", err)}
}

// runnerFlags is the command line contract of @pulumi/pulumi/cmd/run (see its usage()). Flags use the
// --name=value form so that no value can be mistaken for a flag.
func (h *host) runnerFlags(req *pulumirpc.RunRequest, dir string) []string {
	flags := []string{
		"--monitor=" + req.GetMonitorAddress(),
		"--engine=" + h.engine(),
		"--project=" + req.GetProject(),
		"--stack=" + req.GetStack(),
		"--pwd=" + dir,
	}
	if root := req.GetInfo().GetRootDirectory(); root != "" {
		flags = append(flags, "--root-directory="+root)
	}
	if org := req.GetOrganization(); org != "" {
		flags = append(flags, "--organization="+org)
	}
	if req.GetParallel() > 0 {
		flags = append(flags, "--parallel="+strconv.Itoa(int(req.GetParallel())))
	}
	if req.GetDryRun() {
		flags = append(flags, "--dry-run") // a boolean for the runner: present means preview
	}
	if h.tracing != "" {
		flags = append(flags, "--tracing="+h.tracing)
	}
	return flags
}

// entryPoint is relative to the program directory; "." lets the runner pick package.json's main/exports.
func entryPoint(req *pulumirpc.RunRequest) string {
	if e := req.GetInfo().GetEntryPoint(); e != "" {
		return e
	}
	if p := req.GetProgram(); p != "" { //nolint:staticcheck // older engines only set this
		return p
	}
	return "."
}

// runEnv passes config and TypeScript settings the way the SDK reads them: config as JSON in PULUMI_CONFIG
// (keys as the engine sends them, "project:key"), secret key names in PULUMI_CONFIG_SECRET_KEYS. Later
// entries win in os/exec, so these override anything inherited.
func runEnv(req *pulumirpc.RunRequest, opts options) ([]string, error) {
	cfg := req.GetConfig()
	if cfg == nil {
		cfg = map[string]string{} // the SDK parses PULUMI_CONFIG as an object: "null" would crash it
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
	env := append(os.Environ(),
		"PULUMI_CONFIG="+string(config),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secrets),
		"PULUMI_NODEJS_TYPESCRIPT="+strconv.FormatBool(opts.typescript),
	)
	if opts.tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+opts.tsconfig)
	}
	return env, nil
}

// resolveFrom asks node itself where a module is, as seen from dir, so hoisting, workspaces and symlinked
// node_modules resolve exactly as they will when the program runs.
func resolveFrom(dir, module string) (string, error) {
	const script = `try { process.stdout.write(require.resolve(process.argv[1])) }
		catch (e) { process.stderr.write(String(e.message).split("\n")[0]); process.exit(1) }`
	cmd := exec.Command("node", "-e", script, module)
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return "", errors.New(msg)
		}
		return "", err
	}
	return string(out), nil
}
