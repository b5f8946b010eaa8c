import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { TOKEN, liveStructure, world, type LivePipeline, type World } from "./harness";

/**
 * Every kind of invalid input, one row each, under the real CLI. Each is rejected with a message that names what is
 * wrong, at preview where preview can know it, never leaks the token, and creates or deletes nothing.
 */
jest.setTimeout(600_000);

type Status = Record<string, unknown>;
const pipelineWith = (statuses: Status[], extra: Record<string, unknown> = {}) => ({
  pipelines: [{ key: "bad", name: "Bad input", sort: 50, statuses, ...extra }],
});
const ok = { key: "s", name: "Stage", sort: 10, color: "#fffeb2" };
const withStatus = (change: Status) => pipelineWith([{ ...ok, ...change }]);

interface Row {
  what: string;
  spec?: unknown;
  config?: Record<string, { value: string; secret?: boolean }>;
  /** Where the mistake shows: at preview when the provider can know it offline, else at up. */
  at: "preview" | "up";
  message: RegExp;
}

const rows: Row[] = [
  {
    what: "empty pipeline name",
    spec: { pipelines: [{ key: "bad", name: " ", sort: 50, statuses: [] }] },
    at: "preview",
    message: /name.*must not be empty/,
  },
  {
    what: "negative pipeline sort",
    spec: { pipelines: [{ key: "bad", name: "P", sort: -1, statuses: [] }] },
    at: "preview",
    message: /sort.*must not be negative/,
  },
  {
    what: "fractional pipeline sort",
    spec: { pipelines: [{ key: "bad", name: "P", sort: 1.5, statuses: [] }] },
    at: "preview",
    message: /sort.*whole number/,
  },
  {
    what: "isMain not a boolean",
    spec: pipelineWith([], { isMain: "yes" }),
    at: "preview",
    message: /isMain.*true or false/,
  },
  {
    what: "empty won status name",
    spec: pipelineWith([], { wonStatusName: "" }),
    at: "preview",
    message: /wonStatusName.*must not be empty/,
  },
  { what: "empty status name", spec: withStatus({ name: "" }), at: "preview", message: /name.*must not be empty/ },
  { what: "status sort as text", spec: withStatus({ sort: "ten" }), at: "preview", message: /sort.*whole number/ },
  {
    what: "color outside the palette",
    spec: withStatus({ color: "#123456" }),
    at: "preview",
    message: /color.*"#123456" is not in Kommo's palette/,
  },
  {
    what: "color by name",
    spec: withStatus({ color: "red" }),
    at: "preview",
    message: /color.*"red" is not in Kommo's palette/,
  },
  {
    what: "unknown property",
    spec: withStatus({ colour: "#fffeb2" }),
    at: "preview",
    message: /colour.*is not a property/,
  },
  {
    what: "four descriptions",
    spec: withStatus({
      descriptions: ["newbie", "candidate", "master", "newbie"].map((level) => ({ level, description: "x" })),
    }),
    at: "preview",
    message: /descriptions.*at most 3 descriptions/,
  },
  {
    what: "a level twice",
    spec: withStatus({
      descriptions: [
        { level: "master", description: "a" },
        { level: "master", description: "b" },
      ],
    }),
    at: "preview",
    message: /descriptions\[1\]\.level.*given twice/,
  },
  {
    what: "unknown level",
    spec: withStatus({ descriptions: [{ level: "expert", description: "a" }] }),
    at: "preview",
    message: /descriptions\[0\]\.level.*newbie, candidate, master/,
  },
  {
    what: "empty description",
    spec: withStatus({ descriptions: [{ level: "newbie", description: "" }] }),
    at: "preview",
    message: /descriptions\[0\]\.description.*must not be empty/,
  },
  {
    what: "description over 1000 characters",
    spec: withStatus({ descriptions: [{ level: "newbie", description: "🙂".repeat(1001) }] }),
    at: "preview",
    message: /descriptions\[0\]\.description.*1001 characters; the limit is 1000/,
  },
  {
    what: "missing access token",
    spec: withStatus({}),
    config: { "kommo:accessToken": { value: "", secret: true } },
    at: "preview",
    message: /kommo:accessToken.*KOMMO_ACCESS_TOKEN/,
  },
  {
    what: "a subdomain that is not one",
    spec: withStatus({}),
    config: { "kommo:baseUrl": { value: "" }, "kommo:subdomain": { value: "not a subdomain!" } },
    at: "preview",
    message: /not a Kommo subdomain.*kommo:subdomain/,
  },
  {
    what: "a pipelineId that does not exist",
    spec: { pipelines: [], statuses: [{ ...ok, pipelineId: 999999999 }] },
    at: "up",
    message: /pipeline 999999999 does not exist/,
  },
  {
    what: "a non-admin token",
    spec: withStatus({}),
    config: { "kommo:accessToken": { value: "user-token", secret: true } },
    at: "up",
    message: /Only administrators may change pipelines and statuses/,
  },
  {
    what: "an unreachable host",
    spec: withStatus({}),
    config: { "kommo:baseUrl": { value: "http://127.0.0.1:9" } },
    at: "up",
    message: /ECONNREFUSED.*kommo:baseUrl/s,
  },
  {
    what: "a host that is not Kommo",
    spec: withStatus({}),
    config: { "kommo:baseUrl": { value: "NOT_KOMMO" } },
    at: "up",
    message: /not JSON|not what the API documents/,
  },
  {
    what: "more statuses than a pipeline may hold",
    spec: pipelineWith(Array.from({ length: 98 }, (_, i) => ({ key: `s${i}`, name: `Stage ${i}`, sort: i + 1 }))),
    at: "up",
    message: /422|100 statuses|[Ll]imit/,
  },
];

