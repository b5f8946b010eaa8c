import * as t from "io-ts";

/** One entry of the vendor's `validation-errors`, keyed by the `request_id` of the failing item. */
export const ValidationItem = t.exact(
  t.type({
    request_id: t.string,
    errors: t.array(
      t.exact(t.intersection([t.type({ path: t.string }), t.partial({ code: t.string, detail: t.string })])),
    ),
  }),
);
export type ValidationItem = t.TypeOf<typeof ValidationItem>;

/** application/problem+json as Kommo sends it; every field is optional because gateways answer with less. */
export const ProblemBody = t.exact(
  t.partial({
    title: t.string,
    type: t.string,
    status: t.number,
    detail: t.string,
    retry_after: t.number,
    trace_id: t.string,
    "validation-errors": t.array(ValidationItem),
  }),
);
export type ProblemBody = t.TypeOf<typeof ProblemBody>;
