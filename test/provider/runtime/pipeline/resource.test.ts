import { configure, pipeline } from "../../../provider/runtime";
import type { PipelineInputs, PipelineOutputs } from "../../../provider/runtime/types";
import { resetViews } from "../../../provider/runtime/views";
import {
  HAL,
  PROBLEM,
  TEST_CONFIG,
  UNKNOWN,
  api,
  configRequest,
  livePipeline,
  problem,
  rejection,
  statusList,
  systemStatuses,
  useNock,
  withEnv,
} from "../support";

useNock();

beforeAll(() => configure(configRequest(TEST_CONFIG)));
// Each test is a provider process of its own: no read is reused from the test before.
beforeEach(() => resetViews());

const ID = 7600001;
const INCOMING = 76000011;
const PIPELINES = "/api/v4/leads/pipelines";
const PATH = `${PIPELINES}/${ID}`;

const declared: PipelineInputs = { name: "Sales", sort: 10, isMain: false, isUnsortedOn: true, wonStatusName: "Paid" };
const olds: PipelineOutputs = {
  ...declared,
  pipelineId: ID,
  isArchive: false,
  accountId: 31361463,
  incomingStatusId: INCOMING,
  wonStatusId: 142,
  lostStatusId: 143,
  wonStatusLiveName: "Paid",
  lostStatusLiveName: "Closed - lost",
};

const check = (news: Record<string, unknown>, before: Partial<PipelineInputs> = {}) =>
  pipeline.check(before, news as unknown as PipelineInputs);
const failedProperties = async (news: Record<string, unknown>, before?: Partial<PipelineInputs>) =>
  (await check(news, before)).failures?.map((f) => f.property);

describe("check", () => {
  test("valid inputs pass, with Kommo's defaults filled in", async () => {
    const r = await check({ name: "Sales", sort: 10 });
    expect(r.failures).toEqual([]);
    expect(r.inputs).toEqual({ name: "Sales", sort: 10, isMain: false, isUnsortedOn: true });
  });

  test.each([
    ["an empty name", { name: "" }, "name"],
    ["a negative sort", { sort: -5 }, "sort"],
    ["a fractional sort", { sort: 0.5 }, "sort"],
    ["isMain that is not a boolean", { isMain: "yes" }, "isMain"],
    ["isUnsortedOn that is not a boolean", { isUnsortedOn: 1 }, "isUnsortedOn"],
    ["an empty won status name", { wonStatusName: " " }, "wonStatusName"],
    ["an empty lost status name", { lostStatusName: "" }, "lostStatusName"],
  ])("%s fails, naming the property", async (_what, change, property) => {
    expect(await failedProperties({ name: "Sales", sort: 10, ...change })).toEqual([property]);
  });

  test("preview's unknown value passes for every input", async () => {
    const all = { name: UNKNOWN, sort: UNKNOWN, isMain: UNKNOWN, isUnsortedOn: UNKNOWN, wonStatusName: UNKNOWN, lostStatusName: UNKNOWN };
    const r = await check(all, declared);
    expect(r.failures).toEqual([]);
    expect(r.inputs).toEqual(all);
  });

  test("the won and lost names may be anything when the pipeline is created", async () => {
    expect(await failedProperties({ ...declared, wonStatusName: "Deal!", lostStatusName: "No deal" })).toEqual([]);
  });

  test("changing wonStatusName after creation fails, naming wonStatusName and what to do", async () => {
    const r = await check({ ...declared, wonStatusName: "Won" }, declared);
    expect(r.failures).toEqual([{ property: "wonStatusName", reason: expect.stringMatching(/only when a pipeline is created/) }]);
    expect(r.failures![0].reason).toMatch(/"Paid"/);
  });

  test("changing lostStatusName after creation fails the same way", async () => {
    const before = { ...declared, lostStatusName: "Lost" };
    expect(await failedProperties({ ...before, lostStatusName: "Gone" }, before)).toEqual(["lostStatusName"]);
  });

  test("an unknown won status name after creation passes: it may be unchanged", async () => {
    expect(await failedProperties({ ...declared, wonStatusName: UNKNOWN }, declared)).toEqual([]);
  });
});

