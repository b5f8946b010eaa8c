import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Puts this repository's build into `<programDir>/node_modules/pulumi-kommo` as a copy, the layout `npm install`
 * gives a user. The location matters: Pulumi serializes a provider that lives under node_modules as a `require` of
 * it, so the state size measured here is the size users get. Its dependencies resolve from the repository's
 * node_modules further up the tree.
 */
export function installPackage(repo: string, programDir: string): void {
  const target = path.join(programDir, "node_modules", "pulumi-kommo");
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  fs.copyFileSync(path.join(repo, "package.json"), path.join(target, "package.json"));
  fs.cpSync(path.join(repo, "dist", "provider"), path.join(target, "dist", "provider"), { recursive: true });
}
