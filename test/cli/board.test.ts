import { wantsColor } from "../../cli/board/color";
import { renderBoard, truncate, type BoardPipeline, type BoardStatus } from "../../cli/board/render";

const ANSI = /\x1b\[[0-9;]*m/g;
const visible = (line: string) => Array.from(line.replace(ANSI, "")).length;

const status = (id: number, name: string, sort: number, color: string): BoardStatus => ({ id, name, sort, color });

// Statuses listed out of order on purpose: the board must order them itself.
const sales: BoardPipeline = {
  id: 7100013,
  name: "New business",
  sort: 10,
  isMain: false,
  isArchive: false,
  statuses: [
    status(143, "Not a fit", 11000, "#D5D8DB"),
    status(61000031, "Demo booked", 30, "#87f2c0"),
    status(61000027, "Qualified", 20, "#98cbff"),
    status(142, "Contract signed", 10000, "#CCFF66"),
    status(61000025, "Incoming leads", 10, "#c1c1c1"),
  ],
};
const renewals: BoardPipeline = {
  id: 7100009,
  name: "Renewals",
  sort: 20,
  isMain: false,
  isArchive: true,
  statuses: [status(61000041, "Quote sent", 30, "#f3beff"), status(61000037, "Renewal due", 10, "#d6eaff")],
};
const main: BoardPipeline = {
  id: 7100005,
  name: "Pipeline",
  sort: 1,
  isMain: true,
  isArchive: false,
  statuses: [status(61000007, "Incoming leads", 10, "#c1c1c1")],
};

/** The cells of each column of the first band, located by the runs of the rule under the headers. */
function columns(board: string): string[][] {
  const band = board.replace(ANSI, "").split("\n\n")[0].split("\n");
  const rule = band.findIndex((l) => l.startsWith("─"));
  const spans = [...band[rule].matchAll(/─+/g)].map((m) => [m.index, m.index + m[0].length]);
  return spans.map(([from, to]) =>
    band
      .filter((_, i) => i !== rule)
      .map((l) => l.slice(from, to).trim().replace(/ +/g, " "))
      .filter((cell) => cell !== ""),
  );
}

describe("renderBoard", () => {
  test("puts pipelines side by side in sort order, each with its name and id over its statuses in sort order", () => {
    const board = renderBoard([renewals, sales, main], { width: 120, color: false });
    expect(columns(board)).toEqual([
      ["Pipeline", "id 7100005 · main", "Incoming leads", "id 61000007 #c1c1c1"],
      [
        "New business",
        "id 7100013",
        "Incoming leads",
        "id 61000025 #c1c1c1",
        "Qualified",
        "id 61000027 #98cbff",
        "Demo booked",
        "id 61000031 #87f2c0",
        "Contract signed",
        "id 142 #ccff66",
        "Not a fit",
        "id 143 #d5d8db",
      ],
      ["Renewals", "id 7100009 · archived", "Renewal due", "id 61000037 #d6eaff", "Quote sent", "id 61000041 #f3beff"],
    ]);
  });

  test("with color, paints each status in its own color as a 24-bit background", () => {
    const lines = renderBoard([sales], { width: 120, color: true }).split("\n");
    const qualified = lines.find((l) => l.includes("Qualified"));
    const won = lines.find((l) => l.includes("Contract signed"));
    expect(qualified).toContain("\x1b[48;2;152;203;255m");
    expect(won).toContain("\x1b[48;2;204;255;102m");
    // The hex is only there to stand in for the color when there is none.
    expect(qualified).not.toContain("#98cbff");
  });

  test("without color, writes no escape sequence at all", () => {
    const board = renderBoard([sales, renewals, main], { width: 120, color: false });
    expect(board).not.toContain("\x1b");
    expect(board).toContain("Qualified");
  });

  test("shortens names that do not fit with an ellipsis, and keeps every line within the width", () => {
    const long: BoardPipeline = {
      ...sales,
      name: "Enterprise accounts in the northern hemisphere",
      statuses: [status(1, "Waiting for the procurement department to sign", 20, "#fffeb2")],
    };
    // The name has a line of its own; with color a space of the card's padding goes on each side of it.
    for (const [color, name, id] of [
      [false, "Waiting for the procure…", /id 1 +#fffeb2/],
      [true, " Waiting for the procu… ", /id 1 +$/m],
    ] as const) {
      const board = renderBoard([long], { width: 24, color });
      expect(board).toContain("Enterprise accounts in…");
      expect(board.replace(ANSI, "")).toContain(name);
      expect(board.replace(ANSI, "")).toMatch(id);
      for (const line of board.split("\n")) expect(visible(line)).toBeLessThanOrEqual(24);
    }
  });

  test("without color, leaves the hex out of a column too narrow to hold it beside the id", () => {
    const board = renderBoard([{ ...main, name: "P" }], { width: 12, color: false });
    expect(board).toContain("id 61000007\n");
    expect(board).not.toContain("#c1c1c1");
  });

  test("wraps columns that do not fit the width into bands, keeping pipeline order", () => {
    const board = renderBoard([renewals, sales, main], { width: 45, color: true });
    const bands = board.trimEnd().split("\n\n");
    expect(bands).toHaveLength(2);
    expect(bands[0]).toMatch(/Pipeline.*New business/);
    expect(bands[1]).toContain("Renewals");
    for (const line of board.split("\n")) expect(visible(line)).toBeLessThanOrEqual(45);
  });

  test("says so when there is nothing to show", () => {
    expect(renderBoard([], { width: 80, color: true })).toBe("No pipelines.\n");
  });
});

describe("truncate", () => {
  test.each([
    ["Qualified", 9, "Qualified"],
    ["Qualified", 5, "Qual…"],
    ["Qualified", 1, "…"],
    ["Qualified", 0, ""],
    ["Follow up 📬📬", 11, "Follow up…"],
  ])("%j at %d is %j", (text, width, expected) => {
    expect(truncate(text, width)).toBe(expected);
  });
});

describe("wantsColor", () => {
  test.each([
    [{}, true, true],
    [{}, false, false],
    [{ NO_COLOR: "1" }, true, false],
    [{ NO_COLOR: "" }, true, true],
    [{ FORCE_COLOR: "1" }, false, true],
    [{ FORCE_COLOR: "0" }, true, false],
    [{ FORCE_COLOR: "1", NO_COLOR: "1" }, false, true],
  ] as const)("env %j on a TTY=%s: %s", (env, isTTY, expected) => {
    expect(wantsColor(env, isTTY)).toBe(expected);
  });
});
