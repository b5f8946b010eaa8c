import * as E from "fp-ts/Either";
import type { KommoFailure, NewStatus, Status } from "../../client";
import { orThrow } from "../edge/errors";
import { moveIntoOrder, inOrder } from "../order/reorder";
import { createBatcher, settleBatch } from "../session/batcher";
import type { Pending } from "../session/batcher";
import type { Session } from "../session/session";
import type { StatusDescriptionInput } from "../types";
import { patchStatus } from "./describe";
import { descriptionChanges } from "./descriptions";
import { PLACEHOLDER_STAGE } from "./placeholder";
import { placeStatuses } from "./placement";
import { isRegular, regularInOrder } from "./systemStatuses";

/**
 * Status creates that arrive together for one pipeline go out as one POST. The engine creates the statuses of a
 * pipeline at nearly the same moment (they all wait for its id), and one request places them all in declared order.
 */
export interface StatusCreate {
  readonly status: Omit<NewStatus, "sort">;
  readonly declared: number;
}

/** A created status, and the error of the order check that followed, if that check could not be made. */
export interface Created {
  readonly status: Status;
  readonly unverified?: Error;
}

type P = Pending<StatusCreate, Created>;

async function liveForPlacement(s: Session, pipelineId: number): Promise<Status[]> {
  const live = s.reads.exactStatuses(pipelineId) ?? (await s.reads.statuses(pipelineId));
  if (live) return live;
  throw new Error(
    `Kommo: pipeline ${pipelineId} does not exist, so no status can be created in it. If it was deleted outside Pulumi, run \`pulumi refresh\` and then \`pulumi up\` to create it again.`,
  );
}

/**
 * Kommo's order of the managed statuses, checked against their declared sorts and repaired: Kommo may put a created
 * status at the end, or place the items of one request one after another (docs/kommo-api.md, open points).
 */
export async function repairStatusOrder(s: Session, pipelineId: number): Promise<Status[]> {
  let all: Status[] = [];
  const read = async () => {
    s.reads.invalidate(pipelineId);
    // With descriptions: the reading that checks this batch is also the one the next batch places itself by.
    all = await orThrow(s.client.listStatuses(pipelineId, { withDescriptions: true }));
    return regularInOrder(all);
  };
  const rank = (id: number) => s.orders.sortOf(id, pipelineId);
  let live = await read();
  for (let round = 1; round <= 3 && !inOrder(live, rank); round++) {
    await moveIntoOrder(live, rank, {
      // With the live name: a Kommo may blank the name of a status PATCHed without one.
      move: async (id, sort) => {
        const name = all.find((st) => st.id === id)?.name;
        if (name === undefined) throw new Error(`pipeline ${pipelineId}: status ${id} is not in the last reading`);
        return (await orThrow(s.client.updateStatus(pipelineId, id, { name, sort }))).sort;
      },
      read: read,
    });
    live = await read();
  }
  if (inOrder(live, rank)) s.reads.setExact(pipelineId, all);
  else {
    throw new Error(
      `Kommo did not keep the declared order of the statuses of pipeline ${pipelineId}: ${live.map((l) => `"${l.name}"`).join(", ")}. Run \`pulumi up\` again; if this repeats, report it with this message.`,
    );
  }
  return live;
}

const noAnswer = (pipelineId: number): KommoFailure => ({
  kind: "invalid_response",
  op: { action: "create", method: "POST", path: `/api/v4/leads/pipelines/${pipelineId}/statuses` },
  reason: "the answer held fewer statuses than were sent",
});

async function send(s: Session, pipelineId: number, batch: P[]): Promise<void> {
  const live = await liveForPlacement(s, pipelineId);
  // The stage a Status-managed pipeline was created with is taken over by the first status declared in it.
  const placeholder = live.find(
    (st) => isRegular(st) && st.name === PLACEHOLDER_STAGE && !s.claims.isManaged("status", st.id),
  );
  // Nobody declares the placeholder, so nothing waits to learn its sort.
  await s.orders.learn(
    live.filter((st) => isRegular(st) && st.id !== placeholder?.id).map((st) => st.id),
    pipelineId,
  );
  // Declared order, with increasing sorts: whatever way Kommo places the items of one request, they start in order.
  const ordered = [...batch].sort((a, b) => a.item.declared - b.item.declared);
  const heir = placeholder ? ordered[0] : undefined;
  const others = ordered.filter((p) => p !== heir);
  const results = new Map<P, E.Either<KommoFailure, Status>>();
  if (heir && placeholder) results.set(heir, await takeOver(s, pipelineId, placeholder, heir.item.status));
  const sorts = placeStatuses(
    live,
    others.map((p) => ({ declared: p.item.declared })),
    (id) => (heir && id === placeholder?.id ? heir.item.declared : s.orders.sortOf(id, pipelineId)),
  );
  const created =
    others.length === 0
      ? []
      : await s.client.addStatuses(
          pipelineId,
          others.map((p, i) => ({ ...p.item.status, sort: sorts[i] ?? 0 })),
          new Set(live.map((st) => st.id)),
        )();
  others.forEach((p, i) => results.set(p, created[i] ?? E.left(noAnswer(pipelineId))));
  s.reads.invalidate(pipelineId);
  for (const [p, r] of results) if (E.isRight(r)) s.orders.remember(r.right.id, pipelineId, p.item.declared);
  // The statuses exist from here on: whatever the order check meets, each resource gets its id.
  let placed: readonly Status[] = [];
  let unverified: Error | undefined;
  if ([...results.values()].some(E.isRight)) {
    try {
      placed = await repairStatusOrder(s, pipelineId);
    } catch (e) {
      unverified = e instanceof Error ? e : new Error(String(e));
    }
  }
  settleBatch(
    batch,
    batch.map((p) => {
      const r = results.get(p) ?? E.left(noAnswer(pipelineId));
      return E.map((st: Status) => ({
        status: placed.find((x) => x.id === st.id) ?? st,
        ...(unverified ? { unverified } : {}),
      }))(r);
    }),
    (item) => `status "${item.status.name}" in pipeline ${pipelineId}`,
  );
}

/**
 * The placeholder becomes the declared status: descriptions first, while it still carries the placeholder's name, so
 * that a run cut short finds it again and only finishes the job; then the name and color, which are safe to repeat.
 */
async function takeOver(
  s: Session,
  pipelineId: number,
  placeholder: Status,
  wanted: Omit<NewStatus, "sort">,
): Promise<E.Either<KommoFailure, Status>> {
  const { descriptions, ...fields } = wanted;
  const declared = (descriptions ?? []) as StatusDescriptionInput[];
  const edits = descriptionChanges(placeholder.descriptions ?? [], declared);
  if (edits.length > 0) {
    const described = await patchStatus(
      s,
      pipelineId,
      placeholder.id,
      { name: placeholder.name, descriptions: edits },
      declared,
    );
    if (E.isLeft(described)) return described;
  }
  return s.client.updateStatus(pipelineId, placeholder.id, fields)();
}

export function createStatusBatcher(session: () => Session, batching: boolean) {
  const batched = createBatcher<number, StatusCreate, Created>(
    (pipelineId, batch) => session().locks.run(pipelineId, () => send(session(), pipelineId, batch)),
    { enabled: batching },
  );
  return (pipelineId: number, create: StatusCreate): Promise<Created> => batched(pipelineId, create);
}
