import type * as runtimeModule from "../runtime";

/**
 * The provider object is serialized into every resource's state, so it carries no logic: each method loads the
 * runtime module inside the provider process and calls into it. The package name is tried first, so state written
 * by an installed package stays portable; the absolute path covers a program that uses this repository directly.
 * Loading happens through `require`, which Pulumi's closure serializer never captures.
 */
const PACKAGE_RUNTIME = "pulumi-kommo/runtime";
const LOCAL_RUNTIME = `${__dirname}/../runtime`;

export function runtime(): typeof runtimeModule {
  try {
    return require(PACKAGE_RUNTIME);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code !== "MODULE_NOT_FOUND" && code !== "ERR_PACKAGE_PATH_NOT_EXPORTED") throw e;
    return require(LOCAL_RUNTIME);
  }
}

/**
 * True when this file runs from an installed package. Pulumi then captures a module under node_modules as a
 * `require` of it, so a provider that is a whole module serializes to a single line.
 */
export const installedAsPackage = (): boolean => __dirname.split(/[\\/]/).includes("node_modules");
