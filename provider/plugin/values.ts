import type { Struct as StructType } from "google-protobuf/google/protobuf/struct_pb";
import { Struct } from "./deps";
import { specialSigKey, specialSecretSig } from "@pulumi/pulumi/runtime/rpc";

/**
 * Property values between the engine's protobuf Structs and the plain objects the runtime takes. The plugin answers
 * Configure with `acceptSecrets: false`, as the dynamic-provider host does: the engine then sends resource
 * properties in clear and marks the outputs of secret inputs secret again itself, so both faces keep secrets alike.
 * Unknown values (preview) arrive as the SDK's sentinel string in both faces, which the runtime already handles.
 */
export function plain(struct: StructType | undefined): Record<string, unknown> {
  return unwrapSecrets(struct?.toJavaScript() ?? {}) as Record<string, unknown>;
}

/** Secrets can still arrive wrapped in provider config (an explicit provider's inputs); only the value is wanted. */
export function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value !== null && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (o[specialSigKey] === specialSecretSig) return unwrapSecrets(o.value);
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, unwrapSecrets(v)]));
  }
  return value;
}

/** Struct.fromJavaScript refuses `undefined`; a property the runtime leaves undefined is simply absent. */
export function struct(value: object): StructType {
  return Struct.fromJavaScript(defined(value) as Record<string, never>);
}

function defined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(defined);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, defined(v)]),
    );
  }
  return value;
}
