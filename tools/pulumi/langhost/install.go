package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"

	"google.golang.org/grpc"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// InstallDependencies runs `<packagemanager> install` in the program directory (`pulumi install`, or
// `pulumi new`), streaming its output back. `pulumi up` never calls it. Without a package.json there is
// nothing to install.
func (h *host) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest,
	stream grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse],
) error {
	dir := programDir(req.GetInfo(), req.GetDirectory()) //nolint:staticcheck // Directory: older engines
	if _, err := os.Stat(filepath.Join(dir, "package.json")); err != nil {
		return nil
	}
	pm := readOptions(req.GetInfo()).packageManager
	out := &streamWriter{stream: stream}
	cmd := exec.CommandContext(stream.Context(), pm, "install")
	cmd.Dir = dir
	cmd.Stdout = out.stdout()
	cmd.Stderr = out.stderr()
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s install in %s failed: %w", pm, dir, err)
	}
	return nil
}

// streamWriter forwards process output as InstallDependenciesResponse messages. os/exec copies stdout and
// stderr on separate goroutines, and a gRPC stream must not be sent on concurrently, hence the lock.
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
