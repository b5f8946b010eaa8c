import { configure, status } from "../../../provider/runtime";
import type { StatusInputs } from "../../../provider/runtime/types";
import { resetViews } from "../../../provider/runtime/views";
import { HAL, PROBLEM, TEST_CONFIG, api, configRequest, liveStatus, problem, statusList, systemStatuses, useNock } from "../support";

useNock();

beforeAll(() => configure(configRequest(TEST_CONFIG)));
// Each test is a provider process of its own: no read is reused from the test before.
beforeEach(() => resetViews());

const P = 7700001;
const INCOMING = 77000011;
const PATH = `/api/v4/leads/pipelines/${P}/statuses`;

const input = (name: string, sort: number, extra: Partial<StatusInputs> = {}): StatusInputs => ({ pipelineId: P, name, sort, ...extra });

/** Placement reads the pipeline's statuses with their descriptions: the same read a refresh shares. */
const placementRead = (path = PATH) => api().get(path).query({ with: "descriptions" });

/** Kommo's answer to a POST: each created status carries the request_id it was sent with. */
const created = (items: { id: number; name: string; sort: number; request_id: string; color?: string }[]) =>
  statusList(items.map((s) => liveStatus(P, s)));

describe("status creates for one pipeline are batched", () => {
  test("creates within the batch window go out as ONE POST, placed in declared order, matched by request_id", async () => {
    placementRead().reply(200, statusList(systemStatuses(P, INCOMING)), HAL);
    // One interceptor: a second POST would find no mock and fail its create.
    const post = api()
      .post(PATH, [
        { name: "Qualified", sort: 30, color: "#ffeab2", request_id: "0" },
        { name: "New", sort: 20, request_id: "1" },
        { name: "Proposal", sort: 40, descriptions: [{ level: "master", description: "Send within 24h" }], request_id: "2" },
      ])
      // Kommo renumbers, and the answer need not follow the request's order.
      .reply(
        200,
        created([
          { id: 77000103, name: "Proposal", sort: 40, request_id: "2" },
          { id: 77000101, name: "Qualified", sort: 30, color: "#ffeab2", request_id: "0" },
          { id: 77000102, name: "New", sort: 20, request_id: "1" },
        ]),
        HAL,
      );
    const [qualified, fresh, proposal] = await Promise.all([
      status.create(input("Qualified", 20, { color: "#ffeab2" })),
      status.create(input("New", 10)),
      status.create(input("Proposal", 30, { descriptions: [{ level: "master", description: "Send within 24h" }] })),
    ]);
    expect(post.isDone()).toBe(true);
    expect([qualified.id, fresh.id, proposal.id]).toEqual(["77000101", "77000102", "77000103"]);
    expect(qualified.outs).toMatchObject({ name: "Qualified", sort: 20, assignedSort: 30, statusId: 77000101, liveColor: "#ffeab2" });
    expect(fresh.outs).toMatchObject({ name: "New", sort: 10, assignedSort: 20 });
    expect(proposal.outs).toMatchObject({ name: "Proposal", sort: 30, assignedSort: 40 });
  });

  test("a validation error on one item fails only that create; the others are sent again and succeed", async () => {
    placementRead().reply(200, statusList(systemStatuses(P, INCOMING)), HAL);
    api()
      .post(PATH, [
        { name: "A", sort: 20, request_id: "0" },
        { name: "B", sort: 30, color: "#fffeb2", request_id: "1" },
        { name: "C", sort: 40, request_id: "2" },
      ])
      .reply(
        400,
        problem("Request validation failed", [{ request_id: "1", errors: [{ code: "NotSupportedChoice", path: "color", detail: "color is not allowed" }] }]),
        PROBLEM,
      );
    // The rest are placed again from a fresh reading: nothing was created by the refused request.
    placementRead().reply(200, statusList(systemStatuses(P, INCOMING)), HAL);
    api()
      .post(PATH, [
        { name: "A", sort: 20, request_id: "0" },
        { name: "C", sort: 30, request_id: "1" },
      ])
      .reply(
        200,
        created([
          { id: 77000201, name: "A", sort: 20, request_id: "0" },
          { id: 77000203, name: "C", sort: 30, request_id: "1" },
        ]),
        HAL,
      );
    const [a, b, c] = await Promise.allSettled([
      status.create(input("A", 10)),
      status.create(input("B", 20, { color: "#fffeb2" })),
      status.create(input("C", 30)),
    ]);
    expect(a).toMatchObject({ status: "fulfilled", value: { id: "77000201" } });
    expect(c).toMatchObject({ status: "fulfilled", value: { id: "77000203" } });
    expect(b.status).toBe("rejected");
    const message = (b as PromiseRejectedResult).reason.message as string;
    expect(message).toContain(`status "B" in pipeline ${P}`);
    expect(message).toMatch(/color: color is not allowed \[NotSupportedChoice\]/);
    expect(message).not.toMatch(/"A"|"C"/);
  });

  test("when every item is at fault, each create fails with its own error and nothing is sent again", async () => {
    placementRead().reply(200, statusList(systemStatuses(P, INCOMING)), HAL);
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
    const results = await Promise.allSettled([status.create(input("X", 10)), status.create(input("Y", 20, { color: "#fffeb2" }))]);
    const messages = results.map((r) => (r as PromiseRejectedResult).reason?.message as string);
    expect(messages[0]).toMatch(/status "X"[\s\S]*name/);
    expect(messages[0]).not.toMatch(/color/);
    expect(messages[1]).toMatch(/status "Y"[\s\S]*color/);
  });

  test("creates for different pipelines are separate requests", async () => {
    const Q = P + 1;
    placementRead().reply(200, statusList(systemStatuses(P, INCOMING)), HAL);
    api().post(PATH, [{ name: "In P", sort: 20, request_id: "0" }]).reply(200, created([{ id: 77000301, name: "In P", sort: 20, request_id: "0" }]), HAL);
    placementRead(`/api/v4/leads/pipelines/${Q}/statuses`).reply(200, statusList(systemStatuses(Q, INCOMING + 1)), HAL);
    api()
      .post(`/api/v4/leads/pipelines/${Q}/statuses`, [{ name: "In Q", sort: 20, request_id: "0" }])
      .reply(200, statusList([liveStatus(Q, { id: 77000302, name: "In Q", sort: 20, request_id: "0" })]), HAL);
    const [inP, inQ] = await Promise.all([status.create(input("In P", 10)), status.create({ pipelineId: Q, name: "In Q", sort: 10 })]);
    expect([inP.id, inQ.id]).toEqual(["77000301", "77000302"]);
  });

  test("a status added to an existing pipeline goes between its declared neighbours", async () => {
    // The engine diffs every existing status before it creates the new one: that is how their declared sorts are known.
    const existing = [
      { id: 77000501, name: "New", sort: 10, live: 20 },
      { id: 77000502, name: "Qualified", sort: 20, live: 30 },
      { id: 77000503, name: "Proposal", sort: 30, live: 40 },
    ];
    for (const e of existing) {
      const outs = { ...input(e.name, e.sort), statusId: e.id, type: 0, isEditable: true, accountId: 1, assignedSort: e.live, liveColor: "#fffeb2" };
      await status.diff(String(e.id), { ...outs, descriptions: [] }, input(e.name, e.sort));
    }
    placementRead()
      .reply(200, statusList([...systemStatuses(P, INCOMING), ...existing.map((e) => liveStatus(P, { id: e.id, name: e.name, sort: e.live }))]), HAL);
    api().post(PATH, [{ name: "Later", sort: 35, request_id: "0" }]).reply(200, created([{ id: 77000504, name: "Later", sort: 40, request_id: "0" }]), HAL);
    const later = await status.create(input("Later", 25));
    expect(later.outs).toMatchObject({ sort: 25, assignedSort: 40 });
  });
});
