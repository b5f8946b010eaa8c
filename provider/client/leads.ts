import { pipe } from "fp-ts/function";
import * as TE from "fp-ts/TaskEither";
import { LeadPage } from "./codecs";
import type { Lead } from "./codecs";
import type { KommoFailure } from "./errors";
import { named, pipelineLabel } from "./labels";
import type { Names } from "./labels";
import { send } from "./request";
import type { ClientContext } from "./request";

const LEADS = "/api/v4/leads";
/** Kommo's largest page. */
export const LEADS_PAGE_LIMIT = 250;

/** Kommo answers an empty lead list with 204 and no body. */
const EMPTY: LeadPage = { _embedded: { leads: [] } };

const list = (ctx: ClientContext, action: string, target: string, query: Record<string, string>) =>
  pipe(
    send(ctx, { action, target, method: "GET", path: LEADS, query, codec: LeadPage, emptyAs: EMPTY }),
    TE.map((page) => page._embedded.leads),
  );

/**
 * The first page of leads in a pipeline, closed ones (142, 143) included: enough to tell, for most pipelines, which
 * statuses hold leads, and whether the pipeline holds any. `names` (here and below) only names objects in messages.
 */
export const leadsInPipeline = (
  ctx: ClientContext,
  pipelineId: number,
  names?: Names,
): TE.TaskEither<KommoFailure, Lead[]> =>
  list(ctx, "list leads", `in ${pipelineLabel(pipelineId, names)}`, {
    "filter[pipeline_id]": String(pipelineId),
    limit: String(LEADS_PAGE_LIMIT),
  });

export const leadsInStatus = (
  ctx: ClientContext,
  pipelineId: number,
  statusId: number,
  names?: Names,
): TE.TaskEither<KommoFailure, Lead[]> =>
  list(ctx, "list leads", `in ${named("status", statusId, names?.status)} of ${pipelineLabel(pipelineId, names)}`, {
    "filter[statuses][0][pipeline_id]": String(pipelineId),
    "filter[statuses][0][status_id]": String(statusId),
    limit: String(LEADS_PAGE_LIMIT),
  });

export const leadsById = (ctx: ClientContext, ids: readonly number[]): TE.TaskEither<KommoFailure, Lead[]> =>
  list(ctx, "read leads", ids.length === 1 ? `lead ${ids[0]}` : `${ids.length} leads`, {
    ...Object.fromEntries(ids.slice(0, LEADS_PAGE_LIMIT).map((id, i) => [`filter[id][${i}]`, String(id)])),
    limit: String(LEADS_PAGE_LIMIT),
  });
