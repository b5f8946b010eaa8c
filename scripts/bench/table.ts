/** How stages are declared: an ordered list on each Pipeline, or a Status resource per stage. */
export type Style = "inline" | "status";

/**
 * How the stack was run. `default`: the CLI at its own parallelism, Kommo's limit. `nolimit`: the same with the
 * emulator's and the client's limit off (only `up` from empty). `tuned`: `--parallel N`. `baseline`: default
 * parallelism with KOMMO_BATCHING=off (one request per resource, no shared reads). `shape`: the default run again,
 * under another way of counting the rate limit (rateLimitShape), to show that none of them answers a 429.
 */
export type Variant = "default" | "nolimit" | "tuned" | "baseline" | "shape";

/** How the emulator counts the rate limit (its `rateLimitShape` switch). */
export type LimitShape = "window" | "sliding" | "bucket";

export const OPS = [
  "up from empty",
  "no-op preview",
  "no-op up",
  "refresh",
  "small change",
  "insert in the middle",
  "destroy",
] as const;
export type Op = (typeof OPS)[number];

/** One operation measured: what the benchmark prints and writes down. */
export interface Measurement {
  style: Style;
  variant: Variant;
  shape: string;
  pipelines: number;
  statuses: number;
  op: Op;
  wallMs: number;
  calls: Record<string, number>;
  total: number;
  n429: number;
  floorCalls: number;
  limitShape: LimitShape;
}

const METHODS = ["GET", "POST", "PATCH", "DELETE"];

export const writesOf = (m: Measurement) => (m.calls.POST ?? 0) + (m.calls.PATCH ?? 0) + (m.calls.DELETE ?? 0);

const secs = (ms: number | undefined) => (ms === undefined ? "–" : (ms / 1000).toFixed(1));

const byMethod = (m: Measurement | undefined) =>
  m ? METHODS.map((k) => m.calls[k] ?? 0).join("/") + ` (${m.total})` : "–";

export const STYLE_TITLES: Record<Style, string> = {
  inline: "Inline stage lists (`Pipeline.statuses`)",
  status: "Separate `Status` resources",
};

/** A markdown table for one style: per stack and operation, the default run, its no-limit `up`, the tuned run and the baseline. */
export function renderTable(rows: Measurement[], style: Style, tuned: number): string {
  const mine = rows.filter((r) => r.style === style);
  const find = (shape: string, op: string, variant: Variant) =>
    mine.find((r) => r.shape === shape && r.op === op && r.variant === variant);
  const shapes = [...new Set(mine.map((r) => r.shape))];
  const lines = [
    `| stack | operation | wall s | calls G/P/Pa/D (total) | 429s | floor calls | wall s, no limit | wall s, --parallel ${tuned} | calls, --parallel ${tuned} | baseline wall s | baseline calls |`,
    "| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | --- | ---: | --- |",
  ];
  for (const shape of shapes) {
    for (const op of OPS) {
      const d = find(shape, op, "default");
      const n = find(shape, op, "nolimit");
      const t = find(shape, op, "tuned");
      const b = find(shape, op, "baseline");
      const any = d ?? n ?? t ?? b;
      if (!any) continue;
      lines.push(
        `| ${shape} | ${op} | ${secs(d?.wallMs)} | ${byMethod(d)} | ${d?.n429 ?? "–"} | ${any.floorCalls} | ${secs(n?.wallMs)} | ${secs(t?.wallMs)} | ${byMethod(t)} | ${secs(b?.wallMs)} | ${byMethod(b)} |`,
      );
    }
  }
  return lines.join("\n");
}

/** The two styles side by side for one shape, at default parallelism and Kommo's limit. */
export function renderComparison(rows: Measurement[], shape: string): string {
  const find = (style: Style, op: string) =>
    rows.find((r) => r.style === style && r.shape === shape && r.op === op && r.variant === "default");
  const lines = [
    `| ${shape}, default parallelism, 7/s | inline wall s | inline calls G/P/Pa/D (total) | Status resources wall s | Status resources calls G/P/Pa/D (total) |`,
    "| --- | ---: | --- | ---: | --- |",
  ];
  for (const op of OPS) {
    const i = find("inline", op);
    const s = find("status", op);
    if (!i && !s) continue;
    lines.push(`| ${op} | ${secs(i?.wallMs)} | ${byMethod(i)} | ${secs(s?.wallMs)} | ${byMethod(s)} |`);
  }
  return lines.join("\n");
}

