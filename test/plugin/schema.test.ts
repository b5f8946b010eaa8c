import * as pulumi from "@pulumi/pulumi";
import { DESCRIPTION_LEVELS, STATUS_COLORS } from "../../provider/client/codecs/status";
import { packageInfo } from "../../provider/packageInfo";
import { GET_PIPELINE, GET_STATUS } from "../../provider/plugin/functions";
import { PIPELINE, STATUS } from "../../provider/plugin/resources";
import { SCHEMA } from "../../provider/plugin/schema";
import * as plugin from "../../provider/plugin/sdk";
import type { PipelineArgs, StageArgs } from "../../provider/resources/pipeline";
import { PIPELINE_COMPUTED } from "../../provider/resources/pipeline";
import type { StatusArgs } from "../../provider/resources/status";
import { STATUS_COMPUTED } from "../../provider/resources/status";
import type { PipelineLookup, StatusLookup } from "../../provider/runtime/lookups/find";
import { createProvider } from "../../provider/runtime/provider";
import { SETTINGS } from "../../provider/runtime/session/settings";
import type {
  Adopt,
  LiveStage,
  PipelineOutputs,
  StatusDescriptionInput,
  StatusOutputs,
} from "../../provider/runtime/types";

/**
 * The package schema (provider/plugin/schema.json, as GetSchema serves it) held to the TypeScript sources: the
 * codecs' palette and levels, the resources' arguments and outputs, the lookups, and the settings. The lists below
 * are typed against the TypeScript types, so a property added to, dropped from, or made optional or required in
 * the sources fails to compile here until the list, and then the schema, follow.
 */

interface PropertySpec {
  type?: string;
  $ref?: string;
  oneOf?: PropertySpec[];
  description?: string;
  secret?: boolean;
  items?: PropertySpec;
  additionalProperties?: PropertySpec;
  defaultInfo?: { environment?: string[] };
}
interface ObjectSpec {
  description?: string;
  properties?: Record<string, PropertySpec>;
  required?: string[];
}
interface TypeSpec extends ObjectSpec {
  type: string;
  enum?: { name?: string; value: string; description?: string }[];
}
interface ResourceSpec extends ObjectSpec {
  inputProperties?: Record<string, PropertySpec>;
  requiredInputs?: string[];
}
interface Schema {
  name: string;
  version?: string;
  description?: string;
  config: { variables: Record<string, PropertySpec>; defaults?: string[] };
  provider: ResourceSpec;
  types: Record<string, TypeSpec>;
  resources: Record<string, ResourceSpec>;
  functions: Record<string, { description?: string; inputs: ObjectSpec; outputs: ObjectSpec }>;
}

const schema = SCHEMA as Schema;
const type = (name: string): TypeSpec => {
  const t = schema.types[`kommo:index:${name}`];
  if (!t) throw new Error(`the schema has no type kommo:index:${name}`);
  return t;
};
const resource = (token: string): ResourceSpec => {
  const r = schema.resources[token];
  if (!r) throw new Error(`the schema has no resource ${token}`);
  return r;
};
const fn = (token: string) => {
  const f = schema.functions[token];
  if (!f) throw new Error(`the schema has no function ${token}`);
  return f;
};
const ref = (name: string) => `#/types/kommo:index:${name}`;
const sorted = (xs: Iterable<string> | undefined) => [...(xs ?? [])].sort();

/**
 * Every key of T, each marked as T has it. An object literal of this type must name each key exactly once, with
 * the right mark: optional (`k?:`, or a type that admits undefined) or required.
 */
type Presence<T> = {
  readonly [K in keyof Required<T>]-?: object extends Pick<T, K>
    ? "optional"
    : undefined extends T[K]
      ? "optional"
      : "required";
};
const keysOf = (p: object) => sorted(Object.keys(p));
const requiredOf = (p: Record<string, string>) => sorted(Object.keys(p).filter((k) => p[k] === "required"));

/** The output properties a resource class declares to a program: its members beyond a CustomResource's own. */
type DeclaredOutputs<R> = Record<Exclude<keyof R, keyof pulumi.CustomResource>, true>;

