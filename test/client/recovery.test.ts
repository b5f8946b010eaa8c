import * as E from "fp-ts/Either";
import nock from "nock";
import { describeFailure, type KommoFailure, type Status } from "../../provider/client";
import { BASE, HAL, NONE, PROBLEM, testClient } from "./support";
import { useNock } from "./nockSetup";

useNock();

const P = 6950551;
const STATUSES = `/api/v4/leads/pipelines/${P}/statuses`;

const status = (name: string, id: number, request_id?: string) => ({
  id,
  name,
  sort: 20,
  is_editable: true,
  pipeline_id: P,
  color: "#fffeb2",
  type: 0,
  account_id: 1,
  ...(request_id !== undefined ? { request_id } : {}),
});
const list = (...statuses: object[]) => ({ _embedded: { statuses } });
const SYSTEM = [status("Incoming leads", 1, undefined), status("Closed - won", 142), status("Closed - lost", 143)];
const BEFORE = new Set(SYSTEM.map((s) => s.id));
const reset = { code: "ECONNRESET", message: "socket hang up" };
const colorError = {
  code: "NotSupportedChoice",
  path: "color",
  detail: "The value you selected is not a valid choice.",
};
const blaming = (...requestIds: string[]) => ({
  "validation-errors": requestIds.map((request_id) => ({ request_id, errors: [colorError] })),
  title: "Bad Request",
  type: "https://httpstatus.es/400",
  status: 400,
  detail: "Request validation failed",
});

const ABC = [
  { name: "A", sort: 10 },
  { name: "B", sort: 20, color: "#000000" },
  { name: "C", sort: 30 },
];

function ids(results: readonly E.Either<KommoFailure, Status>[]): (number | string)[] {
  return results.map((r) => (E.isRight(r) ? r.right.id : r.left.kind));
}

function failureAt(results: readonly E.Either<KommoFailure, Status>[], i: number): KommoFailure {
  const r = results[i];
  if (E.isRight(r)) throw new Error(`item ${i} was created`);
  return r.left;
}

describe("after an ambiguous failure, only objects that did not exist before are claimed", () => {
  test("an object of the same name that existed before is not adopted; the new one is", async () => {
    nock(BASE).post(STATUSES).replyWithError(reset);
    nock(BASE)
      .get(STATUSES)
      .reply(200, list(...SYSTEM, status("Qualified", 50), status("Qualified", 99)), HAL);
    const before = new Set([...BEFORE, 50]);
    const results = await testClient().client.addStatuses(P, [{ name: "Qualified", sort: 20 }], before)();
    expect(ids(results)).toEqual([99]);
  });

  test("with only the old one there, the create was not applied: it is sent again", async () => {
    nock(BASE).post(STATUSES).reply(500, { status: 500, title: "ErrInternalServer" }, PROBLEM);
    nock(BASE)
      .get(STATUSES)
      .reply(200, list(...SYSTEM, status("Qualified", 50)), HAL);
    nock(BASE)
      .post(STATUSES, [{ name: "Qualified", sort: 20, request_id: "0" }])
      .reply(200, list(status("Qualified", 100, "0")), HAL);
    const results = await testClient().client.addStatuses(
      P,
      [{ name: "Qualified", sort: 20 }],
      new Set([...BEFORE, 50]),
    )();
    expect(ids(results)).toEqual([100]);
  });

  test("two items of one name claim two different new objects, the older for the first", async () => {
    nock(BASE).post(STATUSES).replyWithError(reset);
    nock(BASE)
      .get(STATUSES)
      .reply(200, list(...SYSTEM, status("Call", 72), status("Call", 71)), HAL);
    const results = await testClient().client.addStatuses(
      P,
      [
        { name: "Call", sort: 20 },
        { name: "Call", sort: 30 },
      ],
      BEFORE,
    )();
    expect(ids(results)).toEqual([71, 72]);
  });
});