/** Issue 9's targets for 10 × 50 with inline lists, each with the figure measured and whether it was met. */
export function renderTargets(rows: Measurement[], shape = "10×50"): string | undefined {
  const find = (op: string, variant: Variant = "default") =>
    rows.find((r) => r.style === "inline" && r.shape === shape && r.op === op && r.variant === variant);
  const up = find("up from empty");
  if (!up) return undefined;
  const p = up.pipelines;
  const free = find("up from empty", "nolimit");
  const destroy = find("destroy");
  const refresh = find("refresh");
  const insert = find("insert in the middle");
  const preview = find("no-op preview");
  const noop = find("no-op up");
  const inline = rows.filter((r) => r.style === "inline" && r.shape === shape && r.variant === "default");
  const yes = (ok: boolean) => (ok ? "yes" : "**no**");
  const row = (target: string, measured: string, ok: boolean | undefined) =>
    `| ${target} | ${measured} | ${ok === undefined ? "not measured" : yes(ok)} |`;
  const ratio = free ? up.wallMs / free.wallMs : undefined;
  const n429 = inline.reduce((a, r) => a + r.n429, 0);
  return [
    "| target (inline, 10 × 50, default parallelism) | measured | met |",
    "| --- | --- | --- |",
    row(
      `\`up\` from empty: at most 1 call per pipeline (≤ ${p})`,
      `${up.total} calls (${byMethod(up)}), ${(up.total / p).toFixed(1)} per pipeline`,
      up.total <= p,
    ),
    row("`up` from empty: under 5 s", `${secs(up.wallMs)} s`, up.wallMs < 5000),
    row(
      "`up` from empty: within 1.2 × its no-limit time",
      free && ratio !== undefined
        ? `${secs(up.wallMs)} s vs ${secs(free.wallMs)} s with no limit (${ratio.toFixed(2)} ×)`
        : "–",
      ratio === undefined ? undefined : ratio <= 1.2,
    ),
    row(
      `\`destroy\`: at most 2 calls per pipeline (≤ ${2 * p})`,
      destroy ? `${destroy.total} calls (${byMethod(destroy)})` : "–",
      destroy && destroy.total <= 2 * p,
    ),
    row(
      `\`refresh\`: at most 1 + P calls (≤ ${1 + p})`,
      refresh ? `${refresh.total} calls (${byMethod(refresh)})` : "–",
      refresh && refresh.total <= 1 + p,
    ),
    row(
      "insert one stage in the middle: at most 3 calls",
      insert ? `${insert.total} calls (${byMethod(insert)})` : "–",
      insert && insert.total <= 3,
    ),
    row("no-op `preview`: 0 calls", preview ? `${preview.total} calls` : "–", preview && preview.total === 0),
    row(
      "no-op `up`: 0 writes",
      noop ? `${writesOf(noop)} writes (${byMethod(noop)})` : "–",
      noop && writesOf(noop) === 0,
    ),
    row(
      "0 responses 429",
      `${n429} in the ${inline.length} operations of this stack`,
      inline.length > 0 ? n429 === 0 : undefined,
    ),
  ].join("\n");
}

/** The fewest requests the API permits for each operation on a stack of p pipelines × s statuses. */
export function floorCalls(op: Op, p: number, s: number): number {
  switch (op) {
    case "up from empty":
      // Regular statuses ride in the pipeline create's _embedded.statuses; a request holds at most 250 entities.
      return Math.ceil((p * (s + 1)) / 250);
    case "no-op preview":
    case "no-op up":
      return 0;
    case "refresh":
      // One pipeline list, plus one status list per pipeline: descriptions come only from the status list.
      return 1 + p;
    case "small change":
      // A rename and a recolor of two statuses: statuses are edited one at a time.
      return 2;
    case "insert in the middle":
      // One status add with a sort between its neighbours.
      return 1;
    case "destroy":
      // Deleting a pipeline takes its statuses with it.
      return p;
  }
}

/** One row per rate-limit shape, style, stack and operation: the 429s are what this table is for. */
export function renderShapes(rows: Measurement[]): string {
  const shaped = rows.filter((r) => r.variant === "shape" || r.variant === "default");
  const keys = [...new Set(rows.filter((r) => r.variant === "shape").map((r) => `${r.style}|${r.shape}|${r.op}`))];
  const lines = [
    "| rateLimitShape | style | stack | operation | wall s | calls G/P/Pa/D (total) | 429s |",
    "| --- | --- | --- | --- | ---: | --- | ---: |",
  ];
  for (const limitShape of ["window", "sliding", "bucket"] as const) {
    for (const key of keys) {
      const [style, shape, op] = key.split("|");
      const m = shaped.find(
        (r) => r.limitShape === limitShape && r.style === style && r.shape === shape && r.op === op,
      );
      if (m)
        lines.push(`| ${limitShape} | ${style} | ${shape} | ${op} | ${secs(m.wallMs)} | ${byMethod(m)} | ${m.n429} |`);
    }
  }
  return lines.join("\n");
}
