package main

import (
	"context"
	"encoding/json"
	"strings"
	"sync"

	"google.golang.org/protobuf/types/known/emptypb"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// host implements the LanguageRuntime RPCs that preview, up, refresh, destroy, `pulumi install`, `pulumi about`
// and the Automation API use. Everything else (code generation, packing, linking, RunPlugin for plugins
// written as Python projects, runtime option prompts for `pulumi new`) stays Unimplemented: the engine only
// calls those for `pulumi convert`, `pulumi package`, plugin directories and templates, none of which this
// project uses.
type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	mu            sync.Mutex
	engineAddress string
	tracing       string
}

func newHost(engineAddress, tracing string) *host {
	return &host{engineAddress: engineAddress, tracing: tracing}
}

func (h *host) engine() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.engineAddress
}

// Handshake is only sent when the engine attaches to an already running host (PULUMI_DEBUG_LANGUAGES);
// it carries the engine address that a launched host otherwise gets on its command line.
func (h *host) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	if req.GetEngineAddress() != "" {
		h.mu.Lock()
		h.engineAddress = req.GetEngineAddress()
		h.mu.Unlock()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

// GetRequiredPlugins and GetRequiredPackages report nothing. Pulumi's own host lists the installed pulumi_*
// packages (and creates a missing virtualenv on the way) so that the engine can download their resource
// plugins ahead of a run; this project installs no Python provider packages and never downloads plugins, and
// the engine still loads any plugin a program registers on first use.
func (h *host) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *host) GetRequiredPackages(
	context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

// About feeds the runtime metadata that `pulumi up` records with each update and `pulumi about` prints. It
// asks the program's own interpreter, so a virtualenv shows as what it is.
func (h *host) About(ctx context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	py, err := resolvePython(req.GetInfo(), req.GetInfo().GetProgramDirectory())
	if err != nil || py.validate() != nil {
		return &pulumirpc.AboutResponse{}, nil // metadata only: the problem surfaces properly in Run
	}
	const script = "import platform, sys; print(sys.executable); print(platform.python_version())"
	out, err := py.command(ctx, "-c", script).Output()
	if err != nil {
		return &pulumirpc.AboutResponse{Executable: py.python}, nil
	}
	executable, pyVersion, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	return &pulumirpc.AboutResponse{Executable: executable, Version: strings.TrimSpace(pyVersion)}, nil
}

// GetProgramDependencies lists the packages installed in the program's environment, for `pulumi about`: only
// the top-level ones (pip's --not-required) unless the engine asks for all of them.
func (h *host) GetProgramDependencies(
	ctx context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	dir := programDir(req.GetInfo(), req.GetPwd()) //nolint:staticcheck // Pwd is the fallback for old engines
	py, err := resolvePython(req.GetInfo(), dir)
	if err == nil {
		err = py.validate()
	}
	if err != nil {
		return nil, err
	}
	args := []string{"-m", "pip", "list", "--format=json", "--disable-pip-version-check"}
	if !req.GetTransitiveDependencies() {
		args = append(args, "--not-required")
	}
	cmd := py.command(ctx, args...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return &pulumirpc.GetProgramDependenciesResponse{}, nil // no pip in the environment: nothing to list
	}
	var pkgs []struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	}
	if err := json.Unmarshal(out, &pkgs); err != nil {
		return &pulumirpc.GetProgramDependenciesResponse{}, nil
	}
	resp := &pulumirpc.GetProgramDependenciesResponse{}
	for _, p := range pkgs {
		resp.Dependencies = append(resp.Dependencies, &pulumirpc.DependencyInfo{Name: p.Name, Version: p.Version})
	}
	return resp, nil
}

// Cancel is acknowledged so the engine knows the host shut down on request; a running program is stopped by
// the cancellation of its Run call instead.
func (h *host) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

// programDir is where the program (and its requirements.txt) lives. ProgramInfo is what current engines send;
// the bare directory argument is what older ones did.
func programDir(info *pulumirpc.ProgramInfo, fallback string) string {
	if d := info.GetProgramDirectory(); d != "" {
		return d
	}
	return fallback
}
