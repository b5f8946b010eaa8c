import type { Account } from "../account";
import { leadHref, leadJson, leadsHref, link } from "../http/hal";
import { batchTooLarge, problem } from "../http/problems";
import { bracketTree, leaves, parsePositiveInt, type QueryNode } from "../http/query";
import { hal, noContent, type Reply } from "../http/reply";
import { Checker } from "../input/checker";
import { readLeadCreate, readLeadEdit, type LeadFields } from "../input/leadInput";
import type { Lead } from "../model";
import { firstStatus } from "../rules/firstStatus";
import { MAX_BATCH } from "../rules/limits";
import { findVisibleStatus } from "../rules/systemStatuses";
import { param, type ApiRequest } from "../router";
import { readBatch, readObject, validateBatch, type Outcome, ok, refuse } from "./common";

/**
 * Just enough of the leads API for the pipeline and status delete rules to be
 * exercised: leads can be created, moved and listed by pipeline.
 */

interface Placement {
  pipelineId: number;
  statusId: number;
}

/**
 * Where a lead ends up. With no pipeline it stays where it is, or goes to the
 * main pipeline when new; with no status it keeps its status, or lands in the
 * pipeline's first status when new or moved to another pipeline. A status must
 * belong to the pipeline: NotSupportedChoice otherwise.
 */
function place(
  account: Account,
  fields: LeadFields,
  current: Placement | null,
  checker: Checker,
): Placement | undefined {
  const pipeline =
    fields.pipelineId !== undefined
      ? account.pipeline(fields.pipelineId)
      : current !== null
        ? account.pipeline(current.pipelineId)
        : account.mainPipeline();
  if (pipeline === null) return checker.notAChoice("pipeline_id");
  if (fields.statusId !== undefined) {
    const status = findVisibleStatus(pipeline, fields.statusId);
    return status === null ? checker.notAChoice("status_id") : { pipelineId: pipeline.id, statusId: status.id };
  }
  if (current !== null && current.pipelineId === pipeline.id) return current;
  return { pipelineId: pipeline.id, statusId: firstStatus(pipeline).id };
}

export function addLeads({ account, view, body, user }: ApiRequest): Reply {
  const batch = readBatch(body);
  if (!batch.ok) return batch.reply;
  const items = validateBatch(batch.value, (item, checker) => {
    const fields = readLeadCreate(item, checker);
    const placement = fields === undefined ? undefined : place(account, fields, null, checker);
    return fields === undefined || placement === undefined ? undefined : { fields, placement };
  });
  if (!items.ok) return items.reply;
  const now = account.now();
  const created = items.value.map(({ requestId, value }) => {
    const lead: Lead = {
      id: account.ids.nextLead(),
      name: value.fields.name ?? "",
      price: value.fields.price ?? 0,
      ...value.placement,
      createdBy: user.id,
      updatedBy: user.id,
      createdAt: now,
      updatedAt: now,
    };
    account.leads.set(lead.id, lead);
    return { id: lead.id, request_id: requestId, _links: link(leadHref(view, lead.id)) };
  });
  return hal({ _links: link(leadsHref(view)), _embedded: { leads: created } });
}

function applyEdit(account: Account, lead: Lead, fields: LeadFields, placement: Placement, userId: number): void {
  if (fields.name !== undefined) lead.name = fields.name;
  if (fields.price !== undefined) lead.price = fields.price;
  lead.pipelineId = placement.pipelineId;
  lead.statusId = placement.statusId;
  lead.updatedBy = userId;
  lead.updatedAt = account.now();
}

function validateEdit(account: Account, item: unknown, checker: Checker, pathId?: number) {
  const edit = readLeadEdit(item, checker, pathId);
  if (edit === undefined) return undefined;
  const lead = account.leads.get(edit.id);
  if (lead === undefined) return checker.notAChoice("id");
  const placement = place(account, edit, { pipelineId: lead.pipelineId, statusId: lead.statusId }, checker);
  return placement === undefined ? undefined : { lead, edit, placement };
}

export function editLeads({ account, view, body, user }: ApiRequest): Reply {
  const batch = readBatch(body);
  if (!batch.ok) return batch.reply;
  const items = validateBatch(batch.value, (item, checker) => validateEdit(account, item, checker));
  if (!items.ok) return items.reply;
  const edited = items.value.map(({ requestId, value }) => {
    applyEdit(account, value.lead, value.edit, value.placement, user.id);
    return {
      id: value.lead.id,
      updated_at: value.lead.updatedAt,
      request_id: requestId,
      _links: link(leadHref(view, value.lead.id)),
    };
  });
  return hal({ _links: link(leadsHref(view)), _embedded: { leads: edited } });
}

