//go:build tools

// Package tools pins the Pulumi YAML language host so that `go build` resolves it through the Go module proxy.
// It has a module of its own because it does not compile against the Pulumi SDK that tools/pulumi pins.
package tools

import _ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
