package main

import (
	"strings"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// options are the Pulumi.yaml `runtime.options` this host understands, with Pulumi's documented defaults.
type options struct {
	typescript     bool     // register ts-node before loading the program (default true)
	tsconfig       string   // tsconfig path for ts-node, relative to the program directory
	nodeArgs       []string // extra arguments for node itself, e.g. "--max-old-space-size=4096"
	packageManager string   // npm (default), yarn, pnpm or bun, for InstallDependencies
}

func readOptions(info *pulumirpc.ProgramInfo) options {
	o := options{typescript: true, packageManager: "npm"}
	fields := info.GetOptions().GetFields()
	if v, ok := fields["typescript"]; ok {
		// YAML gives a bool; a quoted "false" is accepted too, since that is an easy mistake to make.
		o.typescript = v.GetBoolValue() || strings.EqualFold(v.GetStringValue(), "true")
	}
	if v, ok := fields["tsconfig"]; ok {
		o.tsconfig = v.GetStringValue()
	}
	if v, ok := fields["nodeargs"]; ok {
		o.nodeArgs = strings.Fields(v.GetStringValue())
	}
	if v, ok := fields["packagemanager"]; ok && v.GetStringValue() != "" {
		o.packageManager = v.GetStringValue()
	}
	return o
}
