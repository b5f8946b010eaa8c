import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import nock from "nock";
import type { KommoType } from "../../../provider/resources/kommoResource";
import { TEST_CONFIG, configRequest, isolateKommoEnv, useNock } from "../support";

export type { KommoType };

/**
 * The program's folder: the repository's own programs run here, and `npm ci` links the package into its
 * node_modules as `pulumi-kommo` (the dev dependency `"pulumi-kommo": "file:."`), as a user's install would.
 */
export const PROGRAM_DIR = path.resolve(__dirname, "../../..");
const SOURCE = path.join(PROGRAM_DIR, "provider");
const DIST = path.join(PROGRAM_DIR, "dist", "provider");

/** The type token `pulumi.dynamic.Resource` registers for module `kommo`. */
export const typeToken = (type: KommoType) => `pulumi-nodejs:dynamic/kommo:${type}`;

/** Installed with @pulumi/pulumi: the dynamic provider host loads `__provider` with it. It ships no types. */
const requireFromString: (code: string, filename?: string) => unknown = require("require-from-string");

export type Provider = Required<dynamic.ResourceProvider>;

/** What the package's runtime index exports; the provider modules are built from it. */
export interface ProviderRuntime {
  configure: Provider["configure"];
  pipeline: Omit<Provider, "configure">;
  status: Omit<Provider, "configure">;
  resetSession: () => void;
}

function sourcesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourcesUnder(p) : e.name.endsWith(".ts") ? [p] : [];
  });
}

let checkedBuild = false;
/**
 * `__provider` requires the package's compiled runtime, so these tests exercise dist/. A missing or stale build
 * would test something other than the source, so it fails here with what to do.
 */
function assertFreshBuild(): void {
  if (checkedBuild) return;
  checkedBuild = true;
  for (const ts of sourcesUnder(SOURCE)) {
    const js = path.join(DIST, path.relative(SOURCE, ts)).replace(/\.ts$/, ".js");
    if (!fs.existsSync(js)) {
      throw new Error(`${path.relative(PROGRAM_DIR, js)} is missing: run \`npm run build\` before these tests`);
    }
    if (fs.statSync(js).mtimeMs < fs.statSync(ts).mtimeMs) {
      throw new Error(
        `${path.relative(PROGRAM_DIR, js)} is older than ${path.relative(PROGRAM_DIR, ts)}: run \`npm run build\``,
      );
    }
  }
}

/** The built package, as a program imports it (typed by its source). */
export function builtResources(): typeof import("../../../provider") {
  assertFreshBuild();
  return require(path.join(DIST, "index.js")) as typeof import("../../../provider");
}

/** `serializedProvider` of the built resources: the `__provider` text each resource of the type registers. */
export function builtSerializedProvider(type: KommoType): string {
  assertFreshBuild();
  const built = require(path.join(DIST, "resources", "kommoResource.js")) as {
    serializedProvider: (t: KommoType) => string;
  };
  return built.serializedProvider(type);
}

/**
 * Loads `__provider` as the dynamic provider host does (cmd/dynamic-provider, `getProvider`:
 * `requireFromString(text).handler()`). With no file name, require-from-string resolves the text's `require`s from
 * the working directory, which for the host is the program's folder: Jest must run from there too.
 */
export function loadLikeProviderHost(text: string): Provider {
  if (process.cwd() !== PROGRAM_DIR) {
    throw new Error(`run Jest from ${PROGRAM_DIR}: the provider host resolves __provider from the program's folder`);
  }
  return (requireFromString(text) as { handler: () => Provider }).handler();
}

/**
 * The package's runtime as the loaded providers see it. Code compiled by require-from-string gets Node's own
 * `require` and its cache, not Jest's per-file registry, so the runtime is required the same way, by the package's
 * name from the program's folder: the same module instance, whose `resetSession` reaches the providers' session.
 */
export function providerRuntime(): ProviderRuntime {
  const nodeRequire = requireFromString("module.exports = require;", path.join(PROGRAM_DIR, "program.js"));
  return (nodeRequire as NodeJS.Require)("pulumi-kommo/runtime") as ProviderRuntime;
}

/**
 * One process of Pulumi's dynamic-provider host: each distinct `__provider` text is loaded once and cached, and its
 * provider configured once with the whole stack config in the host's own Config class. The provider is cached
 * before configure is awaited, as the host does, so a configure that failed is not run again.
 */
export class ProviderProcess {
  private readonly cache = new Map<string, Provider>();

