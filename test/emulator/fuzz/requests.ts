import fc from "fast-check";
import type { RawRequest } from "../rawHttp";
import {
  batchOf,
  leadEditItem,
  leadItem,
  objectOr,
  pipelineEdit,
  pipelineItem,
  statusEdit,
  statusItem,
} from "./payloads";

/** A request before its placeholders are resolved; the body is text so that it can also be broken JSON. */
export interface RequestSpec {
  method: string;
  target: string;
  headers: Record<string, string>;
  body?: { text: string } | { bytes: Uint8Array };
  chunked: boolean;
}

type Body = RequestSpec["body"];

const PIPELINES = "/api/v4/leads/pipelines";
const none = fc.constant(undefined);
const json = (value: fc.Arbitrary<unknown>): fc.Arbitrary<Body> =>
  value.map((v) => ({ text: JSON.stringify(v) ?? "null" }));

/** Every route with the body it takes, so that most requests get past routing and reach a handler. */
const ENDPOINTS: Array<[string, string, fc.Arbitrary<Body>]> = [
  ["GET", PIPELINES, none],
  ["POST", PIPELINES, json(batchOf(pipelineItem))],
  ["GET", `${PIPELINES}/{pipeline:N}`, none],
  ["PATCH", `${PIPELINES}/{pipeline:N}`, json(objectOr(pipelineEdit))],
  ["DELETE", `${PIPELINES}/{pipeline:N}`, none],
  ["GET", `${PIPELINES}/{pipeline:N}/statuses`, none],
  ["POST", `${PIPELINES}/{pipeline:N}/statuses`, json(batchOf(statusItem))],
  ["GET", `${PIPELINES}/{pair:N}`, none],
  ["PATCH", `${PIPELINES}/{pair:N}`, json(objectOr(statusEdit))],
  ["DELETE", `${PIPELINES}/{pair:N}`, none],
  ["GET", "/api/v4/leads", none],
  ["POST", "/api/v4/leads", json(batchOf(leadItem))],
  ["PATCH", "/api/v4/leads", json(batchOf(leadEditItem))],
  ["PATCH", "/api/v4/leads/{lead:N}", json(objectOr(leadItem))],
];

const queryKey = fc.oneof(
  fc.constantFrom(
    "with",
    "limit",
    "page",
    "filter[pipeline_id]",
    "filter[pipeline_id][]",
    "filter[id]",
    "filter[id][]",
  ),
  fc.constantFrom(
    "filter[statuses][0][pipeline_id]",
    "filter[statuses][0][status_id]",
    "filter[statuses][x]",
    "a[b",
    "[]",
    "filter[[]]",
    "%zz",
  ),
  fc.webSegment(),
);
const queryValue = fc.oneof(
  fc.constantFrom(
    "descriptions",
    "descriptions,x",
    "",
    "0",
    "1",
    "250",
    "251",
    "-1",
    "1.5",
    "{pipeline:0}",
    "{status:3}",
    "{lead:0}",
    "%zz",
    "%00",
  ),
  fc.webSegment(),
  fc.nat().map(String),
);
const query = fc.option(
  fc
    .array(fc.tuple(queryKey, queryValue), { maxLength: 5 })
    .map((pairs) => `?${pairs.map(([k, v]) => `${k}=${v}`).join("&")}`),
  { nil: "", freq: 2 },
);

/** A request to a real route with a body of the kind it takes, before headers are added. */
export const aimed = fc
  .oneof(
    ...ENDPOINTS.map(([method, template, body]) =>
      fc.record({ method: fc.constant(method), path: fc.nat(40).map((n) => template.replace("N", String(n))), body }),
    ),
  )
  .chain(({ method, path, body }) => query.map((q) => ({ method, target: `${path}${q}`, body })));

/** Real methods, WebDAV ones the parser knows but no route has, and a token the parser refuses outright. */
const method = fc.constantFrom("GET", "POST", "PATCH", "PUT", "DELETE", "HEAD", "OPTIONS", "PROPFIND", "FOO");
const oddSegment = fc.constantFrom(
  "",
  ".",
  "..",
  "0",
  "-1",
  "1e3",
  "0x10",
  "9999999999999999",
  "123456789012345",
  "%2F",
  "%00",
  "%zz",
  "%E2%82%AC",
  "pipelines",
  "statuses",
  "142",
);
const segments = fc.array(fc.oneof(oddSegment, fc.webSegment(), fc.nat().map(String)), { maxLength: 6 });
const path = fc.oneof(
  fc
    .tuple(fc.constantFrom(...ENDPOINTS.map((e) => e[1])), segments)
    .map(([t, s]) => `${t.replace("N", "0")}/${s.join("/")}`),
  segments.map((s) => `/api/v4/${s.join("/")}`),
  // Anything but the control API, which the fuzz must not reconfigure.
  segments.map((s) => `/${s.join("/")}`.replace(/^\/_emulator/, "/x")),
);

