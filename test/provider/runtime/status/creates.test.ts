import { pipeline, status } from "../../../../provider/runtime";
import { MAX_BATCH_ITEMS } from "../../../../provider/runtime/session/batcher";
import { LEARN_WAIT_MS } from "../../../../provider/runtime/session/declaredOrders";
import { PLACEHOLDER_STAGE } from "../../../../provider/runtime/status/placeholder";
import type { StatusInputs, StatusOutputs } from "../../../../provider/runtime/types";
import {
  HAL,
  PROBLEM,
  api,
  livePipeline,
  liveStatus,
  problem,
  rejection,
  statusList,
  systemStatuses,
  type LiveStatus,
} from "../../support";
import { bodyOf, checkedPipeline, useRuntime, withBatchingOff } from "../support";

/**
 * Status creates for one pipeline: batched into one POST, placed between their declared neighbours, the placeholder
 * stage taken over, and the order read back and repaired. Counted request by request: every mock is used once, and a
 * request no mock expects fails the test by name.
 */

useRuntime();

const P = 7700001;
const INCOMING = 77000011;
const PIPELINES = "/api/v4/leads/pipelines";
const PATH = `${PIPELINES}/${P}/statuses`;

const input = (name: string, sort: number, extra: Partial<StatusInputs> = {}): StatusInputs => ({
  pipelineId: P,
  name,
  sort,
  ...extra,
});
const stage = (id: number, name: string, sort: number, extra: Partial<LiveStatus> = {}) =>
  liveStatus(P, { id, name, sort, ...extra });
const listed = (...stages: LiveStatus[]) => statusList([...systemStatuses(P, INCOMING), ...stages]);

/** Placement reads the pipeline's statuses with their descriptions: the same read a refresh shares. */
const placementRead = (path = PATH) => api().get(path).query({ with: "descriptions" });
/**
 * After the POST, the order is read back and checked: with descriptions, since a reading that finds the order right is
 * what the next batch of creates in the pipeline places itself by.
 */
const orderRead = (path = PATH) => api().get(path).query({ with: "descriptions" });
/** After a POST that failed, the client reads the pipeline back (no descriptions) to learn which items were applied. */
const readBack = (path = PATH) => api().get(path);

/** Kommo's answer to a POST: each created status carries the request_id it was sent with. */
const created = (items: { id: number; name: string; sort: number; request_id: string; color?: string }[]) =>
  statusList(items.map((s) => liveStatus(P, s)));

/** As in an up: the engine diffs every existing status before it creates new ones, which is how their sorts are known. */
async function declaredBefore(existing: { id: number; name: string; sort: number }[]) {
  for (const e of existing) {
    const outs: StatusOutputs = {
      ...input(e.name, e.sort),
      descriptions: [],
      statusId: e.id,
      type: 0,
      isEditable: true,
      accountId: 1,
      assignedSort: 0,
      liveColor: "#fffeb2",
    };
    await status.diff(String(e.id), outs, { ...input(e.name, e.sort), descriptions: [] });
  }
}

