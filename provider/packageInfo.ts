import * as fs from "node:fs";
import * as path from "node:path";

export interface PackageInfo {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

let cached: PackageInfo | undefined;

/**
 * This package's own package.json. Found by walking up, because the code runs from its source folder under ts-jest
 * and from `dist/` once built or installed, one level further down.
 */
export function packageInfo(): PackageInfo {
  if (cached) return cached;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      const json = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<PackageInfo>;
      if (json.name === "pulumi-kommo") {
        cached = {
          name: json.name,
          version: json.version ?? "0.0.0",
          dependencies: json.dependencies ?? {},
          devDependencies: json.devDependencies ?? {},
        };
        return cached;
      }
    }
    if (path.dirname(dir) === dir) throw new Error(`cannot find the pulumi-kommo package.json above ${__dirname}`);
  }
}
