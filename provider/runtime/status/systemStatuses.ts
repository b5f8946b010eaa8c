import { INCOMING_STATUS_TYPE, LOST_STATUS_ID, WON_STATUS_ID } from "../../client";
import type { Status } from "../../client";

/** Kommo keeps its incoming-leads status at sort 10 and numbers the regular statuses after it (docs/kommo-api.md). */
export const INCOMING_SORT = 10;

export const isIncoming = (s: Pick<Status, "type">): boolean => s.type === INCOMING_STATUS_TYPE;

/** Neither the incoming status nor won (142) nor lost (143): a stage a user can create, edit, move and delete. */
export const isRegular = (s: Pick<Status, "type" | "id">): boolean =>
  !isIncoming(s) && s.id !== WON_STATUS_ID && s.id !== LOST_STATUS_ID;

/** The regular statuses in Kommo's order. */
export const regularInOrder = <S extends Pick<Status, "type" | "id" | "sort">>(statuses: readonly S[]): S[] =>
  statuses.filter(isRegular).sort((a, b) => a.sort - b.sort || a.id - b.id);
