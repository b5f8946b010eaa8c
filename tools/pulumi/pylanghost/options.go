package main

import (
	"fmt"

	"google.golang.org/protobuf/types/known/structpb"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// options are the Pulumi.yaml `runtime.options` this host understands.
type options struct {
	// virtualenv is the program's virtual environment; relative paths are taken from the project root (the
	// directory of Pulumi.yaml), as Pulumi's own host does. Empty means the ambient python3.
	virtualenv string
}

// readOptions rejects the options of Pulumi's own host that this one does not implement, rather than ignoring
// them: a program that asks for poetry, uv or a typechecker would otherwise run quietly in the wrong
// environment, or unchecked.
func readOptions(info *pulumirpc.ProgramInfo) (options, error) {
	var o options
	fields := info.GetOptions().GetFields()
	if v, ok := fields["virtualenv"]; ok {
		if _, isString := v.GetKind().(*structpb.Value_StringValue); !isString {
			return o, fmt.Errorf("the 'virtualenv' option in Pulumi.yaml must be a string")
		}
		o.virtualenv = v.GetStringValue()
	}
	if v, ok := fields["toolchain"]; ok && v.GetStringValue() != "pip" {
		return o, fmt.Errorf("the 'toolchain' option in Pulumi.yaml is %q, but this project's Python language "+
			"host only supports pip (with an optional 'virtualenv')", v.GetStringValue())
	}
	if _, ok := fields["typechecker"]; ok {
		return o, fmt.Errorf("the 'typechecker' option in Pulumi.yaml is not supported by this project's " +
			"Python language host; run mypy or pyright separately")
	}
	return o, nil
}