export function editLead({ account, view, body, user, params }: ApiRequest): Reply {
  const object = readObject(body);
  if (!object.ok) return object.reply;
  const items = validateBatch([object.value], (item, checker) =>
    validateEdit(account, item, checker, param(params, "id")),
  );
  if (!items.ok) return items.reply;
  const [only] = items.value;
  if (only === undefined) throw new Error("validateBatch lost the only item");
  applyEdit(account, only.value.lead, only.value.edit, only.value.placement, user.id);
  return hal({
    id: only.value.lead.id,
    updated_at: only.value.lead.updatedAt,
    _links: link(leadHref(view, only.value.lead.id)),
  });
}

interface LeadQuery {
  page: number;
  limit: number;
  matches: (lead: Lead) => boolean;
}

function ints(values: string[], name: string): Outcome<number[]> {
  const parsed = values.map(parsePositiveInt);
  return parsed.some((v) => v === null)
    ? refuse(problem(400, `${name} must be a positive integer or a list of them`))
    : ok(parsed as number[]);
}

function readLeadQuery(query: URLSearchParams): Outcome<LeadQuery> {
  const page = parsePositiveInt(query.get("page") ?? "1");
  const limit = parsePositiveInt(query.get("limit") ?? "50");
  if (page === null || limit === null) return refuse(problem(400, "page and limit must be positive integers"));
  if (limit > MAX_BATCH) return refuse(batchTooLarge());
  const filter = bracketTree(query).filter;
  const tests: Array<(lead: Lead) => boolean> = [];
  if (typeof filter === "object") {
    const pipelineIds = ints(leaves(filter.pipeline_id), "filter[pipeline_id]");
    if (!pipelineIds.ok) return pipelineIds;
    if (pipelineIds.value.length > 0) tests.push((l) => pipelineIds.value.includes(l.pipelineId));
    const ids = ints(leaves(filter.id), "filter[id]");
    if (!ids.ok) return ids;
    if (ids.value.length > 0) tests.push((l) => ids.value.includes(l.id));
    const pairs: Placement[] = [];
    for (const node of typeof filter.statuses === "object" ? Object.values(filter.statuses) : []) {
      const pair = statusPair(node);
      if (pair === null) return refuse(problem(400, "filter[statuses][N] needs one pipeline_id and one status_id"));
      pairs.push(pair);
    }
    if (pairs.length > 0)
      tests.push((l) => pairs.some((p) => p.pipelineId === l.pipelineId && p.statusId === l.statusId));
  }
  return ok({ page, limit, matches: (lead) => tests.every((t) => t(lead)) });
}

function statusPair(node: QueryNode): Placement | null {
  if (typeof node !== "object") return null;
  const pipelineIds = leaves(node.pipeline_id);
  const statusIds = leaves(node.status_id);
  if (pipelineIds.length !== 1 || statusIds.length !== 1) return null;
  const pipelineId = parsePositiveInt(pipelineIds[0] as string);
  const statusId = parsePositiveInt(statusIds[0] as string);
  return pipelineId === null || statusId === null ? null : { pipelineId, statusId };
}

/** Kommo answers an empty page with 204 and no body, not with an empty list. */
export function listLeads({ account, view, query }: ApiRequest): Reply {
  const read = readLeadQuery(query);
  if (!read.ok) return read.reply;
  const { page, limit, matches } = read.value;
  const all = [...account.leads.values()].filter(matches).sort((a, b) => a.id - b.id);
  const slice = all.slice((page - 1) * limit, page * limit);
  if (slice.length === 0) return noContent();
  const pageHref = (n: number) => {
    const params = new URLSearchParams(query);
    params.set("page", String(n));
    params.set("limit", String(limit));
    return `${leadsHref(view)}?${params.toString()}`;
  };
  const links = {
    self: { href: pageHref(page) },
    ...(page * limit < all.length ? { next: { href: pageHref(page + 1) } } : {}),
  };
  return hal({ _page: page, _links: links, _embedded: { leads: slice.map((l) => leadJson(view, l)) } });
}
