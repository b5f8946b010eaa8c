import * as E from "fp-ts/Either";
import nock from "nock";
import { describeFailure, ProblemBody, UNREAD_ERRORS_SHOWN, type KommoFailure } from "../../provider/client";
import { BASE, HAL, NONE, PROBLEM, TOKEN, fixture, left, testClient } from "./support";
import { useNock } from "./nockSetup";

/**
 * Issue 15, item 6: a refusal says why. Kommo's `validation-errors` reach the message whatever their shape, and the
 * message names the object by name as well as by id where the caller knows the name.
 */
useNock();

const P = 7000012;
const S = 58141807;
const PIPELINE = `/api/v4/leads/pipelines/${P}`;
const STATUS = `${PIPELINE}/statuses/${S}`;
const WHY = "A pipeline with leads cannot be deleted";

const refusal = (validationErrors: unknown, extra: Record<string, unknown> = {}) => ({
  "validation-errors": validationErrors,
  title: "Bad Request",
  type: "https://httpstatus.es/400",
  status: 400,
  detail: "Request validation failed",
  ...extra,
});

/** A pipeline DELETE refused with this body; the read that follows finds the pipeline, so the refusal stands. */
async function refusedDelete(body: unknown, status = 400): Promise<{ failure: KommoFailure; message: string }> {
  nock(BASE)
    .delete(PIPELINE)
    .reply(status, body as nock.Body, PROBLEM);
  if (status >= 400 && status < 500 && status !== 404)
    nock(BASE)
      .get(PIPELINE)
      .reply(200, { ...fixture("get-pipeline.response"), id: P, name: "Sales" }, HAL);
  const failure = await left(testClient().client.deletePipelineIfPresent(P, { pipeline: "Sales" }));
  return { failure, message: describeFailure(failure) };
}

describe("validation-errors reach the message whatever their shape", () => {
  test("the documented shape: item, path, detail and code", async () => {
    const { failure, message } = await refusedDelete(
      refusal([{ request_id: "0", errors: [{ code: "PipelineHasLeads", path: "id", detail: WHY }] }]),
    );
    expect(failure.kind).toBe("validation");
    expect(message).toContain(`Request validation failed.\n  - item 0: id: ${WHY} [PipelineHasLeads]`);
  });

  test("request_id as a number is read as its text, and still names the item", async () => {
    const { failure, message } = await refusedDelete(
      refusal([{ request_id: 0, errors: [{ code: "PipelineHasLeads", path: "id", detail: WHY }] }]),
    );
    expect(failure.items).toEqual([
      { request_id: "0", index: 0, errors: [{ code: "PipelineHasLeads", path: "id", detail: WHY }] },
    ]);
    expect(message).toContain(`  - item 0: id: ${WHY} [PipelineHasLeads]`);
  });

  test("an entry without request_id", async () => {
    const { failure, message } = await refusedDelete(refusal([{ errors: [{ code: "C", path: "id", detail: WHY }] }]));
    expect(failure.items).toEqual([{ errors: [{ code: "C", path: "id", detail: WHY }] }]);
    expect(message).toContain(`  - id: ${WHY} [C]`);
    expect(message).not.toContain("request_id undefined");
  });

  test("field errors lacking a path, or a code, or both", async () => {
    const { message } = await refusedDelete(
      refusal([
        {
          request_id: "0",
          errors: [
            { code: "NoPath", detail: WHY },
            { path: "id", detail: "no code here" },
            { detail: "only a detail" },
          ],
        },
      ]),
    );
    expect(message).toContain(`  - item 0: ${WHY} [NoPath]; id: no code here; only a detail`);
  });

  test("a flat list of {code, path, detail}", async () => {
    const { failure, message } = await refusedDelete(
      refusal([
        { code: "PipelineHasLeads", path: "id", detail: WHY },
        { code: "Other", path: "name" },
      ]),
    );
    expect(failure.items?.map((i) => i.errors)).toEqual([
      [{ code: "PipelineHasLeads", path: "id", detail: WHY }],
      [{ code: "Other", path: "name" }],
    ]);
    expect(message).toContain(`  - id: ${WHY} [PipelineHasLeads]\n  - name: Other`);
    expect(message).not.toContain("Other [Other]");
  });

  test("a single entry that is not in a list", async () => {
    const { message } = await refusedDelete(refusal({ request_id: "0", errors: [{ path: "id", detail: WHY }] }));
    expect(message).toContain(`  - item 0: id: ${WHY}`);
  });

  test("a shape nothing reads is kept as its JSON text", async () => {
    const odd = { id: [WHY], hint: "move the leads" };
    const { failure, message } = await refusedDelete(refusal(odd));
    expect(failure.items ?? []).toEqual([]);
    expect(failure.unreadErrors).toBe(JSON.stringify(odd));
    expect(message).toContain(`  - validation-errors, as sent: ${JSON.stringify(odd)}`);
  });

  test("the entries that read are shown, and the ones that do not follow as JSON text", async () => {
    const { message } = await refusedDelete(refusal([{ request_id: "0", errors: [{ path: "id", detail: WHY }] }, 42]));
    expect(message).toContain(`  - item 0: id: ${WHY}\n  - validation-errors, as sent: [42]`);
  });

  test("a long unread shape is cut short in the message, and kept whole in the failure", async () => {
    const long = { why: "x".repeat(1000) };
    const { failure, message } = await refusedDelete(refusal(long));
    expect(failure.unreadErrors).toBe(JSON.stringify(long));
    const shown = message.slice(message.indexOf("as sent: ") + "as sent: ".length).split("\n")[0] ?? "";
    expect(shown).toBe(`${JSON.stringify(long).slice(0, UNREAD_ERRORS_SHOWN)}…`);
  });

  test("odd other fields do not hide what can be read", async () => {
    const { failure, message } = await refusedDelete(
      refusal([{ request_id: "0", errors: [{ path: "id", detail: WHY }] }], {
        status: "400",
        title: 7,
        type: null,
        trace_id: 991,
        retry_after: "soon",
      }),
    );
    expect(failure.kind).toBe("validation");
    expect(failure.kind === "validation" && failure.detail).toBe("Request validation failed");
    expect(failure.traceId).toBe("991");
    expect(message).toContain(`  - item 0: id: ${WHY}`);
  });

  test("a detail that is not a string drops only the detail", async () => {
    const { failure, message } = await refusedDelete(
      refusal([{ request_id: "0", errors: [{ path: "id", detail: WHY }] }], { detail: { text: "nested" } }),
    );
    expect(failure.kind === "validation" && failure.detail).toBeUndefined();
    expect(message).toContain(`Kommo refused the request as invalid.\n  - item 0: id: ${WHY}`);
  });

  test("an answer other than 400 that carries validation-errors shows them too", async () => {
    const { failure, message } = await refusedDelete(
      { title: "Forbidden", status: 403, detail: "Access denied", "validation-errors": [{ path: "id", detail: WHY }] },
      403,
    );
    expect(failure.kind).toBe("forbidden");
    expect(message).toContain(`  - id: ${WHY}`);
  });

  test("the user's report: the vendor's detail is in the message, with the pipeline's name", async () => {
    const { message } = await refusedDelete(
      refusal([{ request_id: 0, errors: [{ code: "PipelineHasLeads", path: "id", detail: WHY }] }]),
    );
    expect(message).toMatch(
      new RegExp(`^Kommo: could not delete pipeline "Sales" \\(${P}\\) \\(HTTP 400\\) \\[DELETE ${PIPELINE}\\]: `),
    );
    expect(message).toContain(WHY);
  });
});

