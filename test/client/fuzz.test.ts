/**
 * Property-based tests of the client's decoders, its error table and its one request path (issue 5).
 *
 * Runs are bounded so the file takes a few seconds; a failing property prints its seed and the shrunk counterexample,
 * and FC_SEED / FC_RUNS replay or deepen a run: `FC_SEED=123 FC_RUNS=5000 npx jest test/client/fuzz`.
 */
import fc from "fast-check";
import * as E from "fp-ts/Either";
import type * as t from "io-ts";
import nock from "nock";
import {
  describeFailure,
  Pipeline,
  PipelineCollection,
  ProblemBody,
  redactFailure,
  Status,
  StatusCollection,
  type KommoFailure,
} from "../../provider/client";
import { decodeResponse, parseJson } from "../../provider/client/decode";
import { failureFromResponse } from "../../provider/client/errorMapping";
import {
  applyMutations,
  disjoint,
  fieldsOf,
  isSchemaPath,
  jwtArb,
  modelArb,
  mutationArb,
  pathText,
  PIPELINE,
  PIPELINE_COLLECTION,
  STATUS,
  STATUS_COLLECTION,
  viaJson,
  type FieldNode,
  type Shape,
} from "./fuzzArbitraries";
import { useNock } from "./nockSetup";
import { BASE, fixture, TOKEN, testClient } from "./support";

useNock();

const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
const runs = (n: number): fc.Parameters<unknown> => ({
  numRuns: process.env.FC_RUNS ? Number(process.env.FC_RUNS) : n,
  ...(seed !== undefined ? { seed } : {}),
});

const op = { action: "read", target: "pipeline 7", method: "GET", path: "/api/v4/leads/pipelines/7" } as const;

const CODECS: ReadonlyArray<readonly [string, t.Decoder<unknown, unknown> & { is: (u: unknown) => boolean }, Shape]> = [
  ["Pipeline", Pipeline, PIPELINE],
  ["Status", Status, STATUS],
  ["PipelineCollection", PipelineCollection, PIPELINE_COLLECTION],
  ["StatusCollection", StatusCollection, STATUS_COLLECTION],
];

/** Asserts the failure of a decode: one kind, the endpoint named, every path non-empty and a place the schema knows. */
function expectDecodeFailure(f: KommoFailure, shape: Shape): asserts f is KommoFailure & { kind: "invalid_response" } {
  expect(f.kind).toBe("invalid_response");
  if (f.kind !== "invalid_response") return;
  expect(f.reason).toContain(`${op.method} ${op.path}`);
  expect(f.paths?.length).toBeGreaterThan(0);
  for (const p of f.paths ?? []) {
    expect(typeof p).toBe("string");
    expect(p.length).toBeGreaterThan(0);
    expect(isSchemaPath(shape, p) ? p : `not a path of the schema: ${p}`).toBe(p);
  }
  expect(describeFailure(f)).toContain(`[${op.method} ${op.path}]`);
}

/**
 * A value as the client sees it: sent as JSON text and read back with the client's own parser. Codecs are only ever
 * fed parseJson's output, which drops `__proto__` keys (see parseJson for why a raw one is unsafe with io-ts).
 */
const overTheWire = (v: unknown): unknown => parseJson(JSON.stringify(v));

/** Every object in a decoded value is a plain object or array: no prototype taken from the body. */
function expectPlain(v: unknown, path = "(root)"): void {
  if (v === null || typeof v !== "object") return;
  const proto = Object.getPrototypeOf(v);
  expect(proto === Object.prototype || proto === Array.prototype ? "plain" : `prototype replaced at ${path}`).toBe(
    "plain",
  );
  for (const [k, x] of Object.entries(v)) expectPlain(x, `${path}.${k}`);
}

/** Everything an io-ts decoder can be handed; bigints and typed arrays are left out: JSON.parse never makes them. */
const anyValue = fc.anything({
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withDate: true,
  withSparseArray: true,
  stringUnit: "binary",
});

