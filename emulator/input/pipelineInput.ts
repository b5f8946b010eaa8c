import type { SystemNames } from "../rules/systemStatuses";
import { LOST_STATUS_ID, WON_STATUS_ID } from "../rules/systemStatuses";
import { Checker, has, isObject, type JsonObject } from "./checker";
import { UNIQUE_DETAIL } from "./descriptions";
import { readName, readRequestId, readSort, readStatusCreate, type EditRead, type StatusCreate } from "./statusInput";

export interface PipelineCreate {
  name: string;
  sort: number;
  isMain: boolean;
  isUnsortedOn: boolean;
  systemNames: SystemNames;
  statuses: StatusCreate[];
}

export interface PipelineEdit {
  name?: string;
  sort?: number;
  isMain?: boolean;
  isUnsortedOn?: boolean;
}

/** Reference, "Editing a pipeline": at least one of these must be passed. */
const EDITABLE = ["name", "sort", "is_main", "is_unsorted_on"] as const;

/**
 * One item of POST /leads/pipelines. The reference makes all four fields
 * mandatory. With `needsStatus`, `_embedded.statuses` must hold at least one
 * regular status: PR 79 of amocrm-api-php, tested against the live API,
 * says "without passing statuses it is impossible to create a pipeline".
 */
export function readPipelineCreate(item: unknown, checker: Checker, needsStatus: boolean): PipelineCreate | undefined {
  if (!isObject(item)) return checker.wrongType("", "object");
  readRequestId(item, checker);
  const name = readName(item, checker, true);
  const sort = readSort(item, checker, true);
  const isMain = checker.bool(item, "is_main", { required: true });
  const isUnsortedOn = checker.bool(item, "is_unsorted_on", { required: true });
  const embedded = has(item, "_embedded")
    ? readEmbedded(item._embedded, checker.nested("_embedded"), checker)
    : emptyEmbedded();
  if (needsStatus && embedded !== undefined && embedded.statuses.length === 0) checker.missing("_embedded.statuses");
  if (
    checker.errors.length > 0 ||
    name === undefined ||
    sort === undefined ||
    isMain === undefined ||
    isUnsortedOn === undefined ||
    embedded === undefined
  ) {
    return undefined;
  }
  return { name, sort, isMain, isUnsortedOn, ...embedded };
}

type Embedded = Pick<PipelineCreate, "systemNames" | "statuses">;

function emptyEmbedded(): Embedded {
  return { systemNames: {}, statuses: [] };
}

/**
 * `_embedded.statuses` on create: `{id: 142|143, name}` renames a closing
 * status (the only time that is possible), an item without id is a regular
 * status to create. Any other id is not a valid choice.
 */
function readEmbedded(value: unknown, at: Checker, parent: Checker): Embedded | undefined {
  const result = emptyEmbedded();
  if (!isObject(value)) {
    at.wrongType("", "object");
  } else if (has(value, "statuses")) {
    const list = value.statuses;
    const listAt = at.nested("statuses");
    if (!Array.isArray(list)) {
      listAt.wrongType("", "array");
    } else {
      list.forEach((item: unknown, index) => {
        const itemAt = listAt.nested(String(index));
        readEmbeddedStatus(item, itemAt, result);
        listAt.absorb(itemAt);
      });
    }
    at.absorb(listAt);
  }
  parent.absorb(at);
  return at.errors.length > 0 ? undefined : result;
}

function readEmbeddedStatus(item: unknown, at: Checker, into: Embedded): void {
  if (isObject(item) && has(item, "id")) {
    const id = at.int(item, "id");
    if (id === undefined) return;
    if (id !== WON_STATUS_ID && id !== LOST_STATUS_ID) {
      at.notAChoice("id");
      return;
    }
    const key = id === WON_STATUS_ID ? "won" : "lost";
    if (into.systemNames[key] !== undefined) {
      at.fail("NotUnique", "id", UNIQUE_DETAIL);
      return;
    }
    const name = readName(item, at, true);
    if (name !== undefined) into.systemNames[key] = name;
    return;
  }
  const status = readStatusCreate(item, at);
  if (status !== undefined) into.statuses.push(status);
}

/** PATCH /leads/pipelines/{id}. `_embedded` is not honoured here (docs/kommo-api.md) and is ignored. */
export function readPipelineEdit(body: JsonObject, checker: Checker): EditRead<PipelineEdit> {
  const passedAny = EDITABLE.some((key) => has(body, key));
  readRequestId(body, checker);
  const edit: PipelineEdit = {};
  if (has(body, "name")) edit.name = readName(body, checker, true);
  if (has(body, "sort")) edit.sort = readSort(body, checker, true);
  if (has(body, "is_main")) edit.isMain = checker.bool(body, "is_main", { required: true });
  if (has(body, "is_unsorted_on")) edit.isUnsortedOn = checker.bool(body, "is_unsorted_on", { required: true });
  return { passedAny, edit: checker.errors.length > 0 ? undefined : edit };
}
