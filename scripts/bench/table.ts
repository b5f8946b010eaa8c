/** One operation measured: what the benchmark prints and writes down. */
export interface Measurement {
  mode: "batched" | "baseline";
  shape: string;
  pipelines: number;
  statuses: number;
  limit: number;
  op: string;
  wallMs: number;
  calls: Record<string, number>;
  total: number;
  n429: number;
  floorCalls: number;
}

const METHODS = ["GET", "POST", "PATCH", "DELETE"];

const secs = (ms: number | undefined) => (ms === undefined ? "–" : (ms / 1000).toFixed(1));

const byMethod = (m: Measurement | undefined) =>
  m ? METHODS.map((k) => m.calls[k] ?? 0).join("/") + ` (${m.total})` : "–";

/** A markdown table: for each stack and operation, batched and baseline side by side, limited and unlimited. */
export function renderTable(rows: Measurement[]): string {
  const find = (shape: string, op: string, mode: string, limit: number) =>
    rows.find((r) => r.shape === shape && r.op === op && r.mode === mode && r.limit === limit);
  const keys = [...new Map(rows.map((r) => [`${r.shape}|${r.op}`, r])).values()];
  const lines = [
    "| stack | operation | wall s, 7/s | calls G/P/Pa/D (total), 7/s | 429s | floor calls (s at 7/s) | wall s, no limit | baseline wall s, 7/s | baseline calls, 7/s | baseline 429s | baseline wall s, no limit |",
    "| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |",
  ];
  for (const k of keys) {
    const b7 = find(k.shape, k.op, "batched", 7);
    const b0 = find(k.shape, k.op, "batched", 0);
    const r7 = find(k.shape, k.op, "baseline", 7);
    const r0 = find(k.shape, k.op, "baseline", 0);
    lines.push(
      `| ${k.shape} | ${k.op} | ${secs(b7?.wallMs)} | ${byMethod(b7)} | ${b7?.n429 ?? "–"} | ${k.floorCalls} (${(k.floorCalls / 7).toFixed(1)}) | ${secs(b0?.wallMs)} | ${secs(r7?.wallMs)} | ${byMethod(r7)} | ${r7?.n429 ?? "–"} | ${secs(r0?.wallMs)} |`,
    );
  }
  return lines.join("\n");
}

/** The fewest requests the API permits for each operation on a stack of p pipelines × s statuses. */
export function floorCalls(op: string, p: number, s: number): number {
  switch (op) {
    case "up from empty":
      // Regular statuses can ride in the pipeline create's _embedded.statuses; a batch holds at most 250 entities.
      return Math.ceil((p * (s + 1)) / 250);
    case "no-op preview":
      return 0;
    case "refresh":
      // One pipeline list, plus one status list per pipeline: descriptions come only from the status list.
      return 1 + p;
    case "small change":
      // A rename and a recolor of two statuses: statuses are edited one at a time.
      return 2;
    case "destroy":
      // Deleting a pipeline takes its statuses with it.
      return p;
    default:
      return 0;
  }
}
