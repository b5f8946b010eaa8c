import type { StateDump } from "../invariants";

/** An id that no account of any emulator in these tests ever has. */
const MISSING_ID = 987654321;

/**
 * Replaces the placeholders of a generated request with ids that exist right
 * now, so a fuzzed request reaches real objects and not only 404s.
 * `{pair:N}` becomes `PIPELINE/statuses/STATUS` of one existing status.
 */
export function resolveRefs(text: string, state: StateDump): string {
  const pipelines = state.pipelines.map((p) => p.id);
  const statuses = state.pipelines.flatMap((p) => p.statuses.map((s) => ({ pipeline: p.id, status: s.id })));
  const leads = state.leads.map((l) => l.id);
  const pick = <T>(list: T[], index: string): T | undefined => list[Number(index) % Math.max(list.length, 1)];
  return text
    .replace(/"?\{pipeline:(\d+)\}"?/g, (_, i: string) => String(pick(pipelines, i) ?? MISSING_ID))
    .replace(/"?\{status:(\d+)\}"?/g, (_, i: string) => String(pick(statuses, i)?.status ?? MISSING_ID))
    .replace(/"?\{lead:(\d+)\}"?/g, (_, i: string) => String(pick(leads, i) ?? MISSING_ID))
    .replace(/\{pair:(\d+)\}/g, (_, i: string) => {
      const pair = pick(statuses, i);
      return pair === undefined ? `${MISSING_ID}/statuses/${MISSING_ID}` : `${pair.pipeline}/statuses/${pair.status}`;
    });
}
