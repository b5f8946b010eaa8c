import {
  liveStages,
  matchStages,
  normalizeStages,
  sortsForNew,
  stageChanges,
} from "../../../../provider/runtime/pipeline/stages";
import type { LiveStage } from "../../../../provider/runtime/types";
import { UNKNOWN } from "../../support";

const live = (statusId: number, name: string, extra: Partial<LiveStage> = {}): LiveStage => ({
  statusId,
  name,
  color: "#fffeb2",
  sort: 20,
  ...extra,
});

describe("normalizeStages", () => {
  test("keys default to names and colors are lower-cased", () => {
    expect(
      normalizeStages([
        { name: "A", color: "#FFFEB2" as never },
        { key: "b", name: "B" },
      ]),
    ).toEqual([
      { key: "A", name: "A", color: "#fffeb2" },
      { key: "b", name: "B" },
    ]);
  });

  test("descriptions declared on one stage are managed on all", () => {
    const list = normalizeStages([
      {
        name: "A",
        descriptions: [
          { level: "master", description: "m" },
          { level: "newbie", description: "n" },
        ],
      },
      { name: "B" },
    ]);
    expect(list[0]?.descriptions?.map((d) => d.level)).toEqual(["newbie", "master"]);
    expect(list[1]?.descriptions).toEqual([]);
  });

  test("an unknown item passes through untouched", () => {
    expect(normalizeStages([UNKNOWN as never])).toEqual([UNKNOWN]);
  });
});

describe("liveStages", () => {
  test("keeps regular statuses only, in Kommo's order, with their keys", () => {
    const statuses = [
      { id: 142, name: "Won", sort: 10000, type: 0 },
      { id: 7, name: "B", sort: 30, type: 0 },
      { id: 5, name: "Incoming", sort: 10, type: 1 },
      { id: 6, name: "A", sort: 20, type: 0 },
    ].map((s) => ({ ...s, color: "#fff000", is_editable: true, pipeline_id: 1, account_id: 2 }));
    expect(liveStages(statuses, { a: 6 }).map((l) => [l.key, l.statusId])).toEqual([
      ["a", 6],
      [undefined, 7],
    ]);
  });
});

describe("matchStages", () => {
  const desired = normalizeStages([{ key: "a", name: "Alpha" }, { key: "b", name: "Beta" }, { name: "Gamma" }]);

  test("matches by recorded id first, then by key or name; the rest is extra", () => {
    const { matched, extra } = matchStages(
      desired,
      [live(1, "Renamed"), live(2, "b"), live(3, "Gamma"), live(4, "Hand-made")],
      { a: 1 },
    );
    expect([...matched].map(([k, l]) => [k, l.statusId])).toEqual([
      ["a", 1],
      ["b", 2],
      ["Gamma", 3],
    ]);
    expect(extra.map((l) => l.statusId)).toEqual([4]);
  });

  test("a recorded id that is gone lets the key match by name", () => {
    const { matched } = matchStages(desired, [live(9, "Alpha")], { a: 1 });
    expect(matched.get("a")?.statusId).toBe(9);
  });
});

describe("stageChanges", () => {
  test("only what the list manages is compared", () => {
    const [noColor] = normalizeStages([{ name: "A" }]);
    expect(noColor && stageChanges(noColor, live(1, "A", { color: "#ff8f92" }))).toEqual({});
    const [withColor] = normalizeStages([{ name: "B", color: "#fff000" }]);
    expect(withColor && stageChanges(withColor, live(1, "A"))).toEqual({ name: "B", color: "#fff000" });
  });

  test("descriptions are updated by id, created without one, deleted by id", () => {
    const [st] = normalizeStages([
      {
        name: "A",
        descriptions: [
          { level: "newbie", description: "new" },
          { level: "master", description: "m" },
        ],
      },
    ]);
    const current = live(1, "A", {
      descriptions: [
        { id: 11, level: "newbie", description: "old" },
        { id: 12, level: "candidate", description: "c" },
      ],
    });
    expect(st && stageChanges(st, current).descriptions).toEqual([
      { id: 11, level: "newbie", description: "new" },
      { level: "master", description: "m" },
      { id: 12, level: "candidate" },
    ]);
  });
});

describe("sortsForNew", () => {
  const order = [
    { id: 1, sort: 20 },
    { id: 2, sort: 30 },
  ];

  test("new stages in one gap are spread across it, increasing", () => {
    expect(sortsForNew(order, [1, 1])).toEqual([23, 27]);
  });

  test("a stage with no declared predecessor goes first, one after the last goes to the end", () => {
    expect(sortsForNew(order, [undefined])).toEqual([15]);
    expect(sortsForNew(order, [2, 2])).toEqual([40, 50]);
  });

  test("sorts stay increasing even where the gap is too narrow", () => {
    const tight = sortsForNew(
      [
        { id: 1, sort: 20 },
        { id: 2, sort: 21 },
      ],
      [1, 1, 1],
    );
    expect(tight).toEqual([...tight].sort((a, b) => a - b));
    expect(new Set(tight).size).toBe(3);
  });
});
