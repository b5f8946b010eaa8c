// Command pulumi-language-python is a small Python language host for the Pulumi engine.
//
// Pulumi's own Python host is a separate Go module that the Go module proxy this project builds from does not
// serve, so this one does the part the engine needs: it hands a program to pulumi-language-python-exec, the
// Python runner that ships in the pinned github.com/pulumi/pulumi/sdk/v3 module (python/cmd), which does the
// real work of talking to the resource monitor through the `pulumi` package installed in the program's
// environment. The build copies that runner next to this binary, where Pulumi's own host keeps it too.
package main

import (
	"fmt"
	"net"
	"os"
	"strings"

	"google.golang.org/grpc"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// version is set at link time (-X main.version=...) to the pinned Pulumi version, so that `pulumi about` and
// GetPluginInfo show which CLI this host was built alongside.
var version = "0.0.0-dev"

// maxMessageSize matches the engine's generous gRPC limits; the default 4 MB could cut off a large RunRequest.
const maxMessageSize = 400 * 1024 * 1024

func main() {
	args, err := parseArgs(os.Args[1:])
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-python: %v\n", err)
		os.Exit(1)
	}

	// Listen before printing: the engine reads the first stdout line as the port and dials it at once.
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-python: listen: %v\n", err)
		os.Exit(1)
	}
	srv := grpc.NewServer(grpc.MaxRecvMsgSize(maxMessageSize), grpc.MaxSendMsgSize(maxMessageSize))
	pulumirpc.RegisterLanguageRuntimeServer(srv, newHost(args.engineAddress, args.tracing))
	fmt.Printf("%d\n", lis.Addr().(*net.TCPAddr).Port)

	// The engine stops plugins with SIGINT/SIGKILL; Go's default signal handling (exit) is what we want.
	if err := srv.Serve(lis); err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-python: serve: %v\n", err)
		os.Exit(1)
	}
}

type cliArgs struct {
	engineAddress string
	tracing       string
}

// parseArgs reads what the engine passes: optional logging and tracing flags, then the engine address as
// the last positional argument. Unknown flags are skipped rather than fatal, so that a newer engine adding
// one does not break the host. Pulumi's own host also takes obsolete -virtualenv/-root/-toolchain/-typechecker
// flags with a value; no engine of this major version sends them, so they need no special parsing.
func parseArgs(argv []string) (cliArgs, error) {
	var out cliArgs
	for i := 0; i < len(argv); i++ {
		a := argv[i]
		switch {
		case a == "--tracing" || a == "-tracing":
			if i+1 < len(argv) {
				out.tracing = argv[i+1]
				i++
			}
		case strings.HasPrefix(a, "--tracing=") || strings.HasPrefix(a, "-tracing="):
			out.tracing = a[strings.Index(a, "=")+1:]
		case strings.HasPrefix(a, "-"):
			// --logtostderr, -v=N and the like: this host logs nothing of its own worth flowing.
		default:
			out.engineAddress = a
		}
	}
	if out.engineAddress == "" {
		return out, fmt.Errorf("missing engine address argument")
	}
	return out, nil
}
