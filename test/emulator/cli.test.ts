import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs, runCli, UsageError, type CliIo } from "../../emulator/cli";

function fakeIo() {
  const out: string[] = [];
  const err: string[] = [];
  const exits: number[] = [];
  let signal: (() => void) | undefined;
  const io: CliIo = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    onSignal: (handler) => {
      signal = handler;
    },
    exit: (code) => exits.push(code),
  };
  return { io, out, err, exits, raise: () => signal?.() };
}

describe("command line", () => {
  test("flags are read in both --flag value and --flag=value forms", () => {
    expect(parseArgs(["--port", "0", "--host=0.0.0.0", "--admin-token", "a", "--user-token=u", "--rate-limit", "2.5", "--latency=40"])).toEqual({
      port: 0,
      host: "0.0.0.0",
      adminToken: "a",
      userToken: "u",
      rateLimit: 2.5,
      latency: 40,
    });
  });

  test("unknown flags, missing values and bad numbers are usage errors", () => {
    expect(() => parseArgs(["--verbose"])).toThrow(UsageError);
    expect(() => parseArgs(["--port"])).toThrow(UsageError);
    expect(() => parseArgs(["--port", "eighty"])).toThrow(UsageError);
    expect(() => parseArgs(["--port", "1.5"])).toThrow(UsageError);
    expect(() => parseArgs(["--rate-limit", "-1"])).toThrow(UsageError);
  });

  test("it prints exactly the listening line, answers with the given tokens and exits 0 on a signal", async () => {
    const { io, out, exits, raise } = fakeIo();

    const emulator = await runCli(["--port", "0", "--admin-token", "cli-admin", "--rate-limit", "0"], io);

    expect(emulator).not.toBeNull();
    expect(out).toEqual([`listening on http://127.0.0.1:${emulator!.port}`]);
    const response = await fetch(`${emulator!.url}/api/v4/leads/pipelines`, { headers: { authorization: "Bearer cli-admin" } });
    expect(response.status).toBe(200);
    raise();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(exits).toEqual([0]);
    await expect(fetch(`${emulator!.url}/api/v4/leads/pipelines`)).rejects.toThrow();
  });

  test("a usage error prints the usage and exits 2", async () => {
    const { io, err, exits } = fakeIo();

    expect(await runCli(["--nope"], io)).toBeNull();

    expect(exits).toEqual([2]);
    expect(err.join("\n")).toContain("Usage: kommo-emulator");
  });

  test("the bin script is a node script that runs the compiled cli", () => {
    const script = readFileSync(join(__dirname, "..", "..", "emulator", "bin", "kommo-emulator.js"), "utf8");

    expect(script.startsWith("#!/usr/bin/env node\n")).toBe(true);
    expect(script).toContain('require("../../dist/emulator/cli.js")');
  });
});
