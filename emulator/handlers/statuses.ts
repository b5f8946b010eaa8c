import { statusCollection, statusJson } from "../http/hal";
import { invalidField, notFound, problem, validationFailed } from "../http/problems";
import { hal, noContent, type Reply } from "../http/reply";
import { Checker } from "../input/checker";
import { readStatusCreate, readStatusEdit } from "../input/statusInput";
import type { Pipeline } from "../model";
import { assignIds, planDescriptions } from "../rules/descriptions";
import { firstStatus } from "../rules/firstStatus";
import { MAX_STATUSES_PER_PIPELINE } from "../rules/limits";
import { missingOnDelete } from "../rules/missingDelete";
import { newStatus } from "../rules/newStatus";
import { placeCreatedStatuses } from "../rules/statusPlacement";
import { renumberStatuses } from "../rules/statusSort";
import { findVisibleStatus, visibleStatuses } from "../rules/systemStatuses";
import { param, type ApiRequest } from "../router";
import {
  checkBatch,
  editRequestId,
  readBatch,
  readObject,
  wantsDescriptions,
  type Outcome,
  ok,
  refuse,
} from "./common";
import { PIPELINE_NOT_FOUND, statusesLimitDetail } from "./pipelines";

export const STATUS_NOT_FOUND = "Status not found";

function pipelineOf({ account, params }: ApiRequest): Outcome<Pipeline> {
  const pipeline = account.pipeline(param(params, "pipeline_id"));
  return pipeline === null ? refuse(notFound(PIPELINE_NOT_FOUND)) : ok(pipeline);
}

export function listStatuses(request: ApiRequest): Reply {
  const pipeline = pipelineOf(request);
  if (!pipeline.ok) return pipeline.reply;
  const extras = {
    withDescriptions: wantsDescriptions(request.query),
    timestamps: request.behaviour.descriptionTimestamps,
  };
  const items = visibleStatuses(pipeline.value).map((s) => statusJson(request.view, s, extras));
  return hal(statusCollection(items));
}

export function getStatus(request: ApiRequest): Reply {
  const pipeline = pipelineOf(request);
  if (!pipeline.ok) return pipeline.reply;
  const status = findVisibleStatus(pipeline.value, param(request.params, "id"));
  if (status === null) return notFound(STATUS_NOT_FOUND);
  return hal(
    statusJson(request.view, status, {
      withDescriptions: wantsDescriptions(request.query),
      timestamps: request.behaviour.descriptionTimestamps,
    }),
  );
}

export function addStatuses(request: ApiRequest): Reply {
  const { account, view, body, user, behaviour } = request;
  const found = pipelineOf(request);
  if (!found.ok) return found.reply;
  const pipeline = found.value;
  const batch = readBatch(body);
  if (!batch.ok) return batch.reply;
  const { apply, refusal } = checkBatch(
    batch.value,
    (item, checker) => readStatusCreate(item, checker),
    behaviour.failedBatch,
  );
  // Under failedBatch "partial" the limit is that of the items about to be written; past it nothing is.
  if (pipeline.statuses.length + apply.length > MAX_STATUSES_PER_PIPELINE) {
    return refusal ?? problem(422, statusesLimitDetail());
  }
  const created = apply.map(({ requestId, value }) => ({
    requestId,
    requestedSort: value.sort,
    status: newStatus(account, pipeline.id, value, user.id),
  }));
  placeCreatedStatuses(pipeline, created, behaviour);
  if (refusal !== null) return refusal;
  // Add answers carry descriptions (FACTS.md, "More of the public record": SDK commit e04e555, reference/add-stages).
  const extras = { withDescriptions: true, timestamps: behaviour.descriptionTimestamps };
  return hal(statusCollection(created.map((c) => statusJson(view, c.status, { requestId: c.requestId, ...extras }))));
}

export function editStatus(request: ApiRequest): Reply {
  const { account, view, body, user, behaviour } = request;
  const found = pipelineOf(request);
  if (!found.ok) return found.reply;
  const pipeline = found.value;
  const answerExtras = { withDescriptions: true, timestamps: behaviour.descriptionTimestamps };
  const status = findVisibleStatus(pipeline, param(request.params, "id"));
  if (status === null) return notFound(STATUS_NOT_FOUND);
  const object = readObject(body);
  if (!object.ok) return object.reply;
  const requestId = editRequestId(object.value);
  if (status.system !== null) {
    // One migration toolkit reports that such a rename is ignored rather than refused (systemStatusPatch).
    if (behaviour.systemStatusPatch === "ignored") return hal(statusJson(view, status, { requestId, ...answerExtras }));
    return invalidField("NotSupportedChoice", "status_id", "System statuses cannot be edited.", requestId);
  }
  const checker = new Checker();
  const { passedAny, edit } = readStatusEdit(object.value, checker);
  if (!passedAny) return problem(400, "To edit a status, at least one parameter should be passed");
  const scoped = checker.nested("descriptions");
  const descriptions =
    edit?.descriptions === undefined
      ? undefined
      : planDescriptions(
          status.descriptions,
          edit.descriptions,
          scoped,
          { now: account.now(), userId: user.id },
          behaviour.descriptionWithoutId,
        );
  checker.absorb(scoped);
  if (edit === undefined || (edit.descriptions !== undefined && descriptions === undefined)) {
    return validationFailed([{ request_id: requestId, errors: checker.errors }]);
  }
  if (edit.name !== undefined) status.name = edit.name;
  // A toolkit's list of gotchas: a status PATCH without name blanks it (patchWithoutName).
  else if (behaviour.patchWithoutName === "blanks") status.name = "";
  if (edit.color !== undefined) status.color = edit.color;
  if (descriptions !== undefined) status.descriptions = assignIds(descriptions, () => account.ids.nextDescription());
  // A move goes by the requested sort under every statusPlacement and batchApply: those are about creates.
  if (edit.sort !== undefined) {
    renumberStatuses(pipeline, new Map([[status.id, edit.sort]]), behaviour.statusSortNumbers);
  }
  return hal(statusJson(view, status, { requestId, ...answerExtras }));
}

export function deleteStatus(request: ApiRequest): Reply {
  const { account, behaviour } = request;
  const found = pipelineOf(request);
  if (!found.ok) return found.reply;
  const pipeline = found.value;
  const status = account.status(pipeline, param(request.params, "id"));
  if (status === null) return missingOnDelete(behaviour.deleteMissing, "status");
  if (status.system !== null)
    return invalidField("NotSupportedChoice", "status_id", "System statuses cannot be deleted.");
  const target = firstStatus(pipeline, status.id);
  const now = account.now();
  for (const lead of account.leadsIn(pipeline.id, status.id)) {
    lead.statusId = target.id;
    lead.updatedAt = now;
  }
  pipeline.statuses = pipeline.statuses.filter((s) => s !== status);
  renumberStatuses(pipeline, new Map(), behaviour.statusSortNumbers);
  return noContent();
}
