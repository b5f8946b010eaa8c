import fc from "fast-check";
import { PALETTE } from "../../../emulator/rules/palette";

/**
 * Request bodies that are mostly valid, with a steady trickle of each way a
 * field can be wrong: the interesting bugs live next to the valid values, not
 * in random noise. `{pipeline:N}`, `{status:N}` and `{lead:N}` stand for
 * whatever ids exist when the request is sent (see refs.ts).
 */

const mostly = <T>(valid: fc.Arbitrary<T>, ...wrong: unknown[]): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 9, arbitrary: valid }, { weight: 1, arbitrary: fc.constantFrom(...wrong) });

export const pipelineRef = fc.nat(9).map((i) => `{pipeline:${i}}`);
export const statusRef = fc.nat(30).map((i) => `{status:${i}}`);
export const leadRef = fc.nat(9).map((i) => `{lead:${i}}`);

export const nameValue = mostly(fc.string({ minLength: 1, maxLength: 24 }), "", "   ", "x".repeat(256), 7, null, true, [
  "a",
]);
export const sortValue = mostly(fc.integer({ min: 0, max: 300 }), -1, 10.5, "10", null, 2147483647, 2147483648, 1e21);
export const boolValue = mostly(fc.boolean(), "true", 1, null);
export const colorValue = mostly(fc.constantFrom(...PALETTE), "#FFFEB2", "red", "", 5, "#99ccff");
export const requestIdValue = mostly(fc.string({ maxLength: 6 }), 5, null);

const description = fc.record(
  {
    id: fc.oneof(
      fc.nat(3).map((i) => 500002 + i),
      fc.constant("x"),
    ),
    level: mostly(fc.constantFrom("newbie", "candidate", "master"), "boss", 1),
    description: mostly(fc.string({ maxLength: 40 }), "x".repeat(1001), 5),
  },
  { requiredKeys: [] },
);
export const descriptionsValue = mostly(fc.array(description, { maxLength: 4 }), "none", null, {});

/** Mostly with the required fields, sometimes with any subset of them. */
function item<T extends Record<string, fc.Arbitrary<unknown>>>(fields: T, required: Array<keyof T & string>) {
  return fc.oneof(
    { weight: 4, arbitrary: fc.record(fields, { requiredKeys: required }) },
    { weight: 1, arbitrary: fc.record(fields, { requiredKeys: [] }) },
  );
}

export const statusItem = item(
  { name: nameValue, sort: sortValue, color: colorValue, descriptions: descriptionsValue, request_id: requestIdValue },
  ["name", "sort"],
);

/** `_embedded.statuses` on a new pipeline may also name the closing statuses 142 and 143. */
const embeddedStatus = fc.oneof(
  { weight: 3, arbitrary: statusItem },
  {
    weight: 1,
    arbitrary: fc.record({ id: fc.constantFrom(142, 143, 142, 7), name: nameValue }, { requiredKeys: ["id"] }),
  },
);

export const pipelineItem = item(
  {
    name: nameValue,
    sort: sortValue,
    is_main: boolValue,
    is_unsorted_on: boolValue,
    request_id: requestIdValue,
    _embedded: mostly(fc.record({ statuses: fc.array(embeddedStatus, { maxLength: 3 }) }), [], null),
  },
  ["name", "sort", "is_main", "is_unsorted_on"],
);

export const pipelineEdit = fc.record(
  { name: nameValue, sort: sortValue, is_main: boolValue, is_unsorted_on: boolValue, _embedded: fc.constant({}) },
  { requiredKeys: [] },
);

export const statusEdit = fc.record(
  { name: nameValue, sort: sortValue, color: colorValue, descriptions: descriptionsValue, request_id: requestIdValue },
  { requiredKeys: [] },
);

export const leadItem = fc.record(
  {
    name: mostly(fc.string({ maxLength: 20 }), 5),
    price: mostly(fc.nat(100000), -1, "5", 1.5),
    pipeline_id: mostly(pipelineRef, 0, "1", 999999999),
    status_id: mostly(statusRef, 142, 143, 0, "x"),
  },
  { requiredKeys: [] },
);

/** PATCH /leads items name the lead; PATCH /leads/{id} takes the same fields without it. */
export const leadEditItem = fc.tuple(leadRef, leadItem).map(([id, fields]) => ({ id, ...fields }));

/** A batch for an add endpoint: usually an array of items, sometimes the wrong kind of JSON. */
export function batchOf(item: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return mostly(fc.array(item, { minLength: 1, maxLength: 3 }), [], {}, "items", null, 3);
}

/** An edit body: usually an object, sometimes the wrong kind of JSON. */
export function objectOr(edit: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return mostly(edit, [], "x", null, 1);
}
