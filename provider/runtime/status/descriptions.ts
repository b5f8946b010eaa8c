import type { StatusDescription, StatusDescriptionChange } from "../../client";
import type { DescriptionLevel } from "../../client/codecs/status";
import type { StatusDescriptionInput } from "../types";

/** Kommo may hold a level the reference does not list: it sorts last. */
const LEVEL_ORDER: Record<string, number> = { newbie: 0, candidate: 1, master: 2 };

/** Descriptions compare as a set of levels: the order a user lists them in means nothing to Kommo. */
export function normalizeDescriptions(ds: readonly StatusDescriptionInput[] | undefined): StatusDescriptionInput[] {
  return [...(ds ?? [])]
    .map((d) => ({ level: d.level, description: d.description }))
    .sort((a, b) => (LEVEL_ORDER[a.level] ?? 9) - (LEVEL_ORDER[b.level] ?? 9));
}

/** Kommo's descriptions as declared ones: levels Kommo added beyond the three known are kept, to show as drift. */
export const liveDescriptions = (live: readonly StatusDescription[] | undefined): StatusDescriptionInput[] =>
  normalizeDescriptions((live ?? []).map((d) => ({ level: d.level as DescriptionLevel, description: d.description })));

export const sameDescriptions = (a?: readonly StatusDescriptionInput[], b?: readonly StatusDescriptionInput[]) =>
  JSON.stringify(normalizeDescriptions(a)) === JSON.stringify(normalizeDescriptions(b));

/** Description edits as Kommo's PATCH takes them: update by id, create without id, delete by id without text. */
export function descriptionChanges(
  live: readonly { id?: number; level: string; description: string }[],
  wanted: readonly StatusDescriptionInput[],
): StatusDescriptionChange[] {
  const changes: StatusDescriptionChange[] = [];
  for (const w of wanted) {
    const have = live.find((l) => l.level === w.level);
    if (have?.id === undefined) changes.push({ level: w.level, description: w.description });
    else if (have.description !== w.description)
      changes.push({ id: have.id, level: w.level, description: w.description });
  }
  for (const l of live) {
    if (l.id !== undefined && !wanted.some((w) => w.level === l.level)) changes.push({ id: l.id, level: l.level });
  }
  return changes;
}
