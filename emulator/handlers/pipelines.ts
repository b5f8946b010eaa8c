import type { Account } from "../account";
import type { Behaviour } from "../behaviour/behaviour";
import { pipelineCollection, pipelineJson } from "../http/hal";
import { invalidField, notFound, problem, validationFailed } from "../http/problems";
import { hal, noContent, type Reply } from "../http/reply";
import { Checker } from "../input/checker";
import { readPipelineCreate, readPipelineEdit, type PipelineCreate } from "../input/pipelineInput";
import { MAX_PIPELINES, MAX_STATUSES_PER_PIPELINE } from "../rules/limits";
import { handOverMain, makeMain } from "../rules/mainPipeline";
import { missingOnDelete } from "../rules/missingDelete";
import { newStatus } from "../rules/newStatus";
import { settlePipelineSorts } from "../rules/pipelineSort";
import { placeCreatedStatuses } from "../rules/statusPlacement";
import { systemStatuses } from "../rules/systemStatuses";
import type { Pipeline } from "../model";
import { param, type ApiRequest } from "../router";
import { checkBatch, editRequestId, readBatch, readObject } from "./common";

export const PIPELINE_NOT_FOUND = "Pipeline not found";

function sortedPipelines(account: Account): Pipeline[] {
  return [...account.pipelines.values()].sort((a, b) => a.sort - b.sort || a.id - b.id);
}

export function listPipelines({ account, view }: ApiRequest): Reply {
  return hal(
    pipelineCollection(
      view,
      sortedPipelines(account).map((p) => pipelineJson(view, p)),
    ),
  );
}

export function getPipeline({ account, view, params }: ApiRequest): Reply {
  const pipeline = account.pipeline(param(params, "id"));
  return pipeline === null ? notFound(PIPELINE_NOT_FOUND) : hal(pipelineJson(view, pipeline));
}

export function addPipelines({ account, view, body, user, behaviour }: ApiRequest): Reply {
  const batch = readBatch(body);
  if (!batch.ok) return batch.reply;
  const { apply, refusal } = checkBatch(
    batch.value,
    (item, checker) => readPipelineCreate(item, checker, behaviour.pipelineNeedsStatus),
    behaviour.failedBatch,
  );
  // Under failedBatch "partial" the limits are those of the items about to be written; past them nothing is.
  if (account.pipelines.size + apply.length > MAX_PIPELINES) {
    return refusal ?? problem(422, `Pipelines limit exceeded: an account can have at most ${MAX_PIPELINES} pipelines`);
  }
  // The three system statuses count towards the per-pipeline limit (reference, "Common information").
  if (apply.some(({ value }) => value.statuses.length + 3 > MAX_STATUSES_PER_PIPELINE)) {
    return refusal ?? problem(422, statusesLimitDetail());
  }
  const created = apply.map(({ requestId, value }) => ({
    requestId,
    pipeline: createPipeline(account, value, user.id, behaviour),
  }));
  // Each new pipeline still holds the sort it was sent with; under "renumbered" that is its requested sort.
  settlePipelineSorts(
    account,
    behaviour.pipelineSort,
    new Map(created.map(({ pipeline }) => [pipeline.id, pipeline.sort])),
  );
  if (refusal !== null) return refusal;
  return hal(
    pipelineCollection(
      view,
      created.map(({ requestId, pipeline }) => pipelineJson(view, pipeline, requestId)),
    ),
  );
}

export function statusesLimitDetail(): string {
  return `Statuses limit exceeded: a pipeline can have at most ${MAX_STATUSES_PER_PIPELINE} statuses, system ones included`;
}

function createPipeline(account: Account, input: PipelineCreate, userId: number, behaviour: Behaviour): Pipeline {
  const id = account.ids.nextPipeline();
  const { incoming, won, lost } = systemStatuses(id, account.ids, input.systemNames);
  const pipeline: Pipeline = {
    id,
    name: input.name,
    sort: input.sort,
    isMain: false,
    isUnsortedOn: input.isUnsortedOn,
    statuses: [incoming, won, lost],
  };
  // Nobody public shows descriptions inside a pipeline create working: under "ignored" they are dropped there.
  const regular = input.statuses.map((s) => ({
    status: newStatus(
      account,
      id,
      behaviour.embeddedDescriptions === "ignored" ? { ...s, descriptions: [] } : s,
      userId,
    ),
    requestedSort: s.sort,
  }));
  placeCreatedStatuses(pipeline, regular, behaviour);
  account.pipelines.set(id, pipeline);
  if (input.isMain) makeMain(account, pipeline);
  return pipeline;
}

export function editPipeline({ account, view, params, body, behaviour }: ApiRequest): Reply {
  const pipeline = account.pipeline(param(params, "id"));
  if (pipeline === null) return notFound(PIPELINE_NOT_FOUND);
  const object = readObject(body);
  if (!object.ok) return object.reply;
  const requestId = editRequestId(object.value);
  const checker = new Checker();
  const { passedAny, edit } = readPipelineEdit(object.value, checker);
  if (!passedAny) return problem(400, "To edit a pipeline, at least one parameter should be passed");
  if (edit === undefined) return validationFailed([{ request_id: requestId, errors: checker.errors }]);
  const unsetting = edit.isMain === false && pipeline.isMain;
  // Under unsetMain "refused", exactly one pipeline is main and the main one cannot simply stop being main
  // (assumption, README); under "accepted" it can, as long as another pipeline is there to take over.
  if (unsetting && (behaviour.unsetMain === "refused" || account.pipelines.size === 1)) {
    return invalidField(
      "NotSupportedChoice",
      "is_main",
      "The main pipeline stays main until another pipeline is made main.",
      requestId,
    );
  }
  if (edit.name !== undefined) pipeline.name = edit.name;
  if (edit.sort !== undefined) pipeline.sort = edit.sort;
  if (edit.isUnsortedOn !== undefined) pipeline.isUnsortedOn = edit.isUnsortedOn;
  if (edit.isMain === true) makeMain(account, pipeline);
  if (unsetting) handOverMain(account, pipeline);
  settlePipelineSorts(
    account,
    behaviour.pipelineSort,
    edit.sort === undefined ? new Map() : new Map([[pipeline.id, edit.sort]]),
  );
  return hal(pipelineJson(view, pipeline, requestId));
}

export function deletePipeline({ account, params, behaviour }: ApiRequest): Reply {
  const pipeline = account.pipeline(param(params, "id"));
  if (pipeline === null) return missingOnDelete(behaviour.deleteMissing, "pipeline");
  if (account.pipelines.size === 1) return problem(400, "The last pipeline of an account cannot be deleted");
  if (pipeline.isMain) {
    return problem(400, "The main pipeline cannot be deleted: make another pipeline main first");
  }
  const leads = account.leadsIn(pipeline.id).length;
  if (leads > 0) {
    // README A31: the entry a user saw from another stand-in; the code is not public.
    return problem(
      400,
      `Only pipelines without leads can be deleted: pipeline ${pipeline.id} still holds ${leads} lead(s)`,
      {
        "validation-errors": [
          {
            request_id: "0",
            errors: [{ code: "PipelineHasLeads", path: "id", detail: "A pipeline with leads cannot be deleted" }],
          },
        ],
      },
    );
  }
  account.pipelines.delete(pipeline.id);
  settlePipelineSorts(account, behaviour.pipelineSort);
  return noContent();
}
