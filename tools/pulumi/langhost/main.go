// Command pulumi-language-nodejs is a small Node.js language host for the Pulumi engine.
//
// Pulumi's own language host is not available from the Go module proxy this project builds from, so this one
// does the part the engine needs: it hands a program to the Node.js runner that ships inside @pulumi/pulumi
// (cmd/run), which does the real work of talking to the resource monitor.
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
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: %v\n", err)
		os.Exit(1)
	}

	// Listen before printing: the engine reads the first stdout line as the port and dials it at once.
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: listen: %v\n", err)
		os.Exit(1)
	}
	srv := grpc.NewServer(grpc.MaxRecvMsgSize(maxMessageSize), grpc.MaxSendMsgSize(maxMessageSize))
	pulumirpc.RegisterLanguageRuntimeServer(srv, newHost(args.engineAddress, args.tracing))
	fmt.Printf("%d\n", lis.Addr().(*net.TCPAddr).Port)

	// The engine stops plugins with SIGINT/SIGKILL; Go's default signal handling (exit) is what we want.
	if err := srv.Serve(lis); err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: serve: %v\n", err)
		os.Exit(1)
	}
}

type cliArgs struct {
	engineAddress string
	tracing       string
}

// parseArgs reads what the engine passes: optional logging and tracing flags, then the engine address as
// the last positional argument. Unknown flags are skipped rather than fatal, so that a newer engine adding
// one does not break the host.
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
