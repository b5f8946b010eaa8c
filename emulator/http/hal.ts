import type { DescriptionTimestamps } from "../behaviour/behaviour";
import type { Lead, Pipeline, Status, StatusDescription } from "../model";
import { visibleStatuses } from "../rules/systemStatuses";

/** Wire shapes, field for field and in the order of the reference's examples. */

export interface View {
  origin: string;
  accountId: number;
}

const API = "/api/v4";

export function link(href: string): { self: { href: string } } {
  return { self: { href } };
}

export function pipelinesHref(view: View): string {
  return `${view.origin}${API}/leads/pipelines`;
}

export interface StatusExtras {
  requestId?: string;
  withDescriptions?: boolean;
  /** How description timestamps are written; "unix" when not given. */
  timestamps?: DescriptionTimestamps;
}

export function statusJson(view: View, status: Status, extra: StatusExtras = {}) {
  return {
    id: status.id,
    name: status.name,
    sort: status.sort,
    is_editable: status.system === null,
    pipeline_id: status.pipelineId,
    color: status.color,
    type: status.system === "incoming" ? 1 : 0,
    account_id: view.accountId,
    ...(extra.requestId === undefined ? {} : { request_id: extra.requestId }),
    ...(extra.withDescriptions === true
      ? { descriptions: status.descriptions.map((d) => descriptionJson(view, status, d, extra.timestamps ?? "unix")) }
      : {}),
    _links: link(`${pipelinesHref(view)}/${status.pipelineId}/statuses/${status.id}`),
  };
}

/**
 * Not shown by the English reference; field names follow the vendor's PHP SDK
 * model (assumption, README). The Russian reference writes the timestamps as
 * "YYYY-MM-DD HH:MM:SS" strings with `updated_by` null: the `string` mode.
 */
function descriptionJson(view: View, status: Status, d: StatusDescription, timestamps: DescriptionTimestamps) {
  const asText = timestamps === "string";
  return {
    id: d.id,
    account_id: view.accountId,
    pipeline_id: status.pipelineId,
    status_id: status.id,
    level: d.level,
    description: d.description,
    created_at: asText ? dateTime(d.createdAt) : d.createdAt,
    updated_at: asText ? dateTime(d.updatedAt) : d.updatedAt,
    created_by: d.createdBy,
    updated_by: asText ? null : d.updatedBy,
  };
}

/** Unix seconds as "YYYY-MM-DD HH:MM:SS", in UTC: the RU examples name no time zone. */
function dateTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 19).replace("T", " ");
}

export function pipelineJson(view: View, pipeline: Pipeline, requestId?: string) {
  return {
    id: pipeline.id,
    name: pipeline.name,
    sort: pipeline.sort,
    is_main: pipeline.isMain,
    is_unsorted_on: pipeline.isUnsortedOn,
    // Read-only and never set by any documented request.
    is_archive: false,
    account_id: view.accountId,
    ...(requestId === undefined ? {} : { request_id: requestId }),
    _links: link(`${pipelinesHref(view)}/${pipeline.id}`),
    _embedded: { statuses: visibleStatuses(pipeline).map((s) => statusJson(view, s)) },
  };
}

/** The pipeline list and add answers carry a top-level self link. */
export function pipelineCollection(view: View, items: unknown[]) {
  return { _total_items: items.length, _links: link(pipelinesHref(view)), _embedded: { pipelines: items } };
}

/** The status list and add answers in the reference have no top-level `_links`. */
export function statusCollection(items: unknown[]) {
  return { _total_items: items.length, _embedded: { statuses: items } };
}

export function leadHref(view: View, id: number): string {
  return `${view.origin}${API}/leads/${id}`;
}

export function leadsHref(view: View): string {
  return `${view.origin}${API}/leads`;
}

/** The lead model, trimmed to what the delete rules need plus the fields every lead carries. */
export function leadJson(view: View, lead: Lead) {
  return {
    id: lead.id,
    name: lead.name,
    price: lead.price,
    responsible_user_id: lead.createdBy,
    group_id: 0,
    status_id: lead.statusId,
    pipeline_id: lead.pipelineId,
    loss_reason_id: null,
    created_by: lead.createdBy,
    updated_by: lead.updatedBy,
    created_at: lead.createdAt,
    updated_at: lead.updatedAt,
    closed_at: null,
    closest_task_at: null,
    is_deleted: false,
    custom_fields_values: null,
    score: null,
    account_id: view.accountId,
    _links: link(leadHref(view, lead.id)),
  };
}
