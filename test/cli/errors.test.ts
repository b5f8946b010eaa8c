import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { cli, TOKEN, type CliResult } from "./support";

let emulator: RunningEmulator;
const results: CliResult[] = [];
/** Every run here is kept, so that the last test can search all of their output for the token. */
async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const result = await cli(argv, env);
  results.push(result);
  return result;
}

beforeAll(async () => {
  emulator = await startEmulator({ adminToken: TOKEN, rateLimit: 0 });
});
afterAll(() => emulator.close());

/** A port nothing listens on: one the system just handed out and took back. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("usage", () => {
  test("no command, or an unknown one, prints the usage and exits 2 without repeating the word", async () => {
    expect(await run([])).toMatchObject({ code: 2, stdout: "" });
    const unknown = await run([TOKEN]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command\n\nUsage: kommo-iac <command>/);
  });

  test.each([
    [["--help"], /^Usage: kommo-iac <command>/],
    [["help", "export"], /^Usage: kommo-iac export --out DIR/],
    [["export", "--help"], /^Usage: kommo-iac export --out DIR/],
    [["show", "-h"], /^Usage: kommo-iac show \[--json\]/],
    [["--version"], /^0\.1\.0\n$/],
  ])("%j prints to stdout and exits 0", async (argv, expected) => {
    const result = await run(argv);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toMatch(expected);
  });

  test.each([
    [["export"], "--out DIR is required"],
    [["show", "--colour"], "unknown option --colour"],
    [["show", "--token"], "--token needs a value"],
    [["show", "--json=yes"], "--json takes no value"],
    [["show", TOKEN], "unexpected argument at position 1"],
    [["show", "--base-url", "x", "--subdomain", "y"], "give --base-url or --subdomain, not both"],
    [
      ["show", "--base-url", "ftp://example.com", "--token", TOKEN],
      '--base-url: "ftp://example.com" must be an http or https URL',
    ],
    [["export", "--out", "/tmp/x", "--stack", "../prod"], "--stack takes letters"],
  ])("%j exits 2 saying %j, then the command's usage", async (argv, message) => {
    const result = await run(argv, { KOMMO_BASE_URL: emulator.url, KOMMO_ACCESS_TOKEN: TOKEN });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toMatch(/\n\nUsage: kommo-iac (show|export)/);
  });

  test("a missing token exits 2 naming KOMMO_ACCESS_TOKEN and --token", async () => {
    const result = await run(["show"], { KOMMO_BASE_URL: emulator.url });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^kommo-iac show: no access token given: set KOMMO_ACCESS_TOKEN \(or pass --token/);
  });

  test("a missing address exits 2 naming the flags and the variables", async () => {
    const result = await run(["export", "--out", "/tmp/never-written"], { KOMMO_ACCESS_TOKEN: TOKEN });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "pass --base-url URL or --subdomain NAME, or set KOMMO_BASE_URL or KOMMO_SUBDOMAIN",
    );
  });

  test("flags win over the environment", async () => {
    const port = await closedPort();
    const result = await run(["show", "--json", "--base-url", emulator.url, "--token", TOKEN], {
      KOMMO_BASE_URL: `http://127.0.0.1:${port}`,
      KOMMO_ACCESS_TOKEN: "wrong-token-value",
    });
    expect(result.code).toBe(0);
  });
});

describe("failures reaching Kommo exit 1 with the client's message", () => {
  test("a host nobody listens on", async () => {
    const port = await closedPort();
    const result = await run(["show", "--base-url", `http://127.0.0.1:${port}`], { KOMMO_ACCESS_TOKEN: TOKEN });
    expect(result).toMatchObject({ code: 1, stdout: "" });
    expect(result.stderr).toMatch(
      /^kommo-iac show: Kommo: could not list pipelines \[GET \/api\/v4\/leads\/pipelines\]: the request did not complete \(ECONNREFUSED\)/,
    );
    expect(result.stderr).toContain(`The account address http://127.0.0.1:${port} came from --base-url.`);
  });

  test("a host that is not Kommo", async () => {
    const server = http.createServer((_req, res) =>
      res.writeHead(200, { "Content-Type": "text/html" }).end("<html>hello</html>"),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const result = await run(["export", "--out", "/tmp/never-written"], {
        KOMMO_BASE_URL: url,
        KOMMO_ACCESS_TOKEN: TOKEN,
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("Kommo's answer was not what the API documents");
      expect(result.stderr).toContain(`The account address ${url} came from KOMMO_BASE_URL.`);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test("a token Kommo rejects", async () => {
    const result = await run(["show", "--token", "not-the-admin-token"], { KOMMO_BASE_URL: emulator.url });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Kommo rejected the access token");
    expect(result.stderr).toContain("The access token came from --token.");
    expect(result.stderr).not.toContain("not-the-admin-token");
  });
});

test("the token appears in no output of any of these runs", () => {
  expect(results.length).toBeGreaterThan(10);
  for (const { stdout, stderr } of results) expect(stdout + stderr).not.toContain(TOKEN);
});
