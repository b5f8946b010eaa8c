package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"

	"google.golang.org/grpc"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// InstallDependencies (`pulumi install`, or `pulumi new`) creates the virtualenv that Pulumi.yaml names when it
// does not exist yet, then runs `pip install -r requirements.txt` in it, streaming the output back. Without a
// virtualenv option pip installs into the ambient interpreter, as with Pulumi's own host. `pulumi up` never
// calls this; it fails with instructions instead when the virtualenv is missing. Unlike Pulumi's own host this
// does not upgrade pip, setuptools and wheel first: the venv's bundled pip installs wheels fine, and the
// upgrade would cost a round trip to PyPI on every install.
func (h *host) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest,
	stream grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse],
) error {
	dir := programDir(req.GetInfo(), req.GetDirectory()) //nolint:staticcheck // Directory: older engines
	py, err := resolvePython(req.GetInfo(), dir)
	if err != nil {
		return err
	}
	ctx := stream.Context()
	out := &streamWriter{stream: stream}

	if py.venv != "" && !py.venvExists() {
		base, err := ambientPython()
		if err != nil {
			return err
		}
		fmt.Fprintf(out.stdout(), "Creating virtual environment in %s...\n", py.venv)
		if err := run(exec.CommandContext(ctx, base, "-m", "venv", py.venv), dir, out); err != nil {
			return fmt.Errorf("creating virtual environment %s: %w", py.venv, err)
		}
	}

	if _, err := os.Stat(filepath.Join(dir, "requirements.txt")); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err := run(py.command(ctx, "-m", "pip", "install", "-r", "requirements.txt"), dir, out); err != nil {
		return fmt.Errorf("pip install -r requirements.txt in %s failed: %w", dir, err)
	}
	return nil
}

func run(cmd *exec.Cmd, dir string, out *streamWriter) error {
	cmd.Dir = dir
	cmd.Stdout = out.stdout()
	cmd.Stderr = out.stderr()
	return cmd.Run()
}

// streamWriter forwards process output as InstallDependenciesResponse messages. os/exec copies stdout and
// stderr on separate goroutines, and a gRPC stream must not be sent on concurrently, hence the lock. (The same
// as the Node.js host's: two small commands in one module share no package yet.)
type streamWriter struct {
	mu     sync.Mutex
	stream grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse]
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func (w *streamWriter) send(msg *pulumirpc.InstallDependenciesResponse, n int) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.stream.Send(msg); err != nil {
		return 0, err
	}
	return n, nil
}

// The byte slices are copied because os/exec reuses its buffer after Write returns.
func (w *streamWriter) stdout() writerFunc {
	return func(p []byte) (int, error) {
		return w.send(&pulumirpc.InstallDependenciesResponse{Stdout: append([]byte{}, p...)}, len(p))
	}
}

func (w *streamWriter) stderr() writerFunc {
	return func(p []byte) (int, error) {
		return w.send(&pulumirpc.InstallDependenciesResponse{Stderr: append([]byte{}, p...)}, len(p))
	}
}
