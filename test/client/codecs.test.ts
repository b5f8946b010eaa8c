import * as E from "fp-ts/Either";
import * as t from "io-ts";
import {
  Pipeline,
  PipelineCollection,
  ProblemBody,
  Status,
  StatusCollection,
  StatusColor,
} from "../../provider/client";
import { decodeResponse } from "../../provider/client/decode";
import { fixture } from "./support";

const op = { action: "read", method: "GET", path: "/api/v4/leads/pipelines" };

function decoded<A>(codec: t.Decoder<unknown, A>, value: unknown): A {
  const r = codec.decode(value);
  if (E.isLeft(r)) throw new Error(`did not decode: ${JSON.stringify(r.left.map((e) => e.context.map((c) => c.key)))}`);
  return r.right;
}

describe("codecs accept every example of the reference", () => {
  test.each([
    ["list-pipelines.response", PipelineCollection],
    ["add-pipelines.response", PipelineCollection],
    ["get-pipeline.response", Pipeline],
    ["edit-pipeline.response", Pipeline],
    ["list-statuses.response", StatusCollection],
    ["add-statuses.response", StatusCollection],
    ["get-status.response", Status],
    ["edit-status.response", Status],
  ] as const)("%s", (name, codec) => {
    expect(E.isRight((codec as t.Mixed).decode(fixture(name)))).toBe(true);
  });

  test("the pipeline list keeps every pipeline and its embedded statuses", () => {
    const list = decoded(PipelineCollection, fixture("list-pipelines.response"));
    expect(list._total_items).toBe(2);
    expect(list._embedded.pipelines.map((p) => p.id)).toEqual([6950551, 6954751]);
    expect(list._embedded.pipelines[0]._embedded?.statuses?.map((s) => s.id)).toEqual([
      58141803, 58141807, 58141811, 58141815, 58141819, 142, 143,
    ]);
  });

  test("request_id is kept, because created objects are matched to requests by it", () => {
    const added = decoded(StatusCollection, fixture("add-statuses.response"));
    expect(added._embedded.statuses.map((s) => s.request_id)).toEqual(["0", "1"]);
  });
});

describe("extra fields are dropped", () => {
  test("unknown fields and _links never survive decoding", () => {
    const raw = { ...fixture("get-status.response"), surprise: "x", _links: { self: { href: "h" } } };
    const status = decoded(Status, raw);
    expect(Object.keys(status).sort()).toEqual(
      ["account_id", "color", "id", "is_editable", "name", "pipeline_id", "sort", "type"].sort(),
    );
  });

  test("nested statuses inside a pipeline are stripped too", () => {
    const raw = fixture("get-pipeline.response");
    raw._embedded.statuses[0].extra = 1;
    const pipeline = decoded(Pipeline, raw);
    expect(pipeline._embedded?.statuses?.[0]).not.toHaveProperty("extra");
    expect(pipeline).not.toHaveProperty("_links");
  });

  test("descriptions decode with only the keys the client relies on", () => {
    const raw = {
      ...fixture("get-status.response"),
      descriptions: [{ id: 5, level: "newbie", description: "Hi 👋", created_at: 1, account_id: 2 }],
    };
    expect(decoded(Status, raw).descriptions).toEqual([{ id: 5, level: "newbie", description: "Hi 👋" }]);
  });
});

describe("invalid bodies are rejected with the path of the bad field", () => {
  test.each([
    ["a string id", (p: any) => (p._embedded.pipelines[1].id = "6954751"), "_embedded.pipelines.1.id"],
    ["a missing name", (p: any) => delete p._embedded.pipelines[0].name, "_embedded.pipelines.0.name"],
    [
      "a fractional sort in a status",
      (p: any) => (p._embedded.pipelines[0]._embedded.statuses[2].sort = 2.5),
      "_embedded.pipelines.0._embedded.statuses.2.sort",
    ],
    ["no _embedded", (p: any) => delete p._embedded, "_embedded"],
    ["is_main as a number", (p: any) => (p._embedded.pipelines[0].is_main = 1), "_embedded.pipelines.0.is_main"],
  ])("%s", (_name, mutate, path) => {
    const body = fixture("list-pipelines.response");
    mutate(body);
    const r = decodeResponse(PipelineCollection, op, body);
    expect(E.isLeft(r)).toBe(true);
    if (E.isLeft(r)) {
      expect(r.left.kind).toBe("invalid_response");
      expect(r.left.kind === "invalid_response" && r.left.paths).toContain(path);
      expect(r.left.kind === "invalid_response" && r.left.reason).toContain("GET /api/v4/leads/pipelines");
    }
  });

  test("a status whose color is not a string fails at color", () => {
    const r = decodeResponse(Status, op, { ...fixture("get-status.response"), color: 0xffffff });
    expect(E.isLeft(r) && r.left.kind === "invalid_response" && r.left.paths).toEqual(["color"]);
  });
});

describe("palette and problem bodies", () => {
  test("StatusColor accepts the 21 palette colors and nothing else", () => {
    expect(E.isRight(StatusColor.decode("#fffeb2"))).toBe(true);
    expect(E.isRight(StatusColor.decode("#e6e8ea"))).toBe(true);
    expect(E.isLeft(StatusColor.decode("#c1c1c1"))).toBe(true);
    expect(Object.keys(StatusColor.keys)).toHaveLength(21);
  });

  test("the documented 400 body keeps its validation-errors", () => {
    const body = {
      "validation-errors": [
        {
          request_id: "0",
          errors: [
            { code: "NotSupportedChoice", path: "status_id", detail: "The value you selected is not a valid choice." },
          ],
        },
      ],
      title: "Bad Request",
      type: "https://httpstatus.es/400",
      status: 400,
      detail: "Request validation failed",
    };
    expect(decoded(ProblemBody, body)["validation-errors"]?.items[0]?.errors[0]?.path).toBe("status_id");
  });
});