describe("batch items are still mapped by request_id", () => {
  test("numeric request_ids name the items of a status POST, each failing with its own errors", async () => {
    nock(BASE)
      .post(`${PIPELINE}/statuses`)
      .reply(
        400,
        refusal([
          { request_id: 1, errors: [{ code: "NotBlank", path: "name", detail: "blank" }] },
          { request_id: 0, errors: [{ code: "NotSupportedChoice", path: "color", detail: "bad color" }] },
        ]),
        PROBLEM,
      );
    const [first, second] = await testClient().client.addStatuses(
      P,
      [
        { name: "A", sort: 20 },
        { name: "B", sort: 30 },
      ],
      NONE,
      { pipeline: "Sales" },
    )();
    if (!first || E.isRight(first) || !second || E.isRight(second)) throw new Error("expected both to fail");
    expect(first.left.items?.map((i) => i.index)).toEqual([0]);
    expect(second.left.items?.map((i) => i.index)).toEqual([1]);
    expect(describeFailure(first.left)).toContain(`create status "A" in pipeline "Sales" (${P})`);
    expect(describeFailure(first.left)).toContain("item 0: color: bad color [NotSupportedChoice]");
    expect(describeFailure(second.left)).toContain("item 1: name: blank [NotBlank]");
    expect(describeFailure(second.left)).not.toContain("bad color");
  });
});

