import type { Status, StatusChanges } from "../../client";
import type { StatusColor } from "../../client/codecs/status";
import { descriptionChanges, normalizeDescriptions, sameDescriptions } from "../status/descriptions";
import { isUnknown } from "../edge/inputs";
import { INCOMING_SORT, regularInOrder } from "../status/systemStatuses";
import type { LiveStage, Stage, StageInput } from "../types";

/** A stage list as `check` hands it on: keys filled in, colors in Kommo's case, descriptions managed all or none. */
export function normalizeStages(list: readonly StageInput[]): Stage[] {
  // Descriptions are managed for the whole list or not at all: declaring them on one stage means the others have none.
  const managed = list.some((st) => !isUnknown(st) && st.descriptions !== undefined);
  return list.map((st) => {
    if (isUnknown(st)) return st as Stage;
    const color =
      typeof st.color === "string" && !isUnknown(st.color) ? (st.color.toLowerCase() as StatusColor) : st.color;
    const ds = st.descriptions;
    return {
      key: st.key ?? st.name,
      name: st.name,
      ...(color !== undefined ? { color } : {}),
      ...(managed
        ? { descriptions: Array.isArray(ds) && !ds.some(isUnknown) ? normalizeDescriptions(ds) : (ds ?? []) }
        : {}),
    };
  });
}

export const managesDescriptions = (stages: readonly Stage[]): boolean =>
  stages.some((st) => st.descriptions !== undefined);

/** Kommo's regular statuses as stages, in Kommo's order, each with the key it has in the list if any. */
export function liveStages(statuses: readonly Status[], ids: Readonly<Record<string, number>>): LiveStage[] {
  const keyOf = new Map(Object.entries(ids).map(([key, id]) => [id, key]));
  return regularInOrder(statuses).map((st) => {
    const key = keyOf.get(st.id);
    return {
      ...(key !== undefined ? { key } : {}),
      statusId: st.id,
      name: st.name,
      color: st.color,
      sort: st.sort,
      ...(st.descriptions
        ? {
            descriptions: st.descriptions.map((d) => ({
              ...(d.id !== undefined ? { id: d.id } : {}),
              level: d.level,
              description: d.description,
            })),
          }
        : {}),
    };
  });
}

/**
 * Declared stages matched to Kommo's: by the id recorded for the key, then, for a key without one (a new list, an
 * adoption, a stage re-made by hand), by a stage of that key's name or the declared name that nothing else claims.
 */
export function matchStages(
  desired: readonly Stage[],
  live: readonly LiveStage[],
  ids: Readonly<Record<string, number>>,
) {
  const matched = new Map<string, LiveStage>();
  const taken = new Set<number>();
  const take = (key: string, found: LiveStage | undefined) => {
    if (!found) return;
    matched.set(key, found);
    taken.add(found.statusId);
  };
  for (const d of desired)
    take(
      d.key,
      live.find((l) => l.statusId === ids[d.key] && !taken.has(l.statusId)),
    );
  for (const byName of [(d: Stage) => d.key, (d: Stage) => d.name]) {
    for (const d of desired) {
      if (!matched.has(d.key))
        take(
          d.key,
          live.find((l) => !taken.has(l.statusId) && l.name === byName(d)),
        );
    }
  }
  return { matched, extra: live.filter((l) => !taken.has(l.statusId)) };
}

/** Declared × live → the PATCH of one stage's content: name, and color and descriptions where the list manages them. */
export function stageChanges(wanted: Stage, live: LiveStage): StatusChanges {
  const changes: { -readonly [K in keyof StatusChanges]: StatusChanges[K] } = {};
  if (wanted.name !== live.name) changes.name = wanted.name;
  if (wanted.color !== undefined && wanted.color !== live.color.toLowerCase()) changes.color = wanted.color;
  if (wanted.descriptions !== undefined && !sameDescriptions(wanted.descriptions, normalizeLive(live))) {
    const edits = descriptionChanges(live.descriptions ?? [], wanted.descriptions);
    if (edits.length > 0) changes.descriptions = edits;
  }
  return changes;
}

const normalizeLive = (live: LiveStage) =>
  normalizeDescriptions(
    (live.descriptions ?? []).map((d) => ({ level: d.level as never, description: d.description })),
  );

/**
 * Sorts for stages created into gaps: each new stage goes after the declared stage before it, and new stages that
 * share a gap are spread across it in declared order, always increasing.
 */
export function sortsForNew(
  order: readonly { id: number; sort: number }[],
  anchors: readonly (number | undefined)[],
): number[] {
  const gaps = new Map<number | undefined, number[]>();
  anchors.forEach((anchor, i) => gaps.set(anchor, [...(gaps.get(anchor) ?? []), i]));
  const out = new Array<number>(anchors.length).fill(0);
  const last = order[order.length - 1]?.sort ?? INCOMING_SORT;
  for (const [anchor, members] of gaps) {
    const at = anchor === undefined ? -1 : order.findIndex((o) => o.id === anchor);
    const lo = at < 0 ? (anchor === undefined ? INCOMING_SORT : last) : (order[at]?.sort ?? last);
    const hi = at < 0 && anchor !== undefined ? undefined : order[at + 1]?.sort;
    let previous = lo;
    members.forEach((m, j) => {
      const spread =
        hi === undefined ? lo + 10 * (j + 1) : Math.round(lo + ((hi - lo) * (j + 1)) / (members.length + 1));
      previous = Math.max(spread, previous + 1);
      out[m] = previous;
    });
  }
  return out;
}