describe("status creates for one pipeline are batched", () => {
  test("creates within the batch window go out as ONE POST, placed in declared order, matched by request_id, and the order is read back", async () => {
    placementRead().reply(200, listed(), HAL);
    api()
      .post(PATH, [
        { name: "New", sort: 20, request_id: "0" },
        { name: "Qualified", sort: 30, color: "#ffeab2", request_id: "1" },
        {
          name: "Proposal",
          sort: 40,
          descriptions: [{ level: "master", description: "Send within 24h" }],
          request_id: "2",
        },
      ])
      // The answer need not follow the request's order.
      .reply(
        200,
        created([
          { id: 77000103, name: "Proposal", sort: 40, request_id: "2" },
          { id: 77000101, name: "Qualified", sort: 30, color: "#ffeab2", request_id: "1" },
          { id: 77000102, name: "New", sort: 20, request_id: "0" },
        ]),
        HAL,
      );
    // Kommo renumbered after the POST: the numbers recorded are the ones read back.
    orderRead().reply(
      200,
      listed(
        stage(77000102, "New", 20),
        stage(77000101, "Qualified", 30, { color: "#ffeab2" }),
        stage(77000103, "Proposal", 50),
      ),
      HAL,
    );
    const [qualified, fresh, proposal] = await Promise.all([
      status.create(input("Qualified", 20, { color: "#ffeab2" })),
      status.create(input("New", 10)),
      status.create(input("Proposal", 30, { descriptions: [{ level: "master", description: "Send within 24h" }] })),
    ]);
    expect([qualified.id, fresh.id, proposal.id]).toEqual(["77000101", "77000102", "77000103"]);
    expect(qualified.outs).toMatchObject({
      name: "Qualified",
      sort: 20,
      assignedSort: 30,
      statusId: 77000101,
      liveColor: "#ffeab2",
    });
    expect(fresh.outs).toMatchObject({ name: "New", sort: 10, assignedSort: 20 });
    expect(proposal.outs).toMatchObject({ name: "Proposal", sort: 30, assignedSort: 50 });
  });

  test("a batch that arrives in another order than declared is POSTed in declared order, with increasing sorts", async () => {
    placementRead().reply(200, listed(), HAL);
    api()
      .post(PATH, [
        { name: "A", sort: 20, request_id: "0" },
        { name: "B", sort: 30, request_id: "1" },
        { name: "C", sort: 40, request_id: "2" },
        { name: "D", sort: 50, request_id: "3" },
      ])
      // A Kommo that places the items of one request one after another: sent in declared order, they are in order.
      .reply(
        200,
        created([
          { id: 77000111, name: "A", sort: 20, request_id: "0" },
          { id: 77000112, name: "B", sort: 30, request_id: "1" },
          { id: 77000113, name: "C", sort: 40, request_id: "2" },
          { id: 77000114, name: "D", sort: 50, request_id: "3" },
        ]),
        HAL,
      );
    // Already in order: nothing is moved.
    orderRead().reply(
      200,
      listed(stage(77000111, "A", 20), stage(77000112, "B", 30), stage(77000113, "C", 40), stage(77000114, "D", 50)),
      HAL,
    );
    const [d, b, a, c] = await Promise.all([
      status.create(input("D", 40)),
      status.create(input("B", 20)),
      status.create(input("A", 10)),
      status.create(input("C", 30)),
    ]);
    expect([a.id, b.id, c.id, d.id]).toEqual(["77000111", "77000112", "77000113", "77000114"]);
    expect([a, b, c, d].map((r) => r.outs?.assignedSort)).toEqual([20, 30, 40, 50]);
  });

  test("a validation error on one item fails only that create; the others are looked for, not found, and sent again as they were", async () => {
    placementRead().reply(200, listed(), HAL);
    api()
      .post(PATH, [
        { name: "A", sort: 20, request_id: "0" },
        { name: "B", sort: 30, color: "#fffeb2", request_id: "1" },
        { name: "C", sort: 40, request_id: "2" },
      ])
      .reply(
        400,
        problem("Request validation failed", [
          { request_id: "1", errors: [{ code: "NotSupportedChoice", path: "color", detail: "color is not allowed" }] },
        ]),
        PROBLEM,
      );
    // Whether A and C were applied is not documented: the pipeline is read back first, and they are not in it.
    readBack().reply(200, listed(), HAL);
    api()
      .post(PATH, [
        { name: "A", sort: 20, request_id: "0" },
        { name: "C", sort: 40, request_id: "1" },
      ])
      .reply(
        200,
        created([
          { id: 77000201, name: "A", sort: 20, request_id: "0" },
          { id: 77000203, name: "C", sort: 30, request_id: "1" },
        ]),
        HAL,
      );
    orderRead().reply(200, listed(stage(77000201, "A", 20), stage(77000203, "C", 30)), HAL);
    const [a, b, c] = await Promise.allSettled([
      status.create(input("A", 10)),
      status.create(input("B", 20, { color: "#fffeb2" })),
      status.create(input("C", 30)),
    ]);
    expect(a).toMatchObject({ status: "fulfilled", value: { id: "77000201" } });
    expect(c).toMatchObject({ status: "fulfilled", value: { id: "77000203" } });
    expect(b.status).toBe("rejected");
    const message = ((b as PromiseRejectedResult).reason as Error).message;
    expect(message).toContain(`status "B" in pipeline ${P}`);
    expect(message).toMatch(/color: color is not allowed \[NotSupportedChoice\]/);
    expect(message).not.toMatch(/"A"|"C"/);
  });

  test("when every item is at fault, each create fails with its own error and nothing more is sent or read", async () => {
    placementRead().reply(200, listed(), HAL);
    api()
      .post(PATH)
      .reply(
        400,
        problem("Request validation failed", [
          { request_id: "0", errors: [{ code: "InvalidType", path: "name" }] },
          { request_id: "1", errors: [{ code: "NotSupportedChoice", path: "color" }] },
        ]),
        PROBLEM,
      );
    const results = await Promise.allSettled([
      status.create(input("X", 10)),
      status.create(input("Y", 20, { color: "#fffeb2" })),
    ]);
    const messages = results.map((r) => ((r as PromiseRejectedResult).reason as Error).message);
    expect(messages[0]).toMatch(/status "X"[\s\S]*name/);
    expect(messages[0]).not.toMatch(/color/);
    expect(messages[1]).toMatch(/status "Y"[\s\S]*color/);
  });

  test("creates for different pipelines are separate requests", async () => {
    const Q = P + 1;
    const QPATH = `${PIPELINES}/${Q}/statuses`;
    placementRead().reply(200, listed(), HAL);
    api()
      .post(PATH, [{ name: "In P", sort: 20, request_id: "0" }])
      .reply(200, created([{ id: 77000301, name: "In P", sort: 20, request_id: "0" }]), HAL);
    orderRead().reply(200, listed(stage(77000301, "In P", 20)), HAL);
    placementRead(QPATH).reply(200, statusList(systemStatuses(Q, INCOMING + 1)), HAL);
    api()
      .post(QPATH, [{ name: "In Q", sort: 20, request_id: "0" }])
      .reply(200, statusList([liveStatus(Q, { id: 77000302, name: "In Q", sort: 20, request_id: "0" })]), HAL);
    orderRead(QPATH).reply(
      200,
      statusList([...systemStatuses(Q, INCOMING + 1), liveStatus(Q, { id: 77000302, name: "In Q", sort: 20 })]),
      HAL,
    );
    const [inP, inQ] = await Promise.all([
      status.create(input("In P", 10)),
      status.create({ pipelineId: Q, name: "In Q", sort: 10 }),
    ]);
    expect([inP.id, inQ.id]).toEqual(["77000301", "77000302"]);
  });

  test("a pipeline that is gone fails every create of the batch, saying what to do, and nothing is POSTed", async () => {
    placementRead().reply(404, problem("Not found"), PROBLEM);
    const results = await Promise.allSettled([status.create(input("A", 10)), status.create(input("B", 20))]);
    for (const r of results) {
      expect(r.status).toBe("rejected");
      expect(((r as PromiseRejectedResult).reason as Error).message).toMatch(
        new RegExp(`pipeline ${P} does not exist[\\s\\S]*pulumi refresh`),
      );
    }
  });
});

