import * as pulumi from "@pulumi/pulumi";

/**
 * The provider module of each resource type, as the package's name and an export of it. Pulumi's dynamic-provider
 * host (`@pulumi/pulumi/cmd/dynamic-provider`) runs each resource's `__provider` text as a CommonJS module resolved
 * from the program's folder, and calls its `handler()` for the provider. Every stack's state has named these exact
 * paths since 0.1.0, so they are kept, exported and working in every later version.
 */
export const PROVIDER_MODULES = {
  Pipeline: "pulumi-kommo/dist/provider/runtime/pipelineProvider.js",
  Status: "pulumi-kommo/dist/provider/runtime/statusProvider.js",
} as const;

export type KommoType = keyof typeof PROVIDER_MODULES;

/**
 * What a resource of this type stores as `__provider`: one `require` of its provider module by the package's name.
 *
 * `pulumi.dynamic.Resource` would serialize a closure instead, and what that yields depends on where the code sits
 * on disk: a `require` only when the module's real path runs through node_modules, and otherwise the code by value
 * with the absolute path of its build. That is every linked install (`npm install ../pulumi-kommo`, workspaces,
 * this repository's own programs) and, before @pulumi/pulumi 3.276, pnpm's store (pulumi/pulumi#18976): move the
 * folder or reinstall and every later refresh, update or delete fails. Written here, the text is the same for
 * every install and every SDK version, holds no path, and is what 0.1.0 wrote for a package under node_modules.
 */
export function serializedProvider(type: KommoType): string {
  return `exports.handler = () => require(${JSON.stringify(PROVIDER_MODULES[type])});\n`;
}

/** Every key of `T` as a read-only `Output` property, as the engine fills them in from the provider's answer. */
export type OutputProperties<T> = { readonly [K in keyof T]-?: pulumi.Output<T[K]> };

/**
 * The base class of a Kommo resource with these `Args`, whose outputs are `Outputs` less the keys in `Own` (those the
 * class defines itself, or does not expose). It registers the resource as `pulumi.dynamic.Resource` does, with the
 * same type token (`pulumi-nodejs:dynamic/kommo:<type>`, so state from any version matches), and `__provider` from
 * {@link serializedProvider}; or, for the plugin face, as `kommo:index:<type>`.
 *
 * `computed` is the one list of the outputs that the resource adds to its inputs. The SDK makes an `Output` property
 * of each key it registers, so each is registered as `undefined` until the provider answers; the list's type makes
 * it name every such output of `Outputs` and nothing else, and the properties' types come from `Outputs`.
 */
export function kommoResource<Args extends object, Outputs extends object, Own extends keyof Outputs = never>(
  type: KommoType,
  computed: { readonly [K in Exclude<keyof Outputs, keyof Args | Own>]: undefined },
  face: "dynamic" | "plugin" = "dynamic",
) {
  // The plugin face registers the schema's token and is served by the `kommo` plugin: no serialized provider.
  const token = face === "plugin" ? `kommo:index:${type}` : `pulumi-nodejs:dynamic/kommo:${type}`;
  const own = face === "plugin" ? {} : { __provider: serializedProvider(type) };
  abstract class KommoResource extends pulumi.CustomResource {
    constructor(name: string, args: Args, opts?: pulumi.CustomResourceOptions) {
      super(token, name, { ...args, ...computed, ...own }, opts);
    }
  }
  // The output properties exist at run time (the SDK defines them); the cast only tells TypeScript their types.
  return KommoResource as unknown as KommoResourceClass<Args, OutputProperties<Omit<Outputs, Own>>>;
}

/**
 * The class kommoResource returns. Spelled as an interface with a plain construct signature, since the published
 * types must compile under TypeScript 3.8.3, which Pulumi uses for a stack that has no `typescript` of its own:
 * abstract construct types (4.2) and labelled tuple elements (4.0) would not.
 */
export interface KommoResourceClass<Args, Props> {
  new (name: string, args: Args, opts?: pulumi.CustomResourceOptions): pulumi.CustomResource & Props;
}