let w: World;
let notKommo: http.Server;
let initial: LivePipeline[];

beforeAll(async () => {
  // Answers every request with a web page, as a mistyped host or a captive portal would.
  notKommo = http.createServer((_req, res) =>
    res.writeHead(200, { "Content-Type": "text/html" }).end("<html>Welcome</html>"),
  );
  await new Promise<void>((resolve) => notKommo.listen(0, "127.0.0.1", resolve));
  w = await world("program", "bad-input");
  initial = await liveStructure(w);
});

afterAll(async () => {
  await w?.close();
  await new Promise((resolve) => notKommo?.close(resolve));
});

const notKommoUrl = () => `http://127.0.0.1:${(notKommo.address() as AddressInfo).port}`;

test.each(rows.map((r) => [r.what, r] as const))("%s", async (_what, row) => {
  const config = {
    "kommo:baseUrl": { value: w.emulator.url },
    "kommo:accessToken": { value: TOKEN, secret: true },
    "kommo:subdomain": { value: "" },
    ...row.config,
  };
  if (config["kommo:baseUrl"].value === "NOT_KOMMO") config["kommo:baseUrl"] = { value: notKommoUrl() };
  await w.stack.setAllConfig({ ...config, spec: { value: JSON.stringify(row.spec) } });
  await w.requests();

  const run = row.at === "preview" ? () => w.stack.preview() : () => w.stack.up();
  const failure = await run().then(
    () => undefined,
    (e: unknown) => String(e),
  );
  expect(failure).toBeDefined();
  expect(failure).toMatch(row.message);
  expect(failure).not.toContain(TOKEN);

  // Nothing was written, and the account is as it was (the over-limit row may create its pipeline, never a status).
  const writes = await w.requests();
  const live = await liveStructure(w);
  if (row.what.startsWith("more statuses")) {
    // A new pipeline's id is unknown at preview, so its status count is Kommo's to refuse, batch by batch: the
    // pipeline and the batches that fit exist; nothing else was touched, and destroy removes them.
    expect(live.filter((p) => p.name !== "Bad input")).toEqual(initial);
    expect(live.find((p) => p.name === "Bad input")!.statuses.length).toBeLessThanOrEqual(100);
    await w.stack.destroy();
    expect(await liveStructure(w)).toEqual(initial);
  } else {
    expect(writes.applied).toBe(0);
    expect(writes.byMethod.DELETE ?? 0).toBe(0);
    expect(live).toEqual(initial);
  }
});
