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
    expect(
      parseArgs([
        "--port",
        "0",
        "--host=0.0.0.0",
        "--admin-token",
        "a",
        "--user-token=u",
        "--rate-limit",
        "2.5",
        "--latency=40",
      ]),
    ).toEqual({
      port: 0,
      host: "0.0.0.0",
      adminToken: "a",
      userToken: "u",
      rateLimit: 2.5,
      latency: 40,
    });
  });

  test("fault flags are collected under `faults`; --blocked takes no value", () => {
    expect(
      parseArgs([
        "--seed",
        "7",
        "--error-rate=0.2",
        "--error-statuses",
        "502,503",
        "--apply-before-error",
        "1",
        "--burst-429",
        "every=10,length=2",
      ]),
    ).toEqual({
      faults: {
        seed: 7,
        errorRate: 0.2,
        errorStatuses: [502, 503],
        applyBeforeError: 1,
        burst429: { every: 10, length: 2 },
      },
    });
    expect(
      parseArgs([
        "--retry-after",
        "3",
        "--reset-rate",
        "0.1",
        "--apply-before-reset=0",
        "--slow-rate",
        "0.5",
        "--slow-ms",
        "45000",
        "--hang-writes",
        "0.05",
        "--blocked",
        "--port",
        "0",
      ]),
    ).toEqual({
      port: 0,
      faults: {
        retryAfter: 3,
        resetRate: 0.1,
        applyBeforeReset: 0,
        slowRate: 0.5,
        slowMs: 45000,
        hangWrites: 0.05,
        blocked: true,
      },
    });
  });

  test("bad fault values are usage errors that name the flag", () => {
    expect(() => parseArgs(["--error-rate", "1.5"])).toThrow(/--error-rate/);
    expect(() => parseArgs(["--error-statuses", "418"])).toThrow(/--error-statuses/);
    expect(() => parseArgs(["--burst-429", "every=1,length=2"])).toThrow(/--burst-429/);
    expect(() => parseArgs(["--seed"])).toThrow(UsageError);
    expect(() => parseArgs(["--blocked=maybe"])).toThrow(UsageError);
    expect(() => parseArgs(["constructor"])).toThrow(UsageError);
  });

  test("fault flags reach the running emulator", async () => {
    const { io, exits, raise } = fakeIo();

    const emulator = await runCli(["--rate-limit", "0", "--blocked", "--seed", "12"], io);

    const response = await fetch(`${emulator!.url}/api/v4/leads/pipelines`, {
      headers: { authorization: "Bearer admin-token" },
    });
    const config = (await (await fetch(`${emulator!.url}/_emulator/config`)).json()) as {
      faults: { seed: number; blocked: boolean };
    };
    raise();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(response.status).toBe(403);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(config.faults).toMatchObject({ seed: 12, blocked: true });
    expect(exits).toEqual([0]);
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
    const response = await fetch(`${emulator!.url}/api/v4/leads/pipelines`, {
      headers: { authorization: "Bearer cli-admin" },
    });
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