const PIPELINE_ARGS: Presence<PipelineArgs> = {
  adopt: "optional",
  name: "required",
  sort: "required",
  isMain: "optional",
  isUnsortedOn: "optional",
  wonStatusName: "optional",
  lostStatusName: "optional",
  statuses: "optional",
};
const STATUS_ARGS: Presence<StatusArgs> = {
  adopt: "optional",
  pipelineId: "required",
  name: "required",
  sort: "required",
  color: "optional",
  descriptions: "optional",
};
const STAGE_ARGS: Presence<StageArgs> = {
  key: "optional",
  name: "required",
  color: "optional",
  descriptions: "optional",
};
const DESCRIPTION: Presence<StatusDescriptionInput> = { level: "required", description: "required" };
const ADOPT: Record<keyof Adopt, true> = { id: true, name: true };
const LIVE_STAGE: Presence<LiveStage> = {
  key: "optional",
  statusId: "required",
  name: "required",
  color: "required",
  sort: "required",
  descriptions: "optional",
};
const LIVE_DESCRIPTION: Presence<NonNullable<LiveStage["descriptions"]>[number]> = {
  id: "optional",
  level: "required",
  description: "required",
};

const PIPELINE_CLASS: DeclaredOutputs<plugin.Pipeline> = {
  name: true,
  sort: true,
  isMain: true,
  isUnsortedOn: true,
  wonStatusName: true,
  lostStatusName: true,
  statuses: true,
  pipelineId: true,
  isArchive: true,
  accountId: true,
  incomingStatusId: true,
  wonStatusId: true,
  lostStatusId: true,
  wonStatusLiveName: true,
  lostStatusLiveName: true,
  assignedSort: true,
  statusIds: true,
  liveStatuses: true,
};
const STATUS_CLASS: DeclaredOutputs<plugin.Status> = {
  pipelineId: true,
  name: true,
  sort: true,
  color: true,
  descriptions: true,
  statusId: true,
  type: true,
  isEditable: true,
  accountId: true,
  assignedSort: true,
  liveColor: true,
};
/** The outputs as the runtime types them (`adopt` is an input only, and no class exposes it). */
const PIPELINE_OUTPUTS: Presence<Omit<PipelineOutputs, "adopt">> = {
  name: "required",
  sort: "required",
  isMain: "optional",
  isUnsortedOn: "optional",
  wonStatusName: "optional",
  lostStatusName: "optional",
  statuses: "optional",
  pipelineId: "required",
  isArchive: "required",
  accountId: "required",
  incomingStatusId: "required",
  wonStatusId: "required",
  lostStatusId: "required",
  wonStatusLiveName: "required",
  lostStatusLiveName: "required",
  assignedSort: "required",
  statusIds: "required",
  liveStatuses: "required",
};
const STATUS_OUTPUTS: Presence<Omit<StatusOutputs, "adopt">> = {
  pipelineId: "required",
  name: "required",
  sort: "required",
  color: "optional",
  descriptions: "optional",
  statusId: "required",
  type: "required",
  isEditable: "required",
  accountId: "required",
  assignedSort: "required",
  liveColor: "required",
};

const GET_PIPELINE_ARGS: Presence<Parameters<typeof plugin.getPipeline>[0]> = { name: "required" };
const GET_STATUS_ARGS: Presence<Parameters<typeof plugin.getStatus>[0]> = { pipelineId: "required", name: "required" };
const PIPELINE_LOOKUP: Presence<PipelineLookup> = {
  pipelineId: "required",
  name: "required",
  isMain: "required",
  incomingStatusId: "optional",
  wonStatusId: "required",
  lostStatusId: "required",
  statusIds: "required",
};
const STATUS_LOOKUP: Presence<StatusLookup> = {
  statusId: "required",
  pipelineId: "required",
  name: "required",
  color: "required",
  sort: "required",
};
const PROVIDER_ARGS: Presence<plugin.ProviderArgs> = {
  subdomain: "optional",
  baseUrl: "optional",
  accessToken: "optional",
  rateLimit: "optional",
  requestTimeoutMs: "optional",
};

describe("the package", () => {
  test("is kommo, at the version of package.json (what GetPluginInfo reports)", () => {
    expect(schema.name).toBe("kommo");
    expect(schema.version).toBe(packageInfo().version);
  });

  test("serves exactly the resources and functions the plugin implements", () => {
    expect(sorted(Object.keys(schema.resources))).toEqual(sorted([PIPELINE, STATUS]));
    expect(sorted(Object.keys(schema.functions))).toEqual(sorted([GET_PIPELINE, GET_STATUS]));
  });
});