describe("a batch's order check is what the next batch in the pipeline places itself by", () => {
  test("two create batches one after the other: one placement GET for the first, none for the second", async () => {
    placementRead().reply(200, listed(), HAL);
    api()
      .post(PATH, [
        { name: "New", sort: 20, request_id: "0" },
        { name: "Qualified", sort: 30, request_id: "1" },
      ])
      .reply(
        200,
        created([
          { id: 77000401, name: "New", sort: 20, request_id: "0" },
          { id: 77000402, name: "Qualified", sort: 30, request_id: "1" },
        ]),
        HAL,
      );
    // Kommo renumbered after the POST: only this reading knows "Qualified" is at 200 now.
    orderRead().reply(
      200,
      listed(
        stage(77000401, "New", 100, { descriptions: [] }),
        stage(77000402, "Qualified", 200, { descriptions: [] }),
      ),
      HAL,
    );
    const first = await Promise.all([status.create(input("New", 10)), status.create(input("Qualified", 20))]);
    expect(first.map((r) => r.id)).toEqual(["77000401", "77000402"]);

    // No GET before this POST: it goes after "Qualified" as the first batch's check read it (200), not as the POST
    // answered (30).
    api()
      .post(PATH, [{ name: "Proposal", sort: 210, request_id: "0" }])
      .reply(200, created([{ id: 77000403, name: "Proposal", sort: 210, request_id: "0" }]), HAL);
    orderRead().reply(
      200,
      listed(stage(77000401, "New", 100), stage(77000402, "Qualified", 200), stage(77000403, "Proposal", 210)),
      HAL,
    );
    const proposal = await status.create(input("Proposal", 30));
    expect(proposal.outs).toMatchObject({ statusId: 77000403, sort: 30, assignedSort: 210 });
  });
});