describe("a batch that fails validation for some items", () => {
  test("atomic: nothing was applied, so the items not blamed are read back, not found, and sent again alone", async () => {
    nock(BASE).post(STATUSES).reply(400, blaming("1"), PROBLEM);
    nock(BASE)
      .get(STATUSES)
      .reply(200, list(...SYSTEM), HAL);
    nock(BASE)
      .post(STATUSES, [
        { name: "A", sort: 10, request_id: "0" },
        { name: "C", sort: 30, request_id: "1" },
      ])
      .reply(200, list(status("A", 201, "0"), status("C", 203, "1")), HAL);
    const results = await testClient().client.addStatuses(P, ABC, BEFORE)();
    expect(ids(results)).toEqual([201, "validation", 203]);
    const b = failureAt(results, 1);
    expect(b.op.target).toBe(`status "B" in pipeline ${P}`);
    expect(b.kind === "validation" && b.items).toEqual([{ request_id: "1", index: 1, errors: [colorError] }]);
    expect(describeFailure(b)).toMatch(/could not create status "B".*item 1: color:/s);
  });

  test("partly applied: what was applied is claimed, and only what is missing is sent again", async () => {
    nock(BASE).post(STATUSES).reply(400, blaming("1"), PROBLEM);
    nock(BASE)
      .get(STATUSES)
      .reply(200, list(...SYSTEM, status("A", 201)), HAL);
    nock(BASE)
      .post(STATUSES, [{ name: "C", sort: 30, request_id: "0" }])
      .reply(200, list(status("C", 203, "0")), HAL);
    const results = await testClient().client.addStatuses(P, ABC, BEFORE)();
    expect(ids(results)).toEqual([201, "validation", 203]);
  });

  test("applied but for the blamed item: nothing is sent again", async () => {
    nock(BASE).post(STATUSES).reply(400, blaming("1"), PROBLEM);
    nock(BASE)
      .get(STATUSES)
      .reply(200, list(...SYSTEM, status("A", 201), status("C", 203)), HAL);
    const results = await testClient().client.addStatuses(P, ABC, BEFORE)();
    expect(ids(results)).toEqual([201, "validation", 203]);
  });

  test("every item blamed: each fails with its own errors, and nothing is read back", async () => {
    nock(BASE).post(STATUSES).reply(400, blaming("0", "1"), PROBLEM);
    const results = await testClient().client.addStatuses(P, ABC.slice(0, 2), BEFORE)();
    expect(ids(results)).toEqual(["validation", "validation"]);
    expect(
      results.map((r, i) => (E.isLeft(r) && r.left.kind === "validation" ? r.left.items.map((x) => x.index) : i)),
    ).toEqual([[0], [1]]);
  });

  test("a failure that names no item (a 422 limit): applied items are claimed, the rest fail and are not sent again", async () => {
    nock(BASE)
      .post(STATUSES)
      .reply(422, { title: "Unprocessable Entity", status: 422, detail: "Too many statuses" }, PROBLEM);
    nock(BASE)
      .get(STATUSES)
      .reply(200, list(...SYSTEM, status("A", 201)), HAL);
    const results = await testClient().client.addStatuses(P, ABC, BEFORE)();
    expect(ids(results)).toEqual([201, "validation", "validation"]);
    expect(describeFailure(failureAt(results, 2))).toMatch(/Too many statuses/);
  });

  test("a single item refused as a whole fails at once, without a read-back", async () => {
    nock(BASE)
      .post(STATUSES)
      .reply(422, { title: "Unprocessable Entity", status: 422, detail: "Too many statuses" }, PROBLEM);
    const results = await testClient().client.addStatuses(P, [{ name: "A", sort: 10 }], BEFORE)();
    expect(ids(results)).toEqual(["validation"]);
  });

  test("when the read-back fails, the items not blamed fail as ambiguous and are not sent again", async () => {
    nock(BASE).post(STATUSES).reply(400, blaming("1"), PROBLEM);
    nock(BASE).get(STATUSES).reply(503, "");
    const results = await testClient({ retry: { maxAttempts: 1 } }).client.addStatuses(P, ABC, BEFORE)();
    expect(ids(results)).toEqual(["validation", "validation", "validation"]);
    expect(failureAt(results, 1).ambiguous).toBeFalsy();
    const a = failureAt(results, 0);
    expect(a.ambiguous).toBe(true);
    expect(a.op.target).toBe(`status "A" in pipeline ${P}`);
    // It says whose fault the refusal was.
    expect(describeFailure(a)).toMatch(/item 1: color:.*may or may not have been applied/s);
  });

  test("errors of a re-send are mapped back to the caller's order", async () => {
    nock(BASE).post(STATUSES).replyWithError(reset);
    nock(BASE)
      .get(STATUSES)
      .reply(200, list(...SYSTEM, status("B", 202)), HAL);
    // Re-sent: A and C, as request items 0 and 1; Kommo blames C.
    nock(BASE).post(STATUSES).reply(400, blaming("1"), PROBLEM);
    nock(BASE)
      .get(STATUSES)
      .reply(200, list(...SYSTEM, status("B", 202)), HAL);
    nock(BASE)
      .post(STATUSES, [{ name: "A", sort: 10, request_id: "0" }])
      .reply(200, list(status("A", 201, "0")), HAL);
    const results = await testClient().client.addStatuses(P, ABC, BEFORE)();
    expect(ids(results)).toEqual([201, 202, "validation"]);
    const c = failureAt(results, 2);
    expect(c.kind === "validation" && c.items.map((x) => x.index)).toEqual([2]);
  });
});

describe("a batch refused as a whole", () => {
  test("a 401: every item fails with it, named, and nothing is read back", async () => {
    nock(BASE).post(STATUSES).reply(401, { title: "Unauthorized", status: 401 }, PROBLEM);
    const results = await testClient().client.addStatuses(P, ABC.slice(0, 2), NONE)();
    expect(ids(results)).toEqual(["unauthorized", "unauthorized"]);
    expect(failureAt(results, 1).op.target).toBe(`status "B" in pipeline ${P}`);
  });

  test("ambiguous three times over: the send stops at the round limit, after claiming what the last read-back shows", async () => {
    nock(BASE).post(STATUSES).times(3).replyWithError(reset);
    nock(BASE)
      .get(STATUSES)
      .times(2)
      .reply(200, list(...SYSTEM), HAL);
    nock(BASE)
      .get(STATUSES)
      .reply(200, list(...SYSTEM, status("A", 201)), HAL);
    const results = await testClient().client.addStatuses(P, ABC.slice(0, 2), BEFORE)();
    expect(ids(results)).toEqual([201, "network"]);
    expect(failureAt(results, 1).ambiguous).toBe(true);
  });
});