describe("enums", () => {
  test("StatusColor is the codec's palette, in its order", () => {
    const colors = type("StatusColor");
    expect(colors.type).toBe("string");
    expect(colors.enum?.map((e) => e.value)).toEqual([...STATUS_COLORS]);
    // Each member's name is its hex value, so a changed color cannot keep a stale name.
    expect(colors.enum?.map((e) => e.name)).toEqual(STATUS_COLORS.map((c) => `Hex${c.slice(1)}`));
  });

  test("DescriptionLevel is the codec's levels, in their order", () => {
    const levels = type("DescriptionLevel");
    expect(levels.type).toBe("string");
    expect(levels.enum?.map((e) => e.value)).toEqual([...DESCRIPTION_LEVELS]);
  });
});

describe("object types", () => {
  test.each([
    ["Stage", STAGE_ARGS],
    ["StatusDescription", DESCRIPTION],
    ["LiveStage", LIVE_STAGE],
    ["LiveDescription", LIVE_DESCRIPTION],
  ] as const)("%s has the properties of its TypeScript type, required where it requires them", (name, presence) => {
    const t = type(name);
    expect(t.type).toBe("object");
    expect(keysOf(t.properties ?? {})).toEqual(keysOf(presence));
    expect(sorted(t.required)).toEqual(requiredOf(presence));
  });

  test("Adopt takes id or name, neither required on its own", () => {
    const t = type("Adopt");
    expect(keysOf(t.properties ?? {})).toEqual(keysOf(ADOPT));
    expect(t.required ?? []).toEqual([]);
    expect(t.properties?.id?.type).toBe("integer");
  });

  test("colors and levels refer to the enums; the live ones are plain strings, since Kommo's may be outside them", () => {
    // A color is the enum or a plain string, so that Python and Go programs can write "#98cbff" as YAML does.
    expect(type("Stage").properties?.color?.oneOf?.map((o) => o.$ref ?? o.type)).toEqual([
      "string",
      ref("StatusColor"),
    ]);
    expect(type("StatusDescription").properties?.level?.$ref).toBe(ref("DescriptionLevel"));
    expect(type("Stage").properties?.descriptions?.items?.$ref).toBe(ref("StatusDescription"));
    expect(type("LiveStage").properties?.color?.type).toBe("string");
    expect(type("LiveDescription").properties?.level?.type).toBe("string");
    expect(type("LiveStage").properties?.descriptions?.items?.$ref).toBe(ref("LiveDescription"));
  });
});

describe.each([
  {
    token: PIPELINE,
    args: PIPELINE_ARGS,
    declared: PIPELINE_CLASS,
    outputs: PIPELINE_OUTPUTS,
    computed: Object.keys(PIPELINE_COMPUTED),
  },
  {
    token: STATUS,
    args: STATUS_ARGS,
    declared: STATUS_CLASS,
    outputs: STATUS_OUTPUTS,
    computed: Object.keys(STATUS_COMPUTED),
  },
])("$token", ({ token, args, declared, outputs, computed }) => {
  test("its inputs are the Args interface's, required where it requires them", () => {
    const r = resource(token);
    expect(keysOf(r.inputProperties ?? {})).toEqual(keysOf(args));
    expect(sorted(r.requiredInputs)).toEqual(requiredOf(args));
  });

  test("its outputs are the ones the class declares: every input but adopt, and what Kommo computes", () => {
    const r = resource(token);
    expect(keysOf(declared)).toEqual(keysOf(outputs));
    expect(keysOf(r.properties ?? {})).toEqual(keysOf(declared));
    for (const key of computed) expect(Object.keys(r.properties ?? {})).toContain(key);
    expect(Object.keys(r.properties ?? {})).not.toContain("adopt");
  });

  test("every output the runtime always sets is required, and only those", () => {
    const r = resource(token);
    // Beyond the outputs the runtime types require, check fills in a default that every state then holds.
    const defaulted = token === PIPELINE ? ["isUnsortedOn"] : ["descriptions"];
    expect(sorted(r.required)).toEqual(sorted([...requiredOf(outputs), ...defaulted]));
    for (const key of r.required ?? []) expect(Object.keys(r.properties ?? {})).toContain(key);
  });

  test("the property types agree between inputs and outputs", () => {
    const r = resource(token);
    for (const [key, input] of Object.entries(r.inputProperties ?? {})) {
      if (key === "adopt") continue;
      const output = r.properties?.[key];
      expect({ key, type: output?.type, ref: output?.$ref, items: output?.items }).toEqual({
        key,
        type: input.type,
        ref: input.$ref,
        items: input.items,
      });
    }
  });
});