describe("placement among existing statuses, checked and repaired", () => {
  const existing = [
    { id: 77000501, name: "New", sort: 10, live: 20 },
    { id: 77000502, name: "Qualified", sort: 20, live: 30 },
    { id: 77000503, name: "Proposal", sort: 30, live: 40 },
  ];
  const before = () => listed(...existing.map((e) => stage(e.id, e.name, e.live)));

  test("a status added to an existing pipeline goes between its declared neighbours", async () => {
    await declaredBefore(existing);
    placementRead().reply(200, before(), HAL);
    api()
      .post(PATH, [{ name: "Later", sort: 35, request_id: "0" }])
      .reply(200, created([{ id: 77000504, name: "Later", sort: 40, request_id: "0" }]), HAL);
    orderRead().reply(
      200,
      listed(
        stage(77000501, "New", 20),
        stage(77000502, "Qualified", 30),
        stage(77000504, "Later", 40),
        stage(77000503, "Proposal", 50),
      ),
      HAL,
    );
    const later = await status.create(input("Later", 25));
    expect(later.outs).toMatchObject({ sort: 25, assignedSort: 40 });
  });

  test("a status Kommo put at the end is moved between its neighbours with one sort PATCH, and the order read again", async () => {
    await declaredBefore(existing);
    placementRead().reply(200, before(), HAL);
    api()
      .post(PATH, [{ name: "Demo", sort: 25, request_id: "0" }])
      .reply(200, created([{ id: 77000505, name: "Demo", sort: 50, request_id: "0" }]), HAL);
    orderRead().reply(
      200,
      listed(
        stage(77000501, "New", 20),
        stage(77000502, "Qualified", 30),
        stage(77000503, "Proposal", 40),
        stage(77000505, "Demo", 50),
      ),
      HAL,
    );
    api()
      .patch(
        `${PATH}/77000505`,
        (body) =>
          Object.keys(body).sort().join() === "name,sort" && body.name === "Demo" && body.sort > 20 && body.sort < 30,
      )
      .reply(200, stage(77000505, "Demo", 30), HAL);
    orderRead().reply(
      200,
      listed(
        stage(77000501, "New", 20),
        stage(77000505, "Demo", 30),
        stage(77000502, "Qualified", 40),
        stage(77000503, "Proposal", 50),
      ),
      HAL,
    );
    const demo = await status.create(input("Demo", 15));
    expect(demo.outs).toMatchObject({ statusId: 77000505, sort: 15, assignedSort: 30 });
  });

  test("a status hand-added in Kommo is not managed: it is neither a neighbour nor moved", async () => {
    const HAND = 77000509;
    await declaredBefore(existing.slice(0, 1));
    // Placement waits a moment to learn the hand-made one's declared sort, which never comes.
    placementRead().reply(200, listed(stage(77000501, "New", 20), stage(HAND, "Hand-made", 30)), HAL);
    api()
      .post(PATH, (body) => body.length === 1 && body[0].sort > 30)
      .reply(200, created([{ id: 77000506, name: "Next", sort: 40, request_id: "0" }]), HAL);
    orderRead().reply(
      200,
      listed(stage(77000501, "New", 20), stage(HAND, "Hand-made", 30), stage(77000506, "Next", 40)),
      HAL,
    );
    expect((await status.create(input("Next", 20))).outs).toMatchObject({ assignedSort: 40 });
  });

  test("a status declared with the same sort as an existing one is in order after it: nothing is moved", async () => {
    await declaredBefore(existing.slice(0, 1));
    placementRead().reply(200, listed(stage(77000501, "New", 20)), HAL);
    api()
      .post(PATH, (body) => body.length === 1 && body[0].sort > 20)
      .reply(200, created([{ id: 77000507, name: "Also new", sort: 30, request_id: "0" }]), HAL);
    orderRead().reply(200, listed(stage(77000501, "New", 20), stage(77000507, "Also new", 30)), HAL);
    // Two resources may declare one sort (check allows it); either order keeps the declared one.
    const r = await status.create(input("Also new", 10));
    expect(r.outs).toMatchObject({ statusId: 77000507, assignedSort: 30 });
  });
});

