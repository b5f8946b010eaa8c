import * as E from "fp-ts/Either";
import { mayHaveApplied } from "../../client";
import type { KommoFailure, Status, StatusChanges, StatusPatch } from "../../client";
import type { Session } from "../session/session";
import type { StatusDescriptionInput } from "../types";
import { descriptionChanges } from "./descriptions";

/**
 * Sends a status PATCH whose descriptions part may create or delete descriptions. Such a PATCH is not safe to send
 * twice (a create for a level Kommo already holds is refused or overwrites, by the account: docs/kommo-api.md, "Open
 * points"), so after an answer that was lost the status is read back and only what is still missing is sent, once.
 * `descriptions` is the whole wanted set, from which what is missing is worked out.
 */
export async function patchStatus(
  s: Session,
  pipelineId: number,
  statusId: number,
  changes: StatusPatch,
  descriptions: readonly StatusDescriptionInput[],
): Promise<E.Either<KommoFailure, Status>> {
  const sent = await s.client.updateStatus(pipelineId, statusId, changes)();
  if (E.isRight(sent) || !mayHaveApplied(sent.left)) return sent;
  const now = await s.client.getStatus(pipelineId, statusId, { withDescriptions: true })();
  if (E.isLeft(now)) return sent;
  const missing: { -readonly [K in keyof StatusChanges]: StatusChanges[K] } = {};
  if (changes.name !== now.right.name) missing.name = changes.name;
  if (changes.color !== undefined && changes.color !== now.right.color.toLowerCase()) missing.color = changes.color;
  if (changes.sort !== undefined) missing.sort = changes.sort;
  const edits = changes.descriptions ? descriptionChanges(now.right.descriptions ?? [], descriptions) : [];
  if (edits.length > 0) missing.descriptions = edits;
  if (Object.keys(missing).length === 0) return now;
  return s.client.updateStatus(pipelineId, statusId, { ...missing, name: changes.name })();
}