describe("the runtime", () => {
  const runtime = createProvider({});

  test("check gives every pipeline isUnsortedOn and every status descriptions, so both are required outputs", async () => {
    const pipeline = await runtime.pipeline.check({}, { name: "Sales", sort: 10 });
    expect(pipeline.failures).toEqual([]);
    expect(pipeline.inputs?.isUnsortedOn).toBe(true);
    const status = await runtime.status.check({}, { pipelineId: 1, name: "New", sort: 10 });
    expect(status.failures).toEqual([]);
    expect(status.inputs?.descriptions).toEqual([]);
  });
});

describe("what the plugin face registers", () => {
  const registered: { type: string; inputs: Record<string, unknown> }[] = [];
  let resources: { pipeline: plugin.Pipeline; status: plugin.Status };

  beforeAll(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (a) => {
          registered.push({ type: a.type, inputs: a.inputs as Record<string, unknown> });
          return { id: "7000001", state: a.inputs as Record<string, unknown> };
        },
        call: () => ({}),
      },
      "kommo-schema-test",
      "test",
      false,
    );
    // Every optional input is declared: the SDK makes an Output property only of what a resource registers.
    const pipeline = new plugin.Pipeline("p", {
      name: "Sales",
      sort: 10,
      isMain: false,
      isUnsortedOn: true,
      wonStatusName: "Paid",
      lostStatusName: "Lost",
      statuses: [{ name: "New" }],
    });
    const status = new plugin.Status("s", {
      pipelineId: 7000001,
      name: "Won back",
      sort: 20,
      color: "#ffeab2",
      descriptions: [{ level: "newbie", description: "Call back" }],
    });
    resources = { pipeline, status };
    await Promise.all([pipeline, status].map((r) => new Promise((done) => r.urn.apply(done))));
  });

  test("each resource under a token of the schema, with only property names the schema has", () => {
    expect(registered.map((r) => r.type).sort()).toEqual(sorted([PIPELINE, STATUS]));
    for (const r of registered) {
      const spec = resource(r.type);
      const known = new Set([...Object.keys(spec.inputProperties ?? {}), ...Object.keys(spec.properties ?? {})]);
      for (const key of Object.keys(r.inputs)) expect({ key, known: known.has(key) }).toEqual({ key, known: true });
    }
  });

  test("the Output properties of each instance are the schema's outputs", () => {
    const outputsOf = (r: pulumi.CustomResource) =>
      sorted(Object.keys(r).filter((k) => k !== "urn" && k !== "id" && pulumi.Output.isInstance((r as never)[k])));
    expect(outputsOf(resources.pipeline)).toEqual(keysOf(resource(PIPELINE).properties ?? {}));
    expect(outputsOf(resources.status)).toEqual(keysOf(resource(STATUS).properties ?? {}));
  });
});

describe("functions", () => {
  test.each([
    [GET_PIPELINE, GET_PIPELINE_ARGS, PIPELINE_LOOKUP],
    [GET_STATUS, GET_STATUS_ARGS, STATUS_LOOKUP],
  ] as const)("%s takes the lookup's arguments and returns what the lookup finds", (token, args, found) => {
    const f = fn(token);
    expect(keysOf(f.inputs.properties ?? {})).toEqual(keysOf(args));
    expect(sorted(f.inputs.required)).toEqual(requiredOf(args));
    expect(keysOf(f.outputs.properties ?? {})).toEqual(keysOf(found));
    expect(sorted(f.outputs.required)).toEqual(requiredOf(found));
  });
});

