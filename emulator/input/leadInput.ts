import { MAX_NAME_LENGTH } from "../rules/limits";
import { Checker, has, isObject } from "./checker";
import { readRequestId } from "./statusInput";

export interface LeadFields {
  name?: string;
  price?: number;
  pipelineId?: number;
  statusId?: number;
}

export interface LeadEdit extends LeadFields {
  id: number;
}

function readFields(item: Record<string, unknown>, checker: Checker): LeadFields {
  readRequestId(item, checker);
  const fields: LeadFields = {};
  if (has(item, "name")) fields.name = checker.string(item, "name", { maxLength: MAX_NAME_LENGTH });
  if (has(item, "price")) fields.price = checker.int(item, "price", { min: 0 });
  if (has(item, "pipeline_id")) fields.pipelineId = checker.int(item, "pipeline_id", { min: 1 });
  if (has(item, "status_id")) fields.statusId = checker.int(item, "status_id", { min: 1 });
  return fields;
}

/** One item of POST /leads: every field is optional. */
export function readLeadCreate(item: unknown, checker: Checker): LeadFields | undefined {
  if (!isObject(item)) return checker.wrongType("", "object");
  const fields = readFields(item, checker);
  return checker.errors.length > 0 ? undefined : fields;
}

/** One item of PATCH /leads, or the body of PATCH /leads/{id} (then `id` comes from the path). */
export function readLeadEdit(item: unknown, checker: Checker, pathId?: number): LeadEdit | undefined {
  if (!isObject(item)) return checker.wrongType("", "object");
  const id = pathId ?? checker.int(item, "id", { required: true, min: 1 });
  const fields = readFields(item, checker);
  return checker.errors.length > 0 || id === undefined ? undefined : { id, ...fields };
}
