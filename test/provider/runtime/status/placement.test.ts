import type { Status } from "../../../../provider/client";
import { alreadyPlaced, placeStatuses } from "../../../../provider/runtime/status/placement";
import { liveStatus, systemStatuses } from "../../support";

const P = 7400001;
const fresh = () => systemStatuses(P, 74000011) as Status[];
const regular = (id: number, sort: number) => liveStatus(P, { id, name: `s${id}`, sort }) as Status;
const declaredFrom = (m: Record<number, number>) => (id: number) => m[id];

/** The sorts in the order the requests were given, checked for the order their declared sorts ask for. */
function expectOrder(sorts: number[], declared: number[]) {
  const byDeclared = declared
    .map((d, i) => [d, i])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    .map(([, i]) => sorts[i]);
  expect([...byDeclared].sort((a, b) => a - b)).toEqual(byDeclared);
  expect(new Set(sorts).size).toBe(sorts.length);
}

describe("placeStatuses", () => {
  test("new statuses in a fresh pipeline are spread after the incoming status in declared order", () => {
    const declared = [30, 10, 20];
    const sorts = placeStatuses(
      fresh(),
      declared.map((d) => ({ declared: d })),
      declaredFrom({}),
    );
    expectOrder(sorts, declared);
    // After the incoming status (10) and before the won and lost statuses.
    for (const s of sorts) expect(s).toBeGreaterThan(10);
    for (const s of sorts) expect(s).toBeLessThan(10000);
  });

  test("a new status between two known ones gets a number strictly between their live sorts", () => {
    const live = [...fresh(), regular(1, 20), regular(2, 30)];
    const [sort] = placeStatuses(live, [{ declared: 15 }], declaredFrom({ 1: 10, 2: 20 }));
    expect(sort).toBeGreaterThan(20);
    expect(sort).toBeLessThan(30);
  });

  test("a status declared after every managed one goes after statuses added in Kommo by hand", () => {
    // Status 1 is managed (declared 10, live 20); status 2 was added by hand at the end (live 40).
    const live = [...fresh(), regular(1, 20), regular(2, 40)];
    const [sort] = placeStatuses(live, [{ declared: 20 }], declaredFrom({ 1: 10 }));
    expect(sort).toBeGreaterThan(40);
    expect(sort).toBeLessThan(10000);
  });

  test("live numbers count, not declared ones: Kommo's renumbering does not mislead placement", () => {
    // Declared 100 and 200, renumbered by Kommo to 20 and 30: a status declared at 150 still goes between them.
    const live = [...fresh(), regular(1, 20), regular(2, 30)];
    const [sort] = placeStatuses(live, [{ declared: 150 }], declaredFrom({ 1: 100, 2: 200 }));
    expect(sort).toBeGreaterThan(20);
    expect(sort).toBeLessThan(30);
  });

  test("several new statuses in one gap all land inside it, in declared order", () => {
    const live = [...fresh(), regular(1, 20), regular(2, 30)];
    const declared = [18, 12, 15];
    const sorts = placeStatuses(
      live,
      declared.map((d) => ({ declared: d })),
      declaredFrom({ 1: 10, 2: 20 }),
    );
    expectOrder(sorts, declared);
    for (const s of sorts) {
      expect(s).toBeGreaterThan(20);
      expect(s).toBeLessThan(30);
    }
  });

  test("a new status declared after every known one goes after the last status, before won and lost", () => {
    const live = [...fresh(), regular(1, 20), regular(2, 30)];
    const [sort] = placeStatuses(live, [{ declared: 99 }], declaredFrom({ 1: 10, 2: 20 }));
    expect(sort).toBeGreaterThan(30);
    expect(sort).toBeLessThan(10000);
  });

  test("a status the stack does not declare is not a neighbour", () => {
    // Status 9 was added in Kommo by hand: it has no declared position, so only 1 and 2 bound the gap.
    const live = [...fresh(), regular(1, 20), regular(9, 30), regular(2, 40)];
    const [sort] = placeStatuses(live, [{ declared: 15 }], declaredFrom({ 1: 10, 2: 20 }));
    expect(sort).toBeGreaterThan(20);
    expect(sort).toBeLessThan(40);
  });

  test("a tie in declared sort with a known status puts the new one after it", () => {
    const live = [...fresh(), regular(1, 20), regular(2, 30)];
    const [sort] = placeStatuses(live, [{ declared: 10 }], declaredFrom({ 1: 10, 2: 20 }));
    expect(sort).toBeGreaterThan(20);
    expect(sort).toBeLessThan(30);
  });

  test("new statuses tied with each other keep the order they were given in", () => {
    const sorts = placeStatuses(fresh(), [{ declared: 10 }, { declared: 10 }, { declared: 10 }], declaredFrom({}));
    expect(sorts[0]).toBeLessThan(sorts[1]);
    expect(sorts[1]).toBeLessThan(sorts[2]);
  });

  test("a moved status is not its own neighbour", () => {
    // Status 3 moves from the end to between 1 and 2. The registry already holds its new declared sort, so were it
    // its own neighbour, the gap would run from its old place (40) and it would stay after 2.
    const live = [...fresh(), regular(1, 20), regular(2, 30), regular(3, 40)];
    const [sort] = placeStatuses(live, [{ declared: 15, selfId: 3 }], declaredFrom({ 1: 10, 2: 20, 3: 15 }));
    expect(sort).toBeGreaterThan(20);
    expect(sort).toBeLessThan(30);
  });

  test("a status moved to the front goes between the incoming status and the first known one", () => {
    const live = [...fresh(), regular(1, 20), regular(2, 30), regular(3, 40)];
    const [sort] = placeStatuses(live, [{ declared: 5, selfId: 3 }], declaredFrom({ 1: 10, 2: 20, 3: 5 }));
    expect(sort).toBeGreaterThan(10);
    expect(sort).toBeLessThan(20);
  });
});

describe("alreadyPlaced", () => {
  const live = [...fresh(), regular(1, 20), regular(2, 30), regular(3, 40)];
  const self = live.find((s) => s.id === 2) as Status;

  test("a changed declared sort that keeps the same neighbours needs no move", () => {
    expect(alreadyPlaced(live, self, 25, declaredFrom({ 1: 10, 3: 30 }))).toBe(true);
  });

  test("a declared sort past a neighbour needs a move", () => {
    expect(alreadyPlaced(live, self, 35, declaredFrom({ 1: 10, 3: 30 }))).toBe(false);
  });
});
