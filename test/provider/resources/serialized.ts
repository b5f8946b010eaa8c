import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import type * as dynamic from "@pulumi/pulumi/dynamic";

const ROOT = path.resolve(__dirname, "../../..");
const SOURCE = path.join(ROOT, "provider");
const DIST = path.join(ROOT, "dist", "provider");

/** Installed with @pulumi/pulumi: the dynamic provider host loads `__provider` with it. It ships no types. */
const requireFromString: (code: string, filename?: string) => any = require("require-from-string");

export type Provider = Required<dynamic.ResourceProvider>;

function sourcesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourcesUnder(p) : e.name.endsWith(".ts") ? [p] : [];
  });
}

/**
 * The serialized provider loads the runtime from dist/ at run time, so these tests exercise compiled code. A
 * missing or stale build would test something other than the source, so it fails here with what to do.
 */
function assertFreshBuild(): void {
  for (const ts of sourcesUnder(SOURCE)) {
    const js = path.join(DIST, path.relative(SOURCE, ts)).replace(/\.ts$/, ".js");
    if (!fs.existsSync(js)) throw new Error(`${path.relative(ROOT, js)} is missing: run \`npm run build\` before these tests`);
    if (fs.statSync(js).mtimeMs < fs.statSync(ts).mtimeMs) {
      throw new Error(`${path.relative(ROOT, js)} is older than ${path.relative(ROOT, ts)}: run \`npm run build\``);
    }
  }
}

/**
 * Code loaded by require-from-string runs outside Jest's per-file module registry, through Node's own `require`,
 * so the compiled runtime it loads would otherwise keep its module state (settings, declared sorts, batch queues)
 * from one test file to the next in the same worker. Dropping dist/ from Node's cache before a file deserializes
 * gives it a fresh provider process, as each `pulumi up` gets one.
 */
export function freshProviderProcess(): void {
  // Jest's "module" copies Node's statics, so _cache here is Node's real require cache.
  const cache = (require("module") as { _cache: Record<string, unknown> })._cache;
  for (const key of Object.keys(cache)) if (key.startsWith(path.join(ROOT, "dist") + path.sep)) delete cache[key];
}

/**
 * A module of the compiled runtime, the very instance a deserialized provider uses: it is loaded through Node's own
 * `require` (and its cache), as `require-from-string` code loads it, not through Jest's per-file registry.
 */
export function compiledRuntimeModule<T>(name: string): T {
  // Jest replaces module.createRequire with its own registry's require; code compiled the way the provider host
  // compiles `__provider` gets Node's.
  const nodeRequire = requireFromString("module.exports = require;", path.join(ROOT, "node-require.js")) as NodeRequire;
  return nodeRequire(path.join(DIST, "runtime", name)) as T;
}

/** Drops the shared reads and exact snapshots of the compiled runtime, as a fresh provider process starts. */
export function resetCompiledViews(): void {
  compiledRuntimeModule<{ resetViews: () => void }>("views").resetViews();
}

/** The provider object exactly as the compiled resource module hands it to `dynamic.Resource`. */
export function compiledProvider(resource: "pipeline" | "status"): Provider {
  assertFreshBuild();
  const mod = require(path.join(DIST, "resources", `${resource}.js`)) as Record<string, Provider>;
  const provider = mod[`${resource}Provider`];
  if (!provider) throw new Error(`dist/provider/resources/${resource}.js does not export ${resource}Provider`);
  return provider;
}

/**
 * Serializes the provider as `dynamic.Resource` does for `__provider` (@pulumi/pulumi dynamic/index.js:
 * `serializeFunction(() => provider, { allowSecrets: true })`), so whatever Pulumi cannot serialize fails here.
 */
export async function serializeLikeDynamicResource(provider: Provider): Promise<pulumi.runtime.SerializedFunction> {
  return pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
}

/**
 * The `__provider` a real resource registers, taken from the engine's side under Pulumi's mocks: the harness's own
 * serialization is compared with it, so the tests cannot drift from what `dynamic.Resource` writes into state.
 */
export async function registeredProviderText(resource: "pipeline" | "status"): Promise<string> {
  assertFreshBuild();
  let text: unknown;
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        text = args.inputs.__provider;
        return { id: "1", state: args.inputs };
      },
      call: () => ({}),
    },
    "kommo-provider-test",
    "test",
    false,
  );
  const kommo = require(path.join(DIST, "index.js"));
  const created: pulumi.CustomResource =
    resource === "pipeline"
      ? new kommo.Pipeline("sales", { name: "Sales", sort: 10 })
      : new kommo.Status("qualified", { pipelineId: 1, name: "Qualified", sort: 10 });
  await new Promise((resolve) => created.urn.apply(resolve));
  if (typeof text !== "string") throw new Error(`the ${resource} resource registered no __provider text`);
  return text;
}

/** Loads `__provider` back as the dynamic provider host does (cmd/dynamic-provider: `requireFromString(text).handler()`). */
export function deserializeLikeProviderHost(text: string): Provider {
  return (requireFromString(text) as { handler: () => unknown }).handler() as Provider;
}
