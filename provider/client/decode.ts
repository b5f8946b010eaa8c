import * as E from "fp-ts/Either";
import { pipe } from "fp-ts/function";
import * as t from "io-ts";
import type { KommoFailure, Operation } from "./errors";

/**
 * The JSON path of one io-ts error. Intersection and exact wrappers add context entries of their own that are not
 * fields of the document, so only keys under interface-like and array types count.
 */
type Tagged = { _tag?: string; type?: Tagged };

/** Exact and refinement wrappers validate their inner type in the same context entry, so look through them. */
function unwrap(type: Tagged): Tagged {
  return (type._tag === "ExactType" || type._tag === "RefinementType" || type._tag === "ReadonlyType") && type.type
    ? unwrap(type.type)
    : type;
}

export function errorPath(error: t.ValidationError): string {
  const keys: string[] = [];
  error.context.forEach((entry, i) => {
    const above = error.context[i - 1];
    if (!above) return;
    const parent = unwrap(above.type as unknown as Tagged);
    if (parent._tag === "IntersectionType" || parent._tag === "UnionType") return;
    keys.push(entry.key);
  });
  return keys.length ? keys.join(".") : "(root)";
}

function describeValue(v: unknown): string {
  if (v === undefined) return "missing";
  // Functions and symbols have no JSON form.
  if (typeof v === "function" || typeof v === "symbol") return typeof v;
  const json = JSON.stringify(v);
  return json.length > 40 ? `${json.slice(0, 40)}…` : json;
}

/**
 * Parses a response body. A `__proto__` key is dropped at every level: JSON.parse keeps it as a plain field, but
 * io-ts copies objects with Object.assign when a nested codec strips a field, and that assignment makes the field the
 * decoded object's prototype, so unvalidated values (a string `retry_after`, a numeric `request_id`) came through.
 */
export function parseJson(text: string): unknown {
  return JSON.parse(text, (key, value: unknown) => (key === "__proto__" ? undefined : value)) as unknown;
}

/** Decodes a response body, turning a mismatch into a failure that names the endpoint and each bad field. */
export function decodeResponse<A>(
  codec: t.Decoder<unknown, A>,
  op: Operation,
  body: unknown,
): E.Either<KommoFailure, A> {
  return pipe(
    codec.decode(body),
    E.mapLeft((errors): KommoFailure => {
      const paths = [...new Set(errors.map(errorPath))];
      const first = errors[0];
      const expected = first ? first.context[first.context.length - 1]?.type.name : undefined;
      return {
        op,
        kind: "invalid_response",
        reason: `the ${op.method} ${op.path} response did not decode${
          first ? `: ${errorPath(first)} was ${describeValue(first.value)}, expected ${expected}` : ""
        }`,
        paths,
      };
    }),
  );
}