const jsonText = fc
  .oneof(
    {
      weight: 3,
      arbitrary: fc.oneof(
        batchOf(pipelineItem),
        batchOf(statusItem),
        batchOf(leadItem),
        objectOr(pipelineEdit),
        objectOr(statusEdit),
      ),
    },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  )
  .map((value) => JSON.stringify(value) ?? "null");

/** JSON that the parser may take differently from what a client meant, or not at all. */
const trickyText = fc.constantFrom(
  '[{"name":',
  '{"a":1}{"b":2}',
  "[".repeat(5000),
  '"\\ud800"',
  "\ufeff[]",
  "NaN",
  "[1e400]",
  '{"__proto__":{"name":"x"}}',
  '[{"__proto__":null,"name":"x","sort":1}]',
  '[{"name":"x","sort":1,"is_main":false,"is_unsorted_on":true,"constructor":{"prototype":{"polluted":1}}}]',
  '[{"name":"x","name":"y","sort":5,"is_main":false,"is_unsorted_on":true}]',
);

const anyBody: fc.Arbitrary<Body> = fc.option(
  fc.oneof(
    { weight: 5, arbitrary: jsonText.map((text) => ({ text })) },
    { weight: 1, arbitrary: trickyText.map((text) => ({ text })) },
    { weight: 1, arbitrary: fc.string({ maxLength: 80 }).map((text) => ({ text })) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 80 }).map((bytes) => ({ bytes })) },
  ),
  { nil: undefined, freq: 4 },
);

const wild = fc.record({ method, target: fc.tuple(path, query).map(([p, q]) => `${p}${q}`), body: anyBody });

const authorization = fc.oneof(
  { weight: 8, arbitrary: fc.constant("Bearer admin-token") },
  { weight: 2, arbitrary: fc.constant("Bearer user-token") },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "bearer admin-token",
      "BEARER\tadmin-token",
      "Bearer nope",
      "Bearer admin-token user-token",
      "Bearer",
      "Basic YWRtaW46YWRtaW4=",
      "",
      undefined,
    ),
  },
);
const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant("application/json") },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "application/json; charset=utf-8",
      "application/hal+json",
      "APPLICATION/JSON",
      "application/jsonx",
      "text/plain",
      "multipart/form-data; boundary=x",
      "",
      undefined,
    ),
  },
);
/** HAL links are built from Host, so odd ones must still give well-formed links. */
const host = fc.constantFrom(
  undefined,
  undefined,
  undefined,
  "example.com",
  "example.com:8080",
  "[::1]:1",
  "bad host!",
  "a".repeat(300),
  "evil.com/path",
);
const extraHeaders = fc.dictionary(fc.stringMatching(/^x-[a-z0-9-]{1,12}$/), fc.stringMatching(/^[!-~ ]{0,30}$/), {
  maxKeys: 3,
});

export const requestSpec: fc.Arbitrary<RequestSpec> = fc
  .record({
    request: fc.oneof({ weight: 3, arbitrary: aimed }, { weight: 2, arbitrary: wild }),
    authorization,
    contentType,
    host,
    extraHeaders,
    chunked: fc.boolean(),
  })
  .map(({ request, authorization, contentType, host, extraHeaders, chunked }) => {
    const headers: Record<string, string> = { ...extraHeaders };
    if (authorization !== undefined) headers.authorization = authorization;
    if (contentType !== undefined) headers["content-type"] = contentType;
    if (host !== undefined) headers.host = host;
    return { ...request, headers, chunked: chunked && request.body !== undefined };
  });

/** Fills the placeholders in; the body text and the target both may hold them. */
export function toRawRequest(spec: RequestSpec, resolve: (text: string) => string): RawRequest {
  const body =
    spec.body === undefined
      ? undefined
      : "text" in spec.body
        ? Buffer.from(resolve(spec.body.text))
        : Buffer.from(spec.body.bytes);
  return { method: spec.method, target: resolve(spec.target), headers: spec.headers, body, chunked: spec.chunked };
}