describe("the placeholder stage a Status-managed pipeline is created with", () => {
  const PLACEHOLDER = 77000601;

  test("is taken over by the first declared status: descriptions first, under the placeholder's name, then name and color; the others are POSTed after it in declared order, and the order read back", async () => {
    placementRead().reply(200, listed(stage(PLACEHOLDER, PLACEHOLDER_STAGE, 20, { descriptions: [] })), HAL);
    api()
      .patch(`${PATH}/${PLACEHOLDER}`, {
        name: PLACEHOLDER_STAGE,
        descriptions: [{ level: "newbie", description: "Call" }],
      })
      .reply(200, stage(PLACEHOLDER, PLACEHOLDER_STAGE, 20), HAL);
    api()
      .patch(`${PATH}/${PLACEHOLDER}`, { name: "New", color: "#fff000" })
      .reply(200, stage(PLACEHOLDER, "New", 20, { color: "#fff000" }), HAL);
    api()
      .post(PATH, (body) => {
        const items = bodyOf<{ name: string; sort: number }[]>(body);
        // Declared order, though "Proposal" arrived first: both after the taken-over stage (20), increasing.
        return (
          items.map((s) => s.name).join() === "Qualified,Proposal" &&
          (items[0]?.sort ?? 0) > 20 &&
          (items[0]?.sort ?? 0) < (items[1]?.sort ?? 0)
        );
      })
      .reply(
        200,
        created([
          { id: 77000603, name: "Proposal", sort: 40, request_id: "1" },
          { id: 77000602, name: "Qualified", sort: 30, request_id: "0" },
        ]),
        HAL,
      );
    orderRead().reply(
      200,
      listed(
        stage(PLACEHOLDER, "New", 20, { color: "#fff000" }),
        stage(77000602, "Qualified", 30),
        stage(77000603, "Proposal", 40),
      ),
      HAL,
    );
    const [proposal, fresh, qualified] = await Promise.all([
      status.create(input("Proposal", 30)),
      status.create(input("New", 10, { color: "#fff000", descriptions: [{ level: "newbie", description: "Call" }] })),
      status.create(input("Qualified", 20)),
    ]);
    expect(fresh.id).toBe(String(PLACEHOLDER));
    expect(fresh.outs).toMatchObject({ name: "New", statusId: PLACEHOLDER, liveColor: "#fff000", assignedSort: 20 });
    expect([qualified.id, proposal.id]).toEqual(["77000602", "77000603"]);
  });

  test("a takeover whose description answer was lost reads the stage back and sends only what is missing, never a second create", async () => {
    placementRead().reply(200, listed(stage(PLACEHOLDER, PLACEHOLDER_STAGE, 20, { descriptions: [] })), HAL);
    api()
      .patch(`${PATH}/${PLACEHOLDER}`, {
        name: PLACEHOLDER_STAGE,
        descriptions: [{ level: "newbie", description: "Call" }],
      })
      .replyWithError({ code: "ECONNRESET", message: "socket hang up" });
    api()
      .get(`${PATH}/${PLACEHOLDER}`)
      .query({ with: "descriptions" })
      .reply(
        200,
        stage(PLACEHOLDER, PLACEHOLDER_STAGE, 20, { descriptions: [{ id: 5, level: "newbie", description: "Call" }] }),
        HAL,
      );
    api()
      .patch(`${PATH}/${PLACEHOLDER}`, { name: "New" })
      .reply(200, stage(PLACEHOLDER, "New", 20), HAL);
    orderRead().reply(200, listed(stage(PLACEHOLDER, "New", 20)), HAL);
    const made = await status.create(input("New", 10, { descriptions: [{ level: "newbie", description: "Call" }] }));
    expect(made.id).toBe(String(PLACEHOLDER));
  });

  test("once taken over, it is a status like any other: a later create does not take it again", async () => {
    placementRead().reply(200, listed(stage(PLACEHOLDER, PLACEHOLDER_STAGE, 20, { descriptions: [] })), HAL);
    api()
      .patch(`${PATH}/${PLACEHOLDER}`, { name: PLACEHOLDER_STAGE })
      .reply(200, stage(PLACEHOLDER, PLACEHOLDER_STAGE, 20), HAL);
    orderRead().reply(200, listed(stage(PLACEHOLDER, PLACEHOLDER_STAGE, 20)), HAL);
    // A Status that happens to be named like the placeholder takes it over, and then owns it.
    expect((await status.create(input(PLACEHOLDER_STAGE, 10))).id).toBe(String(PLACEHOLDER));
    // The next create places itself from that order check's reading, which still lists a stage of that name: no GET.
    api()
      .post(PATH, [{ name: "Next", sort: 30, request_id: "0" }])
      .reply(200, created([{ id: 77000604, name: "Next", sort: 30, request_id: "0" }]), HAL);
    orderRead().reply(200, listed(stage(PLACEHOLDER, PLACEHOLDER_STAGE, 20), stage(77000604, "Next", 30)), HAL);
    expect((await status.create(input("Next", 20))).id).toBe("77000604");
  });

  test("in a pipeline this process just created, statuses are placed from the create's answer: no GET before the writes", async () => {
    const C = 7700041;
    const CPATH = `${PIPELINES}/${C}/statuses`;
    const placeholder = liveStatus(C, { id: 77000411, name: PLACEHOLDER_STAGE, sort: 20 });
    api()
      .get(PIPELINES)
      .reply(200, { _embedded: { pipelines: [] } }, HAL);
    api()
      .post(PIPELINES)
      .reply(
        200,
        {
          _embedded: {
            pipelines: [
              livePipeline({ id: C, name: "Fresh", sort: 10, request_id: "0" }, [
                ...systemStatuses(C, INCOMING + 40),
                placeholder,
              ]),
            ],
          },
        },
        HAL,
      );
    await pipeline.create(await checkedPipeline({ name: "Fresh", sort: 10 }));

    api()
      .patch(`${CPATH}/77000411`, { name: "New" })
      .reply(200, liveStatus(C, { id: 77000411, name: "New", sort: 20 }), HAL);
    api()
      .post(CPATH, (body) => body.length === 1 && body[0].name === "Qualified" && body[0].sort > 20)
      .reply(200, statusList([liveStatus(C, { id: 77000412, name: "Qualified", sort: 30, request_id: "0" })]), HAL);
    orderRead(CPATH).reply(
      200,
      statusList([
        ...systemStatuses(C, INCOMING + 40),
        liveStatus(C, { id: 77000411, name: "New", sort: 20 }),
        liveStatus(C, { id: 77000412, name: "Qualified", sort: 30 }),
      ]),
      HAL,
    );
    const made = await Promise.all([
      status.create({ pipelineId: C, name: "New", sort: 10 }),
      status.create({ pipelineId: C, name: "Qualified", sort: 20 }),
    ]);
    expect(made.map((r) => r.id)).toEqual(["77000411", "77000412"]);
  });

  describe("pipelines this process created one after another", () => {
    const C = 7700042;
    const D = 7700043;
    const statusesOf = (p: number) => `${PIPELINES}/${p}/statuses`;
    const placeholderOf = (p: number) => liveStatus(p, { id: p * 10 + 2, name: PLACEHOLDER_STAGE, sort: 20 });
    const createPipeline = async (id: number, name: string) => {
      api()
        .post(PIPELINES, (body) => body[0].name === name)
        .reply(
          200,
          {
            _embedded: {
              pipelines: [
                livePipeline({ id, name, sort: 10, request_id: "0" }, [
                  ...systemStatuses(id, id + 1),
                  placeholderOf(id),
                ]),
              ],
            },
          },
          HAL,
        );
      return pipeline.create(await checkedPipeline({ name, sort: 10 }));
    };
    const takeOver = (p: number) => {
      api()
        .patch(`${statusesOf(p)}/${p * 10 + 2}`, { name: "New" })
        .reply(200, liveStatus(p, { id: p * 10 + 2, name: "New", sort: 20 }), HAL);
      orderRead(statusesOf(p)).reply(
        200,
        statusList([...systemStatuses(p, p + 1), liveStatus(p, { id: p * 10 + 2, name: "New", sort: 20 })]),
        HAL,
      );
    };

    test("creating another pipeline afterwards does not make the process forget the first one's statuses", async () => {
      api()
        .get(PIPELINES)
        .reply(200, { _embedded: { pipelines: [] } }, HAL);
      await createPipeline(C, "First");
      // The second create places itself after the first from the reading the first one grew: no GET.
      await createPipeline(D, "Second");
      // Creating D changed nothing in C: what C's create answered still holds, and no GET comes before the write.
      takeOver(C);
      expect((await status.create({ pipelineId: C, name: "New", sort: 10 })).id).toBe(String(C * 10 + 2));
    });

    test("after the pipeline is updated, its statuses are read before placing", async () => {
      api()
        .get(PIPELINES)
        .reply(200, { _embedded: { pipelines: [] } }, HAL);
      const made = await createPipeline(C, "Fresh");
      api()
        .patch(`${PIPELINES}/${C}`, { is_unsorted_on: false })
        .reply(200, livePipeline({ id: C, name: "Fresh", sort: 10, is_unsorted_on: false }), HAL);
      await pipeline.update(
        String(C),
        made.outs as never,
        await checkedPipeline({ name: "Fresh", sort: 10, isUnsortedOn: false }),
      );
      // Without its incoming status now: only a reading can tell.
      placementRead(statusesOf(C)).reply(
        200,
        statusList([...systemStatuses(C, C + 1).slice(1), placeholderOf(C)]),
        HAL,
      );
      takeOver(C);
      expect((await status.create({ pipelineId: C, name: "New", sort: 10 })).id).toBe(String(C * 10 + 2));
    });
  });

  test("taking it over does not wait to learn its declared sort: no resource declares the placeholder", async () => {
    placementRead().reply(200, listed(stage(PLACEHOLDER, PLACEHOLDER_STAGE, 20, { descriptions: [] })), HAL);
    api()
      .patch(`${PATH}/${PLACEHOLDER}`, { name: "New" })
      .reply(200, stage(PLACEHOLDER, "New", 20), HAL);
    orderRead().reply(200, listed(stage(PLACEHOLDER, "New", 20)), HAL);
    const started = Date.now();
    await status.create(input("New", 10));
    // The batch window and a few mocked requests, not the wait for statuses a stack may still declare.
    expect(Date.now() - started).toBeLessThan(LEARN_WAIT_MS);
  });
});

