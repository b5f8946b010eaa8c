import type { Account } from "../account";
import { pipelineCollection, pipelineJson } from "../http/hal";
import { invalidField, notFound, NOT_A_VALID_CHOICE, problem, validationFailed } from "../http/problems";
import { hal, noContent, type Reply } from "../http/reply";
import { Checker } from "../input/checker";
import { readPipelineCreate, readPipelineEdit, type PipelineCreate } from "../input/pipelineInput";
import { MAX_PIPELINES, MAX_STATUSES_PER_PIPELINE } from "../rules/limits";
import { makeMain } from "../rules/mainPipeline";
import { newStatus } from "../rules/newStatus";
import { renumberStatuses } from "../rules/statusSort";
import { systemStatuses } from "../rules/systemStatuses";
import type { Pipeline } from "../model";
import { param, type ApiRequest } from "../router";
import { editRequestId, readBatch, readObject, validateBatch } from "./common";

export const PIPELINE_NOT_FOUND = "Pipeline not found";

function sortedPipelines(account: Account): Pipeline[] {
  return [...account.pipelines.values()].sort((a, b) => a.sort - b.sort || a.id - b.id);
}

export function listPipelines({ account, view }: ApiRequest): Reply {
  return hal(pipelineCollection(view, sortedPipelines(account).map((p) => pipelineJson(view, p))));
}

export function getPipeline({ account, view, params }: ApiRequest): Reply {
  const pipeline = account.pipeline(param(params, "id"));
  return pipeline === null ? notFound(PIPELINE_NOT_FOUND) : hal(pipelineJson(view, pipeline));
}

export function addPipelines({ account, view, body, user }: ApiRequest): Reply {
  const batch = readBatch(body);
  if (!batch.ok) return batch.reply;
  const items = validateBatch(batch.value, (item, checker) => readPipelineCreate(item, checker));
  if (!items.ok) return items.reply;
  if (account.pipelines.size + items.value.length > MAX_PIPELINES) {
    return problem(422, `Pipelines limit exceeded: an account can have at most ${MAX_PIPELINES} pipelines`);
  }
  // The three system statuses count towards the per-pipeline limit (reference, "Common information").
  if (items.value.some(({ value }) => value.statuses.length + 3 > MAX_STATUSES_PER_PIPELINE)) {
    return problem(422, statusesLimitDetail());
  }
  const created = items.value.map(({ requestId, value }) => ({
    requestId,
    pipeline: createPipeline(account, value, user.id),
  }));
  return hal(pipelineCollection(view, created.map(({ requestId, pipeline }) => pipelineJson(view, pipeline, requestId))));
}

export function statusesLimitDetail(): string {
  return `Statuses limit exceeded: a pipeline can have at most ${MAX_STATUSES_PER_PIPELINE} statuses, system ones included`;
}

function createPipeline(account: Account, input: PipelineCreate, userId: number): Pipeline {
  const id = account.ids.nextPipeline();
  const { incoming, won, lost } = systemStatuses(id, account.ids, input.systemNames);
  const regular = input.statuses.map((s) => newStatus(account, id, s, userId));
  const pipeline: Pipeline = {
    id,
    name: input.name,
    sort: input.sort,
    isMain: false,
    isUnsortedOn: input.isUnsortedOn,
    statuses: [incoming, ...regular, won, lost],
  };
  renumberStatuses(pipeline, new Map(regular.map((s, index) => [s.id, input.statuses[index]?.sort ?? s.sort])));
  account.pipelines.set(id, pipeline);
  if (input.isMain) makeMain(account, pipeline);
  return pipeline;
}

export function editPipeline({ account, view, params, body }: ApiRequest): Reply {
  const pipeline = account.pipeline(param(params, "id"));
  if (pipeline === null) return notFound(PIPELINE_NOT_FOUND);
  const object = readObject(body);
  if (!object.ok) return object.reply;
  const requestId = editRequestId(object.value);
  const checker = new Checker();
  const { passedAny, edit } = readPipelineEdit(object.value, checker);
  if (!passedAny) return problem(400, "To edit a pipeline, at least one parameter should be passed");
  if (edit === undefined) return validationFailed([{ request_id: requestId, errors: checker.errors }]);
  if (edit.isMain === false && pipeline.isMain) {
    // Exactly one pipeline is main, so the main one cannot simply stop being main (assumption, README).
    return invalidField("NotSupportedChoice", "is_main", "The main pipeline stays main until another pipeline is made main.", requestId);
  }
  if (edit.name !== undefined) pipeline.name = edit.name;
  if (edit.sort !== undefined) pipeline.sort = edit.sort;
  if (edit.isUnsortedOn !== undefined) pipeline.isUnsortedOn = edit.isUnsortedOn;
  if (edit.isMain === true) makeMain(account, pipeline);
  return hal(pipelineJson(view, pipeline, requestId));
}

export function deletePipeline({ account, params }: ApiRequest): Reply {
  const pipeline = account.pipeline(param(params, "id"));
  // Like a missing status (FACTS.md), a missing pipeline is "not a valid choice" for the id, not a 404.
  if (pipeline === null) return invalidField("NotSupportedChoice", "id", NOT_A_VALID_CHOICE);
  if (account.pipelines.size === 1) return problem(400, "The last pipeline of an account cannot be deleted");
  if (pipeline.isMain) {
    return problem(400, "The main pipeline cannot be deleted: make another pipeline main first");
  }
  const leads = account.leadsIn(pipeline.id).length;
  if (leads > 0) {
    return problem(400, `Only pipelines without leads can be deleted: pipeline ${pipeline.id} still holds ${leads} lead(s)`);
  }
  account.pipelines.delete(pipeline.id);
  return noContent();
}