describe("settings", () => {
  test("the stack config variables are the runtime's settings, each with its environment variable", () => {
    const vars = schema.config.variables;
    expect(keysOf(vars)).toEqual(keysOf(SETTINGS));
    for (const [name, where] of Object.entries(SETTINGS)) {
      expect(where.config).toBe(`kommo:${name}`);
      expect({ name, env: vars[name]?.defaultInfo?.environment }).toEqual({ name, env: [where.env] });
    }
    expect(schema.config.defaults ?? []).toEqual([]);
  });

  test("the provider takes the same settings as the TypeScript Provider, none required", () => {
    expect(keysOf(schema.provider.inputProperties ?? {})).toEqual(keysOf(SETTINGS));
    expect(keysOf(schema.provider.inputProperties ?? {})).toEqual(keysOf(PROVIDER_ARGS));
    expect(schema.provider.requiredInputs ?? []).toEqual([]);
    // The provider process falls back to the environment itself; the SDKs must not read it into the state.
    for (const p of Object.values(schema.provider.inputProperties ?? {})) expect(p.defaultInfo).toBeUndefined();
  });

  test("the access token is secret wherever it appears, and nothing else is", () => {
    const secrets = (props: Record<string, PropertySpec> | undefined) =>
      Object.entries(props ?? {})
        .filter(([, p]) => p.secret)
        .map(([k]) => k);
    expect(secrets(schema.config.variables)).toEqual(["accessToken"]);
    expect(secrets(schema.provider.inputProperties)).toEqual(["accessToken"]);
    expect(secrets(schema.provider.properties)).toEqual(["accessToken"]);
  });
});

describe("descriptions and number types", () => {
  /** Every property spec of the schema, with where it is. */
  function* allProperties(): Generator<[string, PropertySpec]> {
    const each = function* (where: string, props: Record<string, PropertySpec> | undefined) {
      for (const [k, p] of Object.entries(props ?? {})) yield [`${where}.${k}`, p] as [string, PropertySpec];
    };
    yield* each("config", schema.config.variables);
    yield* each("provider.inputs", schema.provider.inputProperties);
    yield* each("provider", schema.provider.properties);
    for (const [t, spec] of Object.entries(schema.types)) yield* each(t, spec.properties);
    for (const [t, spec] of Object.entries(schema.resources)) {
      yield* each(`${t}.inputs`, spec.inputProperties);
      yield* each(t, spec.properties);
    }
    for (const [t, spec] of Object.entries(schema.functions)) {
      yield* each(`${t}.inputs`, spec.inputs.properties);
      yield* each(`${t}.outputs`, spec.outputs.properties);
    }
  }

  test("every property, type, enum member, resource and function has a description", () => {
    const missing: string[] = [];
    const check = (where: string, d: string | undefined) => {
      if (!d?.trim()) missing.push(where);
    };
    check("package", schema.description);
    check("provider", schema.provider.description);
    for (const [where, p] of allProperties()) check(where, p.description);
    for (const [t, spec] of Object.entries(schema.types)) {
      check(t, spec.description);
      for (const e of spec.enum ?? []) check(`${t}.${e.value}`, e.description);
    }
    for (const [t, spec] of Object.entries(schema.resources)) check(t, spec.description);
    for (const [t, spec] of Object.entries(schema.functions)) check(t, spec.description);
    expect(missing).toEqual([]);
  });

  test("ids, sorts and counts are integers; only the rate limit (requests per second) is a fractional number", () => {
    const numbers = [...allProperties()]
      .filter(([, p]) => p.type === "number" || p.items?.type === "number" || p.additionalProperties?.type === "number")
      .map(([where]) => where);
    expect(numbers.sort()).toEqual(["config.rateLimit", "provider.inputs.rateLimit"]);
    expect(resource(PIPELINE).properties?.statusIds?.additionalProperties?.type).toBe("integer");
    expect(fn(GET_PIPELINE).outputs.properties?.statusIds?.additionalProperties?.type).toBe("integer");
  });

  test("list and map outputs have the element types of the sources", () => {
    expect(resource(PIPELINE).inputProperties?.statuses?.items?.$ref).toBe(ref("Stage"));
    expect(resource(PIPELINE).properties?.statuses?.items?.$ref).toBe(ref("Stage"));
    expect(resource(PIPELINE).properties?.liveStatuses?.items?.$ref).toBe(ref("LiveStage"));
    expect(resource(PIPELINE).inputProperties?.adopt?.$ref).toBe(ref("Adopt"));
    expect(resource(STATUS).inputProperties?.adopt?.$ref).toBe(ref("Adopt"));
    expect(resource(STATUS).inputProperties?.color?.oneOf?.map((o) => o.$ref ?? o.type)).toEqual([
      "string",
      ref("StatusColor"),
    ]);
  });

  test("the resources say how the plugin imports them", () => {
    expect(resource(PIPELINE).description).toContain("pulumi import kommo:index:Pipeline NAME <pipelineId>");
    expect(resource(STATUS).description).toContain("pulumi import kommo:index:Status NAME <pipelineId>/<statusId>");
    const all = JSON.stringify(schema);
    expect(all).not.toMatch(/import[^"]*does not work/);
  });
});
