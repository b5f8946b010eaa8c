import { pipeline } from "../../../../provider/runtime";
import type { PipelineOutputs } from "../../../../provider/runtime/types";
import {
  ACCOUNT,
  HAL,
  LEADS,
  PROBLEM,
  TOKEN,
  api,
  leadsOfPipeline,
  livePipeline,
  noLeadsIn,
  problem,
  rejection,
} from "../../support";
import { counted, useRuntime } from "../support";

/** Issue 15, item 6: deleting a pipeline looks at its leads first, and a refusal says why. */
useRuntime();

const ID = 7000012;
const PATH = `/api/v4/leads/pipelines/${ID}`;
const WHY = "A pipeline with leads cannot be deleted";

const olds: PipelineOutputs = {
  name: "Sales",
  sort: 10,
  isUnsortedOn: true,
  pipelineId: ID,
  isArchive: false,
  accountId: ACCOUNT,
  incomingStatusId: 70000121,
  wonStatusId: 142,
  lostStatusId: 143,
  wonStatusLiveName: "Closed - won",
  lostStatusLiveName: "Closed - lost",
  assignedSort: 10,
  statusIds: {},
  liveStatuses: [],
};

const lead = (id: number, statusId = 70000122) => ({ id, status_id: statusId, pipeline_id: ID, name: `Deal ${id}` });
const page = (leads: ReturnType<typeof lead>[]) => ({ _page: 1, _embedded: { leads } });

/** A DELETE that must not be sent: declared optional, so that a test can say it was never asked for. */
function deleteNeverSent() {
  const d = counted(() => [204, ""]);
  api().delete(PATH).optionally().reply(d.reply);
  return d.hits;
}

describe("a pipeline that holds leads is not sent a DELETE", () => {
  test("the message counts the leads, names the pipeline, lists the leads and says what to do", async () => {
    leadsOfPipeline(ID).reply(200, page([lead(11), lead(12), lead(13, 142)]), HAL);
    const hits = deleteNeverSent();
    const e = await rejection(pipeline.delete(String(ID), olds));
    expect(hits.n).toBe(0);
    expect(e.message).toContain(`could not delete pipeline "Sales" (${ID}): it holds 3 leads, 1 of them closed`);
    expect(e.message).toContain("Leads: 11, 12, 13.");
    expect(e.message).toContain(`Pipeline "Sales" (${ID}) was not deleted`);
    expect(e.message).toMatch(/Move its leads to another pipeline, or delete them in Kommo/);
    expect(e.message).toMatch(/retainOnDelete: true/);
    expect(e.message).not.toContain(TOKEN);
  });

  test("closed leads alone keep a pipeline, and one lead is one lead", async () => {
    leadsOfPipeline(ID).reply(200, page([lead(21, 143)]), HAL);
    const hits = deleteNeverSent();
    const e = await rejection(pipeline.delete(String(ID), olds));
    expect(hits.n).toBe(0);
    expect(e.message).toContain("it holds 1 lead, all of them closed,");
  });

  test("a full page says at least 250, and lists only the first leads", async () => {
    leadsOfPipeline(ID).reply(200, page(Array.from({ length: 250 }, (_, i) => lead(1000 + i))), HAL);
    const hits = deleteNeverSent();
    const e = await rejection(pipeline.delete(String(ID), olds));
    expect(hits.n).toBe(0);
    expect(e.message).toContain("it holds at least 250 leads");
    expect(e.message).toContain("Leads: 1000, 1001,");
    expect(e.message).toContain("1019, ….");
    expect(e.message).not.toContain("1020");
  });

  test("a pipeline with no lead is deleted: one look, one DELETE", async () => {
    noLeadsIn(ID);
    const d = counted(() => [204, ""]);
    api().delete(PATH).reply(d.reply);
    await expect(pipeline.delete(String(ID), olds)).resolves.toBeUndefined();
    expect(d.hits.n).toBe(1);
  });
});

describe("when the leads cannot be listed, the DELETE is sent all the same", () => {
  test("and goes through", async () => {
    leadsOfPipeline(ID).reply(400, problem("Request validation failed"), PROBLEM);
    const d = counted(() => [204, ""]);
    api().delete(PATH).reply(d.reply);
    await expect(pipeline.delete(String(ID), olds)).resolves.toBeUndefined();
    expect(d.hits.n).toBe(1);
  });

  test("and Kommo's refusal carries its validation-errors, the pipeline's name and what to do", async () => {
    leadsOfPipeline(ID).reply(400, problem("Request validation failed"), PROBLEM);
    // The user's report (issue 15): request_id as a number, a detail that says why.
    api()
      .delete(PATH)
      .reply(
        400,
        {
          "validation-errors": [{ request_id: 0, errors: [{ code: "PipelineHasLeads", path: "id", detail: WHY }] }],
          title: "Bad Request",
          type: "https://httpstatus.es/400",
          status: 400,
          detail: "Request validation failed",
        },
        PROBLEM,
      );
    api()
      .get(PATH)
      .reply(200, livePipeline({ id: ID, name: "Sales", sort: 10 }), HAL);
    const e = await rejection(pipeline.delete(String(ID), olds));
    expect(e.kind).toBe("validation");
    expect(e.message).toContain(`Kommo: could not delete pipeline "Sales" (${ID}) (HTTP 400)`);
    expect(e.message).toContain(`item 0: id: ${WHY} [PipelineHasLeads]`);
    expect(e.message).toContain(`Pipeline "Sales" (${ID}) was not deleted`);
    expect(e.message).toMatch(/last pipeline/);
    expect(e.message).toMatch(/retainOnDelete/);
  });
});

test("the lead check asks for the pipeline's leads, one page of 250, closed ones not filtered out", async () => {
  const asked: string[] = [];
  api()
    .get(LEADS)
    .query((q) => {
      asked.push(JSON.stringify(q));
      return true;
    })
    .reply(204);
  api().delete(PATH).reply(204);
  await pipeline.delete(String(ID), olds);
  expect(asked).toEqual([JSON.stringify({ "filter[pipeline_id]": String(ID), limit: "250" })]);
});