describe(`a batch holds at most ${MAX_BATCH_ITEMS} statuses`, () => {
  test(`${MAX_BATCH_ITEMS + 1} status creates in one pipeline: 2 POSTs, of ${MAX_BATCH_ITEMS} and 1, each placed and checked`, async () => {
    // A Kommo that keeps each status at the sort it was sent with.
    const live: LiveStatus[] = [];
    const sent: { name: string; sort: number; request_id: string }[][] = [];
    let nextId = 77000700;
    // Only the first batch reads before placing: the second places itself from the first one's order check.
    placementRead().reply(200, () => listed(...live), HAL);
    orderRead()
      .times(2)
      .reply(200, () => listed(...live), HAL);
    api()
      .post(PATH)
      .times(2)
      .reply(
        200,
        (_uri, body) => {
          const items = bodyOf<{ name: string; sort: number; request_id: string }[]>(body);
          sent.push(items);
          const made = items.map((s) => stage(nextId++, s.name, s.sort, { request_id: s.request_id }));
          live.push(...made);
          return statusList(made);
        },
        HAL,
      );
    const results = await Promise.all(
      Array.from({ length: MAX_BATCH_ITEMS + 1 }, (_, i) => status.create(input(`S${i}`, 10 * (i + 1)))),
    );
    expect(sent.map((b) => b.length)).toEqual([MAX_BATCH_ITEMS, 1]);
    expect(sent[0]?.map((s) => s.request_id)).toEqual(Array.from({ length: MAX_BATCH_ITEMS }, (_, i) => String(i)));
    // The first batch is placed in declared order, and the last status after all of them.
    const firstSorts = sent[0]?.map((s) => s.sort) ?? [];
    expect([...firstSorts].sort((a, b) => a - b)).toEqual(firstSorts);
    expect(sent[1]?.[0]).toMatchObject({ name: `S${MAX_BATCH_ITEMS}`, request_id: "0" });
    expect(sent[1]?.[0]?.sort).toBeGreaterThan(firstSorts[MAX_BATCH_ITEMS - 1] ?? Infinity);
    expect(results.map((r) => r.outs?.name)).toEqual(Array.from({ length: MAX_BATCH_ITEMS + 1 }, (_, i) => `S${i}`));
    expect(new Set(results.map((r) => r.id)).size).toBe(MAX_BATCH_ITEMS + 1);
  });
});