describe.each(CODECS)("the %s codec", (_name, codec, shape) => {
  test("decodes any JSON value without throwing: a valid value or an invalid_response naming the endpoint and real paths", () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.jsonValue({ stringUnit: "binary" }), anyValue), (body) => {
        const r = decodeResponse(codec, op, body);
        if (E.isRight(r)) expect(codec.is(r.right)).toBe(true);
        else expectDecodeFailure(r.left, shape);
      }),
      runs(200),
    );
  });

  test("decodes every valid model, drops unknown fields at every level, and keeps every known value", () => {
    fc.assert(
      fc.property(modelArb(shape), ({ clean, wire }) => {
        const body = overTheWire(wire);
        const before = JSON.stringify(body);
        const r = codec.decode(body);
        if (E.isLeft(r)) throw new Error(`rejected a valid model: ${JSON.stringify(decodeResponse(codec, op, body))}`);
        // toStrictEqual also fails on any key the model lacks, so this is "exactly the known keys" at every level.
        expect(r.right).toStrictEqual(clean);
        expectPlain(r.right);
        expect(JSON.stringify(body)).toBe(before);
      }),
      runs(100),
    );
  });

  test("rejects a model with one field removed, of the wrong type, or fractional where an integer is due, at exactly that path", () => {
    const mutated = modelArb(shape)
      .filter(({ clean }) => fieldsOf(shape, clean).length > 0)
      .chain(({ clean, wire }) =>
        fc
          .constantFrom(...fieldsOf(shape, clean))
          .chain(mutationArb)
          .map((mutation) => ({ mutation, body: overTheWire(applyMutations(wire, [mutation])) })),
      );
    fc.assert(
      fc.property(mutated, ({ mutation, body }) => {
        const r = decodeResponse(codec, op, body);
        expect(E.isLeft(r)).toBe(true);
        if (E.isRight(r)) return;
        expectDecodeFailure(r.left, shape);
        expect(r.left.paths).toEqual([pathText(mutation.path)]);
        expect(r.left.reason).toContain(`${pathText(mutation.path)} was `);
      }),
      runs(150),
    );
  });

  test("reports every mutated field, not only the first one", () => {
    // Two leaves are never nested, so a model with two leaves has two fields that can be mutated independently.
    const leaves = (fields: FieldNode[]) =>
      fields.filter((f) => !fields.some((g) => g !== f && !disjoint(f.path, g.path) && g.path.length > f.path.length));
    const mutated = modelArb(shape)
      .filter(({ clean }) => leaves(fieldsOf(shape, clean)).length > 1)
      .chain(({ clean, wire }) => {
        const fields = fieldsOf(shape, clean);
        // Any field may be picked first, then only fields outside the ones already picked (greedy over an order).
        return fc
          .tuple(fc.shuffledSubarray(fields, { minLength: fields.length }), fc.integer({ min: 2, max: 3 }))
          .map(([order, k]) => {
            const picked: FieldNode[] = [];
            for (const f of order)
              if (picked.length < k && picked.every((p) => disjoint(p.path, f.path))) picked.push(f);
            // A first pick that holds every other field leaves one: top up with leaves, which are always disjoint.
            for (const f of leaves(fields))
              if (picked.length < 2 && picked.every((p) => disjoint(p.path, f.path))) picked.push(f);
            return picked;
          })
          .filter((picked) => picked.length >= 2)
          .chain((picked) => fc.tuple(...picked.map(mutationArb)))
          .map((mutations) => ({ mutations, body: overTheWire(applyMutations(wire, mutations)) }));
      });
    fc.assert(
      fc.property(mutated, ({ mutations, body }) => {
        const r = decodeResponse(codec, op, body);
        expect(E.isLeft(r)).toBe(true);
        if (E.isRight(r)) return;
        expectDecodeFailure(r.left, shape);
        expect([...(r.left.paths ?? [])].sort()).toEqual(mutations.map((m) => pathText(m.path)).sort());
      }),
      runs(75),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The error table

const writeOp = {
  action: "update",
  target: "status 7 in pipeline 3",
  method: "PATCH",
  path: "/api/v4/leads/pipelines/3/statuses/7",
};

const CONTENT_TYPES = [
  "application/problem+json",
  "application/json",
  "application/hal+json; charset=utf-8",
  "text/html",
  "text/html; charset=UTF-8",
  "Text/HTML",
  "text/plain",
  "application/octet-stream",
  "",
];

/** Puts the token somewhere inside some of the strings, as a server echoing the request headers would. */
const plantable = (token: string, s: fc.Arbitrary<string>) =>
  fc
    .tuple(s, s, fc.constantFrom("none", "alone", "bearer", "inside"))
    .map(([a, b, how]) =>
      how === "none"
        ? a
        : how === "alone"
          ? token
          : how === "bearer"
            ? `Authorization: Bearer ${token}`
            : `${a}${token}${b}`,
    );

/**
 * `validation-errors` in the documented shape and in the others a server may send: request_id a number or missing,
 * field errors without a path or a code, a flat list of field errors, and shapes nothing reads.
 */
function validationErrorsArb(s: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  const fieldError = fc.record(
    { path: fc.oneof(s, fc.nat({ max: 9 })), code: fc.oneof(s, fc.nat({ max: 9 })), detail: s, extra: fc.jsonValue() },
    { requiredKeys: [] },
  );
  const entry = fc.oneof(
    fc.record(
      {
        request_id: fc.oneof(fc.nat({ max: 5 }).map(String), fc.nat({ max: 5 }), s, fc.constant(null)),
        errors: fc.oneof(fc.array(fc.oneof(fieldError, fc.jsonValue({ maxDepth: 1 })), { maxLength: 2 }), fieldError),
      },
      { requiredKeys: ["errors"] },
    ),
    fieldError,
    fc.jsonValue({ maxDepth: 1 }),
  );
  return fc.oneof(fc.array(entry, { maxLength: 3 }), entry, fc.jsonValue({ maxDepth: 2 }));
}

function bodyArb(token: string): fc.Arbitrary<{ kind: string; text: string }> {
  const s = plantable(token, fc.string({ maxLength: 30 }));
  const problem = fc.record(
    {
      title: s,
      type: s,
      status: fc.integer({ min: 100, max: 599 }),
      detail: s,
      // Numeric, or the wrong type: a wrong retry_after must never be taken for a number.
      retry_after: fc.oneof(
        fc.nat({ max: 3600 }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.string(),
        fc.constant(null),
        fc.boolean(),
      ),
      trace_id: s,
      "validation-errors": validationErrorsArb(s),
      extra: fc.jsonValue({ maxDepth: 1 }),
    },
    { requiredKeys: [] },
  );
  return fc.oneof(
    problem.map((p) => ({ kind: "problem", text: JSON.stringify(p) })),
    problem.chain((p) => {
      const json = JSON.stringify(p);
      return fc
        .nat({ max: Math.max(0, json.length - 1) })
        .map((n) => ({ kind: "truncated json", text: json.slice(0, n) }));
    }),
    fc
      .tuple(
        fc.constantFrom("", " ", "\n", "\r\n  ", "\ufeff"),
        s,
        fc.constantFrom("<html>", "<!DOCTYPE html><html>", "<h1>"),
      )
      .map(([ws, inner, open]) => ({ kind: "html", text: `${ws}${open}<body>${inner}</body></html>` })),
    plantable(token, fc.string({ unit: "binary", maxLength: 400 })).map((text) => ({ kind: "garbage", text })),
    fc.jsonValue({ maxDepth: 3 }).map((v) => ({ kind: "json", text: JSON.stringify(v) })),
    fc.constant({ kind: "empty", text: "" }),
  );
}

type FieldErrorLike = { code?: string; path?: string; detail?: string };
type ItemLike = { request_id?: string; errors: FieldErrorLike[] };
type ProblemLike = {
  title?: string;
  status?: number;
  detail?: string;
  retry_after?: number;
  trace_id?: string;
  "validation-errors"?: { items: ItemLike[]; unread?: string };
};

const isObject = (x: unknown): x is Record<string, any> => typeof x === "object" && x !== null && !Array.isArray(x);
const ownField = (v: Record<string, any>, k: string) => (Object.prototype.hasOwnProperty.call(v, k) ? v[k] : undefined);
/** A code, path, request_id or trace_id: a string, or a finite number read as its text. */
const textOf = (x: unknown) =>
  typeof x === "string" ? x : typeof x === "number" && Number.isFinite(x) ? String(x) : undefined;

function fieldErrorOf(e: unknown): FieldErrorLike | undefined {
  if (!isObject(e)) return undefined;
  const read: FieldErrorLike = {};
  const code = textOf(ownField(e, "code"));
  const path = textOf(ownField(e, "path"));
  const detail = ownField(e, "detail");
  if (code !== undefined) read.code = code;
  if (path !== undefined) read.path = path;
  if (typeof detail === "string") read.detail = detail;
  return Object.keys(read).length ? read : undefined;
}

function entryOf(entry: unknown): { item?: ItemLike; unread: unknown[] } {
  if (!isObject(entry)) return { unread: [entry] };
  const requestId = textOf(ownField(entry, "request_id"));
  const withId = (item: ItemLike): ItemLike => (requestId === undefined ? item : { request_id: requestId, ...item });
  const errors = ownField(entry, "errors");
  if (Array.isArray(errors) || isObject(errors)) {
    const list: unknown[] = Array.isArray(errors) ? errors : [errors];
    const read = list.map(fieldErrorOf);
    const unread = list.filter((_, i) => read[i] === undefined);
    const good = read.filter((x): x is FieldErrorLike => x !== undefined);
    if (good.length === 0 && unread.length > 0 && requestId === undefined) return { unread: [entry] };
    return { item: withId({ errors: good }), unread };
  }
  const flat = fieldErrorOf(entry);
  return flat ? { item: withId({ errors: [flat] }), unread: [] } : { unread: [entry] };
}

function validationOf(v: unknown): { items: ItemLike[]; unread?: string } {
  const entries = Array.isArray(v) ? v : isObject(v) && entryOf(v).item ? [v] : undefined;
  if (!entries) return { items: [], unread: JSON.stringify(v) };
  const readings = entries.map(entryOf);
  const items = readings.flatMap((r) => (r.item ? [r.item] : []));
  const unread = readings.flatMap((r) => r.unread);
  if (unread.length === 0) return { items };
  return { items, unread: JSON.stringify(items.length === 0 ? v : unread) };
}

/**
 * The oracle's own reading of a problem+json body, written without the codec: any JSON object, each documented
 * field kept where it has its documented type, whatever the others hold.
 */
function problemOf(text: string): ProblemLike | undefined {
  let v: any;
  try {
    // The client drops every `__proto__` key as it parses (decode.ts says why), so the oracle reads without them too.
    v = JSON.parse(text, (key, value: unknown) => (key === "__proto__" ? undefined : value));
  } catch {
    return undefined;
  }
  if (!isObject(v)) return undefined;
  const read: Record<string, unknown> = {};
  for (const k of ["title", "type", "detail"]) if (typeof ownField(v, k) === "string") read[k] = v[k];
  for (const k of ["status", "retry_after"]) if (typeof ownField(v, k) === "number") read[k] = v[k];
  const trace = textOf(ownField(v, "trace_id"));
  if (trace !== undefined) read.trace_id = trace;
  if (ownField(v, "validation-errors") !== undefined) read["validation-errors"] = validationOf(v["validation-errors"]);
  return read;
}

/** Media types are case-insensitive (RFC 9110 §8.3.1); a body that opens with a tag is HTML whatever its label. */
const looksLikeHtml = (contentType: string, text: string) =>
  contentType.toLowerCase().includes("html") || /^\s*</.test(text);

function expectedKind(status: number): KommoFailure["kind"] {
  if (status === 401) return "unauthorized";
  if (status === 402) return "payment_required";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status === 400 || status === 422) return "validation";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "server";
  return "invalid_response";
}

describe("failureFromResponse over any answer", () => {
  const answers = fc.oneof(fc.constant(TOKEN), jwtArb).chain((token) =>
    fc.record({
      token: fc.constant(token),
      status: fc.oneof(
        fc.integer({ min: 100, max: 599 }),
        fc.constantFrom(400, 401, 402, 403, 404, 422, 429, 500, 502, 503, 504),
      ),
      contentType: fc.constantFrom(...CONTENT_TYPES),
      body: bodyArb(token),
      requestIds: fc.option(
        fc.array(fc.oneof(fc.nat({ max: 5 }).map(String), fc.string({ maxLength: 3 })), { maxLength: 4 }),
        {
          nil: undefined,
        },
      ),
      write: fc.boolean(),
    }),
  );

  test("never throws, follows the status table, keeps retry_after only when numeric, and leaks no token once redacted", () => {
    fc.assert(
      fc.property(answers, ({ token, status, contentType, body, requestIds, write }) => {
        const operation = write ? writeOp : op;
        const raw = { status, contentType, text: body.text };
        const f = failureFromResponse(operation, raw, requestIds);
        const problem = problemOf(body.text);

        expect(f.kind).toBe(expectedKind(status));
        expect(f.status).toBe(status);
        expect(f.op).toEqual(operation);
        expect(f.traceId).toBe(problem?.trace_id);
        if (body.text) expect(f.bodySnippet && f.bodySnippet.length).toBeLessThanOrEqual(301);
        else expect(f.bodySnippet).toBeUndefined();

        switch (f.kind) {
          case "unauthorized":
          case "payment_required":
          case "not_found":
            expect(f.detail).toBe(problem?.detail);
            break;
          case "forbidden":
            expect(f.detail).toBe(problem?.detail);
            // Blocked means the gateway's HTML page, never Kommo's own problem+json 403.
            expect(f.blocked).toBe(problem === undefined && looksLikeHtml(contentType, body.text));
            break;
          case "rate_limited":
            expect(f.retryAfterSeconds).toBe(
              typeof problem?.retry_after === "number" ? problem.retry_after : undefined,
            );
            break;
          case "validation":
            expect(f.detail).toBe(problem?.detail);
            break;
          case "server":
            expect(f.detail).toBe(problem?.detail ?? problem?.title);
            break;
          case "invalid_response":
            expect(f.reason).toContain(`unexpected HTTP status ${status}`);
            break;
          default:
            throw new Error(`unexpected kind ${f.kind}`);
        }

        // Whatever the status, every entry of validation-errors is read, and what no shape reads is kept as text.
        const vendor = problem?.["validation-errors"];
        expect((f.items ?? []).map(({ index: _i, ...item }) => item)).toEqual(vendor?.items ?? []);
        (f.items ?? []).forEach((item) => {
          const id = item.request_id;
          const byId = id === undefined ? -1 : (requestIds?.indexOf(id) ?? -1);
          const expected = byId >= 0 ? byId : id !== undefined && /^\d+$/.test(id) ? Number(id) : undefined;
          expect(item.index).toBe(expected);
        });
        expect(f.unreadErrors).toBe(vendor?.unread);

        const message = describeFailure(f);
        for (const item of vendor?.items ?? [])
          for (const e of item.errors) if (e.detail) expect(message).toContain(e.detail);
        if (vendor?.unread !== undefined) expect(message).toContain("validation-errors, as sent: ");
        expect(message.startsWith(`Kommo: could not ${operation.action} ${operation.target} (HTTP ${status}) [`)).toBe(
          true,
        );

        const redacted = redactFailure(f, token);
        expect(redacted.kind).toBe(f.kind);
        expect(JSON.stringify(redacted)).not.toContain(token);
        expect(describeFailure(redacted)).not.toContain(token);
      }),
      runs(500),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Through the real request path

const LIST = "/api/v4/leads/pipelines";

type Step = { status: number; contentType: string; text: string; retryAfter?: number };

const GET_ENDPOINTS = [
  {
    name: "list pipelines",
    path: LIST,
    codec: PipelineCollection as t.Decoder<unknown, unknown>,
    call: (c: Client): AnyTask => c.listPipelines(),
    ok: "list-pipelines.response",
  },
  {
    name: "get pipeline",
    path: `${LIST}/7`,
    codec: Pipeline,
    call: (c: Client): AnyTask => c.getPipeline(7),
    ok: "get-pipeline.response",
  },
  {
    name: "list statuses",
    path: `${LIST}/7/statuses`,
    codec: StatusCollection,
    call: (c: Client): AnyTask => c.listStatuses(7),
    ok: "list-statuses.response",
  },
  {
    name: "get status",
    path: `${LIST}/7/statuses/9`,
    codec: Status,
    call: (c: Client): AnyTask => c.getStatus(7, 9),
    ok: "get-status.response",
  },
] as const;

type Client = ReturnType<typeof testClient>["client"];

/** Serves the answers in order and counts the requests; the scope is removed after each run. */
function serve(method: "get" | "patch" | "delete", path: string, steps: readonly Step[]): { count: () => number } {
  let n = 0;
  nock(BASE)
    .intercept(path, method.toUpperCase())
    .query(true)
    .times(steps.length)
    .reply(() => {
      const step = steps[n++];
      return [step.status, step.text, step.contentType ? { "Content-Type": step.contentType } : {}];
    });
  return { count: () => n };
}

type AnyTask = () => Promise<E.Either<KommoFailure, unknown>>;

async function run(task: AnyTask): Promise<E.Either<KommoFailure, unknown>> {
  try {
    return await task();
  } finally {
    nock.cleanAll();
  }
}

const nonJsonText = fc
  .oneof(
    fc.string({ unit: "binary", maxLength: 200 }),
    fc.string({ maxLength: 50 }).map((s) => `<html><body>${s}</body></html>`),
    fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v).slice(0, -1)),
    fc.constant(""),
  )
  .filter((s) => {
    try {
      JSON.parse(s);
      return false;
    } catch {
      return true;
    }
  });

const problemJson = (status: number, extra: object = {}) =>
  JSON.stringify({ title: "T", type: `https://httpstatus.es/${status}`, status, detail: "d", ...extra });

/** A 5xx as Kommo or its gateway sends it: problem+json, an HTML page, or nothing. */
const serverErrorArb: fc.Arbitrary<Step> = fc
  .integer({ min: 500, max: 599 })
  .chain((status) =>
    fc.oneof(
      fc.constant({ status, contentType: "application/problem+json", text: problemJson(status) }),
      fc.constant({ status, contentType: "text/html", text: `<html><body><h1>${status}</h1></body></html>` }),
      fc.constant({ status, contentType: "", text: "" }),
    ),
  );

/** A 429: with a retry_after inside the cap (waited out), beyond it (given up at once), or an HTML page with none. */
const rateLimitedArb: fc.Arbitrary<Step> = fc.oneof(
  fc.integer({ min: 0, max: 60 }).map((s) => ({
    status: 429,
    contentType: "application/problem+json",
    text: problemJson(429, { retry_after: s }),
    retryAfter: s,
  })),
  fc.integer({ min: 61, max: 3600 }).map((s) => ({
    status: 429,
    contentType: "application/problem+json",
    text: problemJson(429, { retry_after: s }),
    retryAfter: s,
  })),
  fc.constant({ status: 429, contentType: "text/html", text: "<html><body>429 Too Many Requests</body></html>" }),
);

const MAX_RETRY_AFTER_MS = 60_000;

/**
 * What the client must do with these answers: how many requests it makes and which answer it ends on. Every request
 * driven here may be sent twice (a read, a DELETE, a PATCH of a name), so a 5xx is repeated like a 429.
 */
function oracle(steps: readonly Step[], maxAttempts: number): { requests: number; last: Step } {
  for (let i = 0; ; i++) {
    const step = steps[i];
    const attempt = i + 1;
    if (step.status < 300 || attempt >= maxAttempts) return { requests: attempt, last: step };
    if (step.status === 429 && (step.retryAfter ?? 0) * 1000 > MAX_RETRY_AFTER_MS)
      return { requests: attempt, last: step };
  }
}

describe("the request path, against any answer", () => {
  test("a GET answered 200 with a body that is not JSON, or JSON of the wrong shape, fails invalid_response at once", async () => {
    const cases = fc
      .record({
        endpoint: fc.constantFrom(...GET_ENDPOINTS),
        contentType: fc.constantFrom(...CONTENT_TYPES),
        text: fc.oneof(
          nonJsonText,
          fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
          fc.constant("{}"),
          fc.constant("null"),
        ),
      })
      .filter(({ endpoint, text }) => {
        try {
          return E.isLeft(endpoint.codec.decode(JSON.parse(text)));
        } catch {
          return true;
        }
      });
    await fc.assert(
      fc.asyncProperty(cases, async ({ endpoint, contentType, text }) => {
        const served = serve("get", endpoint.path, [{ status: 200, contentType, text }]);
        const { client, sleeps } = testClient();
        const r = await run(endpoint.call(client));
        expect(E.isLeft(r)).toBe(true);
        if (E.isRight(r)) return;
        expect(r.left.kind).toBe("invalid_response");
        expect(describeFailure(r.left)).toContain(`[GET ${endpoint.path}]`);
        expect(served.count()).toBe(1);
        expect(sleeps).toEqual([]);
      }),
      runs(60),
    );
  });

  test("5xx and 429 answers are retried within maxAttempts and end on success or on the last failure", async () => {
    const cases = fc.record({
      method: fc.constantFrom("GET", "PATCH", "DELETE"),
      maxAttempts: fc.integer({ min: 1, max: 6 }),
      failures: fc.array(fc.oneof(serverErrorArb, rateLimitedArb), { maxLength: 7 }),
    });
    await fc.assert(
      fc.asyncProperty(cases, async ({ method, maxAttempts, failures }) => {
        const path = `${LIST}/7`;
        const ok: Step =
          method === "DELETE"
            ? { status: 204, contentType: "", text: "" }
            : {
                status: 200,
                contentType: "application/hal+json",
                text: JSON.stringify(fixture("edit-pipeline.response")),
              };
        const steps = [...failures, ok];
        const served = serve(method === "GET" ? "get" : method === "PATCH" ? "patch" : "delete", path, steps);
        const { client, sleeps } = testClient({ retry: { maxAttempts } });
        const task: AnyTask =
          method === "GET"
            ? client.getPipeline(7)
            : method === "PATCH"
              ? client.updatePipeline(7, { name: "x" })
              : client.deletePipeline(7);
        const r = await run(task);
        const expected = oracle(steps, maxAttempts);

        expect(served.count()).toBe(expected.requests);
        expect(served.count()).toBeLessThanOrEqual(maxAttempts);
        expect(sleeps).toHaveLength(expected.requests - 1);
        // Each wait honours the retry_after of the 429 it follows.
        sleeps.forEach((ms, i) => expect(ms).toBeGreaterThanOrEqual((steps[i].retryAfter ?? 0) * 1000));

        if (expected.last.status < 300) {
          expect(E.isRight(r)).toBe(true);
          return;
        }
        expect(E.isLeft(r)).toBe(true);
        if (E.isRight(r)) return;
        expect(r.left.status).toBe(expected.last.status);
        expect(r.left.kind).toBe(expected.last.status === 429 ? "rate_limited" : "server");
        if (r.left.kind === "rate_limited") expect(r.left.retryAfterSeconds).toBe(expected.last.retryAfter);
      }),
      runs(100),
    );
  });

  test("a PATCH that creates or deletes a description, answered with any 5xx, is sent once and reported as possibly applied", async () => {
    const cases = fc.record({
      step: serverErrorArb,
      descriptions: fc.constantFrom(
        [{ level: "newbie", description: "new" }],
        [{ id: 5, level: "master" }],
        [
          { id: 4, level: "candidate", description: "kept" },
          { level: "newbie", description: "new" },
        ],
      ),
      maxAttempts: fc.integer({ min: 1, max: 6 }),
    });
    await fc.assert(
      fc.asyncProperty(cases, async ({ step, descriptions, maxAttempts }) => {
        // More answers are offered than one: the client must not take them.
        const served = serve("patch", `${LIST}/7/statuses/9`, [
          step,
          step,
          { status: 200, contentType: "application/json", text: "{}" },
        ]);
        const { client, sleeps } = testClient({ retry: { maxAttempts } });
        const r = await run(client.updateStatus(7, 9, { name: "x", sort: 1, descriptions }));
        expect(served.count()).toBe(1);
        expect(sleeps).toEqual([]);
        expect(E.isLeft(r) && r.left.kind).toBe("server");
        if (E.isLeft(r)) {
          expect(r.left.ambiguous).toBe(true);
          expect(describeFailure(r.left)).toMatch(/may or may not have been applied/);
        }
      }),
      runs(50),
    );
  });

  test("the token sent never comes back in a failure, whatever the server echoes", async () => {
    const cases = fc.record({
      endpoint: fc.constantFrom(...GET_ENDPOINTS),
      step: fc.oneof(
        fc.integer({ min: 400, max: 599 }).map((status) => ({
          status,
          contentType: "application/problem+json",
          text: problemJson(status, { detail: `bad token ${TOKEN}`, trace_id: TOKEN }),
        })),
        fc
          .integer({ min: 400, max: 599 })
          .map((status) => ({ status, contentType: "text/html", text: `<html>Authorization: Bearer ${TOKEN}</html>` })),
        fc.constant({ status: 200, contentType: "application/json", text: JSON.stringify({ id: TOKEN, name: TOKEN }) }),
        fc.constant({ status: 200, contentType: "text/plain", text: `echo: ${TOKEN}` }),
      ),
    });
    await fc.assert(
      fc.asyncProperty(cases, async ({ endpoint, step }) => {
        serve(
          "get",
          endpoint.path,
          Array.from({ length: 5 }, () => step),
        );
        const r = await run(endpoint.call(testClient().client));
        expect(E.isLeft(r)).toBe(true);
        if (E.isRight(r)) return;
        expect(JSON.stringify(r.left)).not.toContain(TOKEN);
        expect(describeFailure(r.left)).not.toContain(TOKEN);
      }),
      runs(40),
    );
  });
});

describe("the ProblemBody codec", () => {
  test("the oracle's view of the reference problem body agrees with the codec", () => {
    // Guards the hand-written problemOf above against drifting from a document the codec is known to read.
    const body = {
      title: "Bad Request",
      status: 400,
      detail: "x",
      "validation-errors": [{ request_id: "0", errors: [{ path: "name" }] }],
    };
    const expected = { ...body, "validation-errors": { items: body["validation-errors"] } };
    expect(problemOf(JSON.stringify(body))).toEqual(expected);
    const r = ProblemBody.decode(viaJson(body));
    expect(E.isRight(r) && r.right).toEqual(expected);
  });

  test("reads any JSON object field by field, as the oracle does, and nothing else", () => {
    const bodies = fc.oneof(
      bodyArb(TOKEN).map((b) => b.text),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    );
    fc.assert(
      fc.property(bodies, (text) => {
        let json: unknown;
        try {
          json = parseJson(text);
        } catch {
          return;
        }
        const r = ProblemBody.decode(json);
        const expected = problemOf(text);
        if (expected === undefined) expect(E.isLeft(r)).toBe(true);
        else expect(E.isRight(r) && r.right).toEqual(expected);
      }),
      runs(300),
    );
  });
});

describe("regressions found by the properties above", () => {
  const withProto = (body: object, proto: object) =>
    JSON.stringify(body).replace(/^\{/, `{"__proto__":${JSON.stringify(proto)},`);

  test("a __proto__ key in a response cannot smuggle an unvalidated field into a decoded pipeline", async () => {
    // The status's _links makes io-ts copy the pipeline, the copy that used to turn __proto__ into the prototype.
    const text = withProto(fixture("get-pipeline.response"), { request_id: 42, _total_items: "x" });
    serve("get", `${LIST}/7`, [{ status: 200, contentType: "application/hal+json", text }]);
    const r = await run(testClient().client.getPipeline(7));
    if (E.isLeft(r)) throw new Error(describeFailure(r.left));
    expect(r.right).not.toHaveProperty("request_id");
    expectPlain(r.right);
  });

  test("a __proto__ key in a 429 cannot give it a retry_after that is not a number", () => {
    const text = withProto(
      { "validation-errors": [{ request_id: "0", errors: [], extra: 1 }] },
      { retry_after: "soon" },
    );
    const f = failureFromResponse(op, { status: 429, contentType: "application/problem+json", text });
    expect(f.kind === "rate_limited" && f.retryAfterSeconds).toBeUndefined();
  });

  test("HAL links keep only href, like every other field the client does not use", () => {
    const body = {
      ...fixture("list-statuses.response"),
      _links: { self: { href: "h", templated: false }, next: { href: "n" } },
    };
    const r = StatusCollection.decode(body);
    expect(E.isRight(r) && r.right._links).toStrictEqual({ self: { href: "h" } });
  });

  test("a 403 labelled Text/HTML is a block even when its page does not open with a tag", () => {
    const f = failureFromResponse(op, { status: 403, contentType: "Text/HTML; charset=UTF-8", text: "Access denied" });
    expect(f.kind === "forbidden" && f.blocked).toBe(true);
  });
});