describe("diff", () => {
  const diff = (news: Partial<Record<keyof PipelineInputs, unknown>>, before: PipelineOutputs = olds) =>
    pipeline.diff(String(ID), before, { ...declared, ...news } as PipelineInputs);

  test("nothing changed is no change", async () => {
    expect(await diff({})).toMatchObject({ changes: false, replaces: [] });
  });

  test("defaults left out equal the defaults Kommo holds", async () => {
    expect(await diff({ isMain: undefined, isUnsortedOn: undefined })).toMatchObject({ changes: false });
  });

  test("a pipeline never replaces: every change is in place", async () => {
    const r = await diff({ name: "Sales EU", sort: 20, isMain: true, isUnsortedOn: false });
    expect(r).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  test("unknown values may be changes, never replacements", async () => {
    expect(await diff({ name: UNKNOWN, sort: UNKNOWN })).toMatchObject({ changes: true, replaces: [] });
  });

  test("declaring a won status name Kommo cannot apply is refused at preview, naming wonStatusName", async () => {
    // Declared after creation, where check has no old value to compare with: only the live name can tell.
    const before = { ...olds, wonStatusName: undefined };
    const e = await rejection(diff({ wonStatusName: "Won" }, before));
    expect(e.message).toMatch(/^wonStatusName:/);
    expect(e.message).toContain('"Paid"');
  });

  test("declaring the name the won status already has is no change", async () => {
    expect(await diff({ wonStatusName: "Paid" }, { ...olds, wonStatusName: undefined })).toMatchObject({ changes: false });
  });
});

describe("create", () => {
  test("POSTs the pipeline with the won and lost names, and reads the statuses when Kommo embeds none", async () => {
    api()
      .post(PIPELINES, [
        {
          name: "Sales",
          sort: 10,
          is_main: false,
          is_unsorted_on: true,
          _embedded: { statuses: [{ id: 142, name: "Paid" }, { id: 143, name: "Lost" }] },
          request_id: "0",
        },
      ])
      .reply(200, { _embedded: { pipelines: [livePipeline({ id: ID, name: "Sales", sort: 10, request_id: "0" })] } }, HAL);
    api().get(`${PATH}/statuses`).reply(200, statusList(systemStatuses(ID, INCOMING, "Paid", "Lost")), HAL);
    const r = await pipeline.create({ ...declared, lostStatusName: "Lost" });
    expect(r.id).toBe(String(ID));
    expect(r.outs).toEqual({ ...olds, lostStatusName: "Lost", lostStatusLiveName: "Lost" });
  });
});

describe("read", () => {
  // The pipeline list, statuses embedded, answers the reads of every pipeline.
  const LIST = () => api().get(PIPELINES);
  const list = (...pipelines: ReturnType<typeof livePipeline>[]) => ({ _total_items: pipelines.length, _embedded: { pipelines } });
  const OTHER = livePipeline({ id: ID + 1, name: "Other", sort: 20 }, systemStatuses(ID + 1, INCOMING + 1));

  test("a pipeline deleted in Kommo, missing from the list, reads as gone: an empty result, not an error", async () => {
    LIST().reply(200, list(OTHER), HAL);
    const r = await pipeline.read(String(ID), olds);
    expect(r.id).toBeFalsy();
    expect(r.props).toBeUndefined();
  });

  test("drift comes back in inputs, and the won name only where the stack declares it", async () => {
    LIST().reply(
      200,
      list(OTHER, livePipeline({ id: ID, name: "Sales (renamed)", sort: 30, is_main: true }, systemStatuses(ID, INCOMING, "Paid out", "Lost out"))),
      HAL,
    );
    const r = await pipeline.read(String(ID), olds);
    expect(r.inputs).toEqual({ name: "Sales (renamed)", sort: 30, isMain: true, isUnsortedOn: true, wonStatusName: "Paid out" });
    expect(r.props).toMatchObject({ wonStatusLiveName: "Paid out", lostStatusLiveName: "Lost out", incomingStatusId: INCOMING });
  });

  test("a failed list is an error, not a deleted pipeline", async () => {
    LIST().reply(403, problem("Forbidden"), PROBLEM);
    const e = await rejection(pipeline.read(String(ID), olds));
    expect(e.kind).toBe("forbidden");
    expect(e.message).toMatch(/list pipelines/);
  });

  describe("with KOMMO_BATCHING=off, each pipeline reads itself", () => {
    const off = <T>(work: () => Promise<T>) => withEnv({ KOMMO_BATCHING: "off" }, work);

    test("a pipeline deleted in Kommo reads as gone", async () => {
      api().get(PATH).reply(404, problem("Not found"), PROBLEM);
      const r = await off(() => pipeline.read(String(ID), olds));
      expect(r.id).toBeFalsy();
      expect(r.props).toBeUndefined();
    });

    test("drift comes back in inputs", async () => {
      api()
        .get(PATH)
        .reply(200, livePipeline({ id: ID, name: "Sales (renamed)", sort: 30, is_main: true }, systemStatuses(ID, INCOMING, "Paid out", "Lost out")), HAL);
      const r = await off(() => pipeline.read(String(ID), olds));
      expect(r.inputs).toEqual({ name: "Sales (renamed)", sort: 30, isMain: true, isUnsortedOn: true, wonStatusName: "Paid out" });
    });
  });
});

describe("update", () => {
  test("PATCHes only the changed fields, in Kommo's names", async () => {
    api()
      .patch(PATH, { name: "Sales EU", is_unsorted_on: false })
      .reply(200, livePipeline({ id: ID, name: "Sales EU", sort: 10, is_unsorted_on: false }), HAL);
    const r = await pipeline.update(String(ID), olds, { ...declared, name: "Sales EU", isUnsortedOn: false });
    expect(r.outs).toEqual({ ...olds, name: "Sales EU", isUnsortedOn: false });
  });

  test("with nothing to change, sends nothing", async () => {
    expect((await pipeline.update(String(ID), olds, declared)).outs).toEqual(olds);
  });
});

describe("delete", () => {
  test("204 is deleted", async () => {
    api().delete(PATH).reply(204);
    await expect(pipeline.delete(String(ID), olds)).resolves.toBeUndefined();
  });

  test("404 means already gone, which is success", async () => {
    api().delete(PATH).reply(404, problem("Not found"), PROBLEM);
    await expect(pipeline.delete(String(ID), olds)).resolves.toBeUndefined();
  });

  test("400 NotSupportedChoice at id is how Kommo answers for a missing pipeline: success", async () => {
    api()
      .delete(PATH)
      .reply(400, problem("Request validation failed", [{ request_id: "0", errors: [{ code: "NotSupportedChoice", path: "id" }] }]), PROBLEM);
    await expect(pipeline.delete(String(ID), olds)).resolves.toBeUndefined();
  });

  test("a refused delete says why, what to do, and that nothing was deleted", async () => {
    api().delete(PATH).reply(400, problem(`Only pipelines without leads can be deleted: pipeline ${ID} still holds 3 lead(s)`), PROBLEM);
    const e = await rejection(pipeline.delete(String(ID), olds));
    expect(e.kind).toBe("validation");
    expect(e.message).toContain(`Pipeline "Sales" (${ID}) was not deleted`);
    expect(e.message).toMatch(/leads/);
    expect(e.message).toMatch(/last pipeline/);
    expect(e.message).toMatch(/retainOnDelete/);
  });

  test("a server error is not dressed up as a refusal", async () => {
    api().delete(PATH).reply(500, problem("boom"), PROBLEM);
    const e = await rejection(pipeline.delete(String(ID), olds));
    expect(e.kind).toBe("server");
    expect(e.message).not.toMatch(/retainOnDelete/);
  });
});