describe("with KOMMO_BATCHING=off (the benchmark's baseline)", () => {
  test("each status is its own POST, placed from a fresh read each time", async () => {
    placementRead().reply(200, listed(), HAL);
    api()
      .post(PATH, [{ name: "New", sort: 20, request_id: "0" }])
      .reply(200, created([{ id: 77000801, name: "New", sort: 20, request_id: "0" }]), HAL);
    orderRead().reply(200, listed(stage(77000801, "New", 20)), HAL);
    placementRead().reply(200, listed(stage(77000801, "New", 20, { descriptions: [] })), HAL);
    api()
      .post(PATH, [{ name: "Qualified", sort: 30, request_id: "0" }])
      .reply(200, created([{ id: 77000802, name: "Qualified", sort: 30, request_id: "0" }]), HAL);
    orderRead().reply(200, listed(stage(77000801, "New", 20), stage(77000802, "Qualified", 30)), HAL);
    const made = await withBatchingOff(() =>
      Promise.all([status.create(input("New", 10)), status.create(input("Qualified", 20))]),
    );
    expect(made.map((r) => r.id)).toEqual(["77000801", "77000802"]);
  });
});

test("a create that is refused as a whole names its status and sends nothing more", async () => {
  placementRead().reply(200, listed(), HAL);
  api().post(PATH).reply(403, problem("Forbidden"), PROBLEM);
  const e = await rejection(status.create(input("New", 10)));
  expect(e.kind).toBe("forbidden");
  expect(e.message).toContain(`status "New" in pipeline ${P}`);
});

describe("a status created but not known to be in place", () => {
  test("keeps its id: the create fails as 'created but not initialised', with the sort left unknown for the next up to check", async () => {
    placementRead().reply(200, listed(stage(77000801, "First", 20)), HAL);
    api()
      .post(PATH)
      .reply(200, created([{ id: 77000802, name: "Second", sort: 30, request_id: "0" }]), HAL);
    // The order check cannot be made: the error must not lose the status that now exists.
    orderRead().reply(404, { title: "Not Found", status: 404, detail: "Pipeline not found" }, PROBLEM);
    const e = (await rejection(status.create(input("Second", 20)))) as Error & {
      id?: string;
      properties?: Record<string, unknown>;
    };
    expect(e.message).toMatch(/Status "Second" was created \(id 77000802\); the next `pulumi up` checks its place/);
    expect(e.id).toBe("77000802");
    expect(e.properties).toMatchObject({ name: "Second", statusId: 77000802, sort: null });
    expect((e as { reasons?: string[] }).reasons).toEqual([e.message]);
  });
});