describe("messages name the object by name as well as id", () => {
  const problem400 = refusal([{ request_id: "0", errors: [{ path: "name", detail: "bad" }] }]);

  test("update status, named by its PATCH and its pipeline", async () => {
    nock(BASE).patch(STATUS).reply(400, problem400, PROBLEM);
    const f = await left(testClient().client.updateStatus(P, S, { name: "Qualified" }, { pipeline: "Sales" }));
    expect(describeFailure(f)).toContain(`could not update status "Qualified" (${S}) in pipeline "Sales" (${P})`);
  });

  test("update status without names still names the status by the name it sends", async () => {
    nock(BASE).patch(STATUS).reply(400, problem400, PROBLEM);
    const f = await left(testClient().client.updateStatus(P, S, { name: "Qualified", sort: 40 }));
    expect(describeFailure(f)).toContain(`could not update status "Qualified" (${S}) in pipeline ${P} (HTTP 400)`);
  });

  test("delete status", async () => {
    nock(BASE).delete(STATUS).reply(404, { title: "Not Found", status: 404, detail: "x" }, PROBLEM);
    const f = await left(testClient().client.deleteStatus(P, S, { pipeline: "Sales", status: "Qualified" }));
    expect(describeFailure(f)).toContain(`could not delete status "Qualified" (${S}) in pipeline "Sales" (${P})`);
  });

  test("update, read and delete a pipeline", async () => {
    const c = testClient().client;
    nock(BASE).patch(PIPELINE).reply(400, problem400, PROBLEM);
    nock(BASE).get(PIPELINE).reply(404, { status: 404, detail: "Pipeline not found" }, PROBLEM);
    nock(BASE).delete(PIPELINE).reply(402, { status: 402, detail: "Payment required" }, PROBLEM);
    const names = { pipeline: "Sales" };
    const update = await left(c.updatePipeline(P, { name: "Sales EU" }, names));
    const read = await left(c.getPipeline(P, names));
    const remove = await left(c.deletePipeline(P, names));
    expect(describeFailure(update)).toContain(`could not update pipeline "Sales" (${P})`);
    expect(describeFailure(read)).toContain(`could not read pipeline "Sales" (${P})`);
    expect(describeFailure(remove)).toContain(`could not delete pipeline "Sales" (${P})`);
  });

  test("list statuses and leads", async () => {
    const c = testClient().client;
    nock(BASE).get(`${PIPELINE}/statuses`).reply(404, { status: 404, detail: "Pipeline not found" }, PROBLEM);
    nock(BASE).get("/api/v4/leads").query(true).twice().reply(400, problem400, PROBLEM);
    const names = { pipeline: "Sales", status: "Qualified" };
    const statuses = await left(c.listStatuses(P, undefined, names));
    const inPipeline = await left(c.leadsInPipeline(P, names));
    const inStatus = await left(c.leadsInStatus(P, S, names));
    expect(describeFailure(statuses)).toContain(`could not list statuses of pipeline "Sales" (${P})`);
    expect(describeFailure(inPipeline)).toContain(`could not list leads in pipeline "Sales" (${P})`);
    expect(describeFailure(inStatus)).toContain(
      `could not list leads in status "Qualified" (${S}) of pipeline "Sales" (${P})`,
    );
  });

  test("without names, the ids alone, as before", async () => {
    nock(BASE).delete(STATUS).reply(404, { status: 404, detail: "x" }, PROBLEM);
    const f = await left(testClient().client.deleteStatus(P, S));
    expect(describeFailure(f)).toContain(`could not delete status ${S} in pipeline ${P} (HTTP 404)`);
  });
});

describe("the token never reaches a message", () => {
  /** The token as JSON can spell it without a single character of it in the text: the body's redaction misses it. */
  const escaped = TOKEN.replace(/./g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);

  test("not when an unread shape echoes it, plainly or JSON-escaped", async () => {
    const text = `{"title":"Bad Request","status":400,"validation-errors":{"auth":"Bearer ${TOKEN}","again":"${escaped}"}}`;
    const { failure, message } = await refusedDelete(text);
    expect(failure.unreadErrors).toContain("[redacted]");
    expect(JSON.stringify(failure)).not.toContain(TOKEN);
    expect(message).not.toContain(TOKEN);
  });

  test("not when a field error echoes it", async () => {
    const { message } = await refusedDelete(
      refusal([{ request_id: "0", errors: [{ path: TOKEN, code: TOKEN, detail: `token ${TOKEN} is wrong` }] }]),
    );
    expect(message).toContain("item 0: [redacted]: token [redacted] is wrong");
    expect(message).not.toContain(TOKEN);
  });

  test("not even in part, where the cut of a long unread shape falls inside an escaped token", async () => {
    // The JSON text of the field is {"a":"xxx…<token>"}: its first 10 characters fall before the cut.
    const pad = "x".repeat(UNREAD_ERRORS_SHOWN - '{"a":"'.length - 10);
    const text = `{"status":400,"validation-errors":{"a":"${pad}${escaped}"}}`;
    const { message } = await refusedDelete(text);
    expect(message).toContain("as sent: ");
    expect(message).not.toContain(TOKEN.slice(0, 8));
  });
});

test("ProblemBody reads the documented body as it is", () => {
  const body = refusal([{ request_id: "0", errors: [{ code: "NotSupportedChoice", path: "status_id", detail: "d" }] }]);
  const r = ProblemBody.decode(body);
  expect(E.isRight(r) && r.right).toEqual({
    ...body,
    "validation-errors": {
      items: [{ request_id: "0", errors: [{ code: "NotSupportedChoice", path: "status_id", detail: "d" }] }],
    },
  });
});