  constructor(private readonly config: Record<string, string> = TEST_CONFIG) {
    providerRuntime().resetSession();
  }

  async provider(text: string): Promise<Provider> {
    let provider = this.cache.get(text);
    if (!provider) {
      provider = loadLikeProviderHost(text);
      this.cache.set(text, provider);
      await provider.configure(configRequest(this.config));
    }
    return provider;
  }
}

/**
 * Each test is a provider process of its own, with the network closed and the developer's KOMMO_* kept out. Every
 * mock must be used (useNock), and a request no mock expects is recorded and fails the test by name, so "no GET"
 * is checked too, not only "every mock was hit".
 */
export function useProviderProcess(config: Record<string, string> = TEST_CONFIG): { current: ProviderProcess } {
  useNock();
  isolateKommoEnv();
  const unexpected: string[] = [];
  const record = (req: { method?: string; path?: string }) => unexpected.push(`${req.method} ${req.path}`);
  beforeAll(() => void nock.emitter.on("no match", record));
  afterAll(() => void nock.emitter.removeListener("no match", record));
  const host = { current: undefined as unknown as ProviderProcess };
  beforeEach(() => {
    host.current = new ProviderProcess(config);
  });
  afterEach(() => {
    expect(unexpected.splice(0)).toEqual([]);
  });
  return host;
}

/** What the engine received when a program declared a resource: its type token, name and inputs. */
export interface Registration {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

/**
 * Runs a program under Pulumi's mocks and records each resource it registers. `answer` plays the engine's part for
 * each one (by default it echoes the inputs); the resources are returned once every one is registered.
 */
export async function underMocks<R extends pulumi.CustomResource[]>(
  program: (kommo: ReturnType<typeof builtResources>) => R,
  answer: (r: Registration) => Promise<pulumi.runtime.MockResourceResult> | pulumi.runtime.MockResourceResult = (
    r,
  ) => ({ id: "1", state: r.inputs }),
): Promise<{ registered: Registration[]; resources: R }> {
  const registered: Registration[] = [];
  // An answer that fails leaves the resource's outputs unresolved: the failure ends the wait instead.
  let failed: (e: unknown) => void = () => undefined;
  const failure = new Promise<never>((_, reject) => (failed = reject));
  await pulumi.runtime.setMocks(
    {
      newResource: async (args) => {
        const r = { type: args.type, name: args.name, inputs: args.inputs as Record<string, unknown> };
        registered.push(r);
        try {
          return await answer(r);
        } catch (e) {
          failed(e);
          throw e;
        }
      },
      call: () => ({}),
    },
    "kommo-provider-test",
    "test",
    false,
  );
  const resources = program(builtResources());
  await Promise.race([Promise.all(resources.map((r) => valueOf(r.urn))), failure]);
  return { registered, resources };
}

/** The value of an output, once the engine has answered. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => {
    output.apply(resolve);
  });
}

/** The output properties a resource declares to a program: every `Output` it holds but its `urn` and `id`. */
export function declaredOutputs(resource: pulumi.CustomResource): Record<string, pulumi.Output<unknown>> {
  return Object.fromEntries(
    Object.entries(resource).filter(([k, v]) => k !== "urn" && k !== "id" && pulumi.Output.isInstance(v)),
  );
}

/**
 * The engine's part in an up, played through a provider process as the host plays it: each registered resource is
 * checked, then created with the checked inputs, and its state is the outputs with `__provider`
 * (cmd/dynamic-provider, resultIncludingProvider). `state` holds each resource's, by name.
 */
export function createdThrough(host: ProviderProcess) {
  const state = new Map<string, Record<string, unknown>>();
  const answer = async ({ name, inputs }: Registration): Promise<pulumi.runtime.MockResourceResult> => {
    const provider = await host.provider(inputs.__provider as string);
    const checked = await provider.check({}, inputs);
    if (checked.failures?.length) throw new Error(`check failed for ${name}: ${JSON.stringify(checked.failures)}`);
    const created = await provider.create(checked.inputs);
    // The host hands the result to the engine as a protobuf Struct; a JSON round trip is the same, and it also
    // brings the runtime's objects, made in Node's realm rather than the test's, into the test's realm.
    const outs: Record<string, unknown> = JSON.parse(
      JSON.stringify({ ...created.outs, __provider: inputs.__provider }),
    );
    state.set(name, outs);
    return { id: created.id, state: outs };
  };
  return { state, answer };
}
