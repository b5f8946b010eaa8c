import * as E from "fp-ts/Either";
import { KommoError, LOST_STATUS_ID, WON_STATUS_ID, mayHaveApplied } from "../../client";
import { leadsHeldBy, reportMovedLeads } from "../leads/movedLeads";
import { orThrow } from "../edge/errors";
import { moveIntoOrder, stagesToMove } from "../order/reorder";
import type { Slot } from "../order/reorder";
import type { Session } from "../session/session";
import { removeStatus } from "../status/remove";
import type { LiveStage, Stage } from "../types";
import { liveStages, managesDescriptions, matchStages, sortsForNew, stageChanges } from "./stages";

/** Rounds of write-then-verify before giving up on a Kommo that keeps putting stages elsewhere. */
export const MAX_ROUNDS = 4;

export interface StageState {
  readonly statusIds: Record<string, number>;
  readonly liveStatuses: LiveStage[];
}

const slotsOf = (live: readonly LiveStage[]): Slot[] => live.map((l) => ({ id: l.statusId, sort: l.sort }));

/**
 * Brings a pipeline's regular stages to the declared list: deletes what the list does not hold, edits what differs,
 * moves the fewest stages, and creates the missing ones in one request. Nothing is assumed about where Kommo puts a
 * created or moved stage: after such writes the order is read back and repaired, round after round. `start` is the
 * last known state (from the state file or a write's answer); a stale one costs a round, never a wrong result.
 */
export async function convergeStages(
  s: Session,
  pipelineId: number,
  desired: readonly Stage[],
  start: { live?: LiveStage[]; ids: Record<string, number> },
): Promise<StageState> {
  const withDescriptions = managesDescriptions(desired);
  let ids = { ...start.ids };
  const read = async () => {
    s.reads.invalidate(pipelineId);
    return liveStages(await orThrow(s.client.listStatuses(pipelineId, { withDescriptions })), ids);
  };
  // Copies: the starting state belongs to the engine's old outputs.
  let live = (start.live ?? (await read())).map((l) => ({ ...l }));
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const { matched, extra } = matchStages(desired, live, ids);
    ids = Object.fromEntries([...matched].map(([key, l]) => [key, l.statusId]));
    const indexOf = new Map(desired.map((d, i) => [ids[d.key], i]));
    const rank = (id: number) => indexOf.get(id);
    const kept = live.filter((l) => indexOf.has(l.statusId));
    const missing = desired.filter((d) => !matched.has(d.key));
    const edits = desired.flatMap((d) => {
      const l = matched.get(d.key);
      const changes = l ? stageChanges(d, l) : {};
      return l && Object.keys(changes).length > 0 ? [{ d, l, changes }] : [];
    });
    const moves = stagesToMove(slotsOf(kept), rank);
    // Editing or deleting a description takes Kommo's id for it; descriptions known only as sent have none yet.
    if (
      edits.some(({ l, changes }) => changes.descriptions && (l.descriptions ?? []).some((d) => d.id === undefined))
    ) {
      live = await read();
      continue;
    }
    if (extra.length === 0 && missing.length === 0 && edits.length === 0 && moves.length === 0) {
      return { statusIds: ids, liveStatuses: liveStages(asStatuses(live), ids) };
    }
    s.reads.invalidate(pipelineId);
    for (const l of extra) await removeStage(s, pipelineId, l);
    let describedNew = false;
    for (const { d, l, changes } of edits) {
      const answer = await s.client.updateStatus(pipelineId, l.statusId, { name: d.name, ...changes })();
      // A description edit that may or may not have been applied is not sent again blindly: the reading below
      // shows what is still missing, and the next round sends only that.
      if (E.isLeft(answer) && !mayHaveApplied(answer.left)) throw new KommoError(answer.left);
      if (E.isRight(answer)) {
        l.name = answer.right.name;
        l.color = answer.right.color;
      }
      describedNew ||= E.isLeft(answer) || (changes.descriptions?.length ?? 0) > 0;
    }
    // A delete may have renumbered the rest, so moves start from a fresh reading.
    let order = moves.length > 0 && extra.length > 0 ? slotsOf(await read()) : slotsOf(kept);
    if (moves.length > 0) {
      order = await moveIntoOrder(order, rank, {
        // With the name: a Kommo may blank the name of a status PATCHed without one.
        move: async (id, sort) => {
          const name = desired.find((d) => ids[d.key] === id)?.name ?? live.find((l) => l.statusId === id)?.name;
          if (name === undefined) throw new Error(`pipeline ${pipelineId}: status ${id} is not one of the stages held`);
          return (await orThrow(s.client.updateStatus(pipelineId, id, { name, sort }))).sort;
        },
        read: async () => slotsOf(await read()),
      });
    }
    if (missing.length > 0) {
      const anchors = missing.map((d) => {
        const before = desired
          .slice(0, desired.indexOf(d))
          .reverse()
          .find((x) => ids[x.key] !== undefined);
        return before ? ids[before.key] : undefined;
      });
      const sorts = sortsForNew(order, anchors);
      // Sent without descriptions: the reading after the create shows the new stages, and the next round sets their
      // descriptions by PATCH, where Kommo's answer can be checked.
      const created = await s.client.addStatuses(
        pipelineId,
        missing.map((d, i) => ({ name: d.name, sort: sorts[i] ?? 0, ...(d.color ? { color: d.color } : {}) })),
        new Set([...live.map((l) => l.statusId), WON_STATUS_ID, LOST_STATUS_ID]),
      )();
      const failed = created.find(E.isLeft);
      missing.forEach((d, i) => {
        const c = created[i];
        if (c && E.isRight(c)) ids[d.key] = c.right.id;
      });
      if (failed) throw new KommoError(failed.left);
    }
    const placed = missing.length > 0 || moves.length > 0 || describedNew;
    live = placed ? await read() : liveStages(asStatuses(live.filter((l) => !extra.includes(l))), ids);
  }
  const { matched } = matchStages(desired, live, ids);
  throw new Error(
    `Kommo did not keep the declared stages of pipeline ${pipelineId} after ${MAX_ROUNDS} rounds of changes. Declared: ${desired
      .map((d) => `"${d.name}"`)
      .join(
        ", ",
      )}; in Kommo now: ${live.map((l) => `"${l.name}"`).join(", ")} (${matched.size} matched). Run \`pulumi up\` again; if this repeats, report it with this message.`,
  );
}

/** Stages as the Status shape liveStages reads, so one function decides keys and order. */
const asStatuses = (live: readonly LiveStage[]) =>
  live.map((l) => ({
    id: l.statusId,
    name: l.name,
    color: l.color,
    sort: l.sort,
    type: 0,
    is_editable: true,
    pipeline_id: 0,
    account_id: 0,
    ...(l.descriptions ? { descriptions: l.descriptions } : {}),
  }));

async function removeStage(s: Session, pipelineId: number, l: LiveStage): Promise<void> {
  const held = await leadsHeldBy(s, pipelineId, l.statusId).catch(() => []);
  await removeStatus(s, pipelineId, l.statusId);
  await reportMovedLeads(s, { name: l.name, statusId: l.statusId, pipelineId }, held);
}
