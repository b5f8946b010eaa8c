import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Installs this repository into the benchmark's program as a user gets it: `npm pack` of the repository (the files
 * its package.json publishes, built by bench.sh just before), then `npm install` of that tarball in the program's
 * folder, next to the @pulumi/pulumi version the repository develops against, as a user's program declares it. So
 * the package's dependency declaration, its `files` and its `exports` are what the run exercises, and the provider
 * serialized into the state is the one a user's state holds. Returns the tarball's name and the SDK version.
 */
export function installPackage(repo: string, programDir: string, workDir: string): { tarball: string; sdk: string } {
  const packDir = path.join(workDir, "pack");
  fs.rmSync(packDir, { recursive: true, force: true });
  fs.mkdirSync(packDir, { recursive: true });
  // bench.sh has just built dist/, so prepack's build is skipped.
  const packed = JSON.parse(
    execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", packDir], {
      cwd: repo,
      encoding: "utf8",
    }),
  ) as { filename: string }[];
  const filename = packed[0]?.filename;
  if (!filename) throw new Error("npm pack named no tarball");
  const tarball = path.join(packDir, filename);
  const sdk = (
    JSON.parse(fs.readFileSync(path.join(repo, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")) as {
      version: string;
    }
  ).version;
  fs.rmSync(path.join(programDir, "node_modules"), { recursive: true, force: true });
  fs.rmSync(path.join(programDir, "package-lock.json"), { force: true });
  try {
    execFileSync(
      "npm",
      ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", `@pulumi/pulumi@${sdk}`, tarball],
      { cwd: programDir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
  } catch (e) {
    const err = e as { stderr?: string; stdout?: string; message: string };
    throw new Error(
      `npm install of ${filename} into the bench program failed:\n${err.stderr || err.stdout || err.message}`,
    );
  }
  return { tarball: filename, sdk };
}
