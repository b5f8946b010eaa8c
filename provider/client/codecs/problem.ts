import * as A from "fp-ts/Array";
import * as E from "fp-ts/Either";
import { pipe } from "fp-ts/function";
import * as t from "io-ts";

/**
 * Error bodies are read field by field, never all or nothing: a gateway, a proxy or another Kommo stand-in answers
 * with less, or with more, than the vendor documents, and whatever part of the answer can be read must reach the
 * message. Each codec here fails only when there is nothing at all to read.
 */

/** A code, path, request_id or trace_id: documented as a string; a number is read as its text. */
export const Text = new t.Type<string, string, unknown>(
  "Text",
  (u): u is string => typeof u === "string",
  (u, c) =>
    typeof u === "string"
      ? t.success(u)
      : typeof u === "number" && Number.isFinite(u)
        ? t.success(String(u))
        : t.failure(u, c),
  (a) => a,
);

/** One failed check, as it stands inside `validation-errors`. Any of the three may be missing. */
export interface FieldError {
  readonly code?: string;
  readonly path?: string;
  readonly detail?: string;
}

/** The errors of one item of the request array, keyed by its `request_id` where the answer gives one. */
export interface ValidationItem {
  readonly request_id?: string;
  readonly errors: readonly FieldError[];
}

/** What `validation-errors` said: the entries it could be read as, and, as JSON text, any part no shape reads. */
export interface ValidationErrors {
  readonly items: readonly ValidationItem[];
  /** Left whole, as sent: it is cut short (and was stripped of the token) only where a message shows it. */
  readonly unread?: string;
}

/** application/problem+json as far as it can be read: every field is optional, and each stands on its own. */
export interface ProblemBody {
  readonly title?: string;
  readonly type?: string;
  readonly status?: number;
  readonly detail?: string;
  readonly retry_after?: number;
  readonly trace_id?: string;
  readonly "validation-errors"?: ValidationErrors;
}

type Fields = Readonly<Record<string, unknown>>;

const own = (record: Fields, key: string): unknown =>
  Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;

/** One field decoded by its own codec: a field of the wrong type is left out, and takes nothing else with it. */
function field<K extends string, B>(codec: t.Decoder<unknown, B>, record: Fields, key: K): Partial<Record<K, B>> {
  return pipe(
    codec.decode(own(record, key)),
    E.fold(
      (): Partial<Record<K, B>> => ({}),
      (value) => ({ [key]: value }) as Partial<Record<K, B>>,
    ),
  );
}

/** JSON text of a parsed value; undefined, which JSON has no text for, as its name. */
const jsonText = (u: unknown): string => (u === undefined ? "undefined" : JSON.stringify(u));

const isRecord = (u: unknown): u is Fields => E.isRight(t.UnknownRecord.decode(u));

/** A field error is read when it says anything at all: a code, a path or a detail. */
export const FieldError = new t.Type<FieldError, FieldError, unknown>(
  "FieldError",
  (u): u is FieldError => isRecord(u),
  (u, c) => {
    if (!isRecord(u)) return t.failure(u, c);
    const read: FieldError = {
      ...field(Text, u, "code"),
      ...field(Text, u, "path"),
      ...field(t.string, u, "detail"),
    };
    return Object.keys(read).length > 0 ? t.success(read) : t.failure(u, c, "says nothing readable");
  },
  (a) => a,
);

/** An entry read, and what of it could not be: one field error that says nothing does not hide the others. */
interface EntryReading {
  readonly item?: ValidationItem;
  readonly unread: readonly unknown[];
}

const readErrors = (errors: readonly unknown[]): { errors: FieldError[]; unread: unknown[] } => {
  const decoded = errors.map((e) => FieldError.decode(e));
  return {
    errors: A.rights(decoded),
    unread: errors.filter((_, i) => E.isLeft(decoded[i] as E.Either<unknown, FieldError>)),
  };
};

/**
 * One entry of `validation-errors`: documented as `{request_id, errors: [{code, path, detail}]}`, and read also with a
 * numeric or missing request_id, with `errors` as a single object, and flat, as a field error of its own.
 */
function readEntry(entry: unknown): EntryReading {
  if (!isRecord(entry)) return { unread: [entry] };
  const requestId = field(Text, entry, "request_id");
  const errors = own(entry, "errors");
  if (Array.isArray(errors) || isRecord(errors)) {
    const read = readErrors(Array.isArray(errors) ? errors : [errors]);
    // An entry whose errors none of them reads, and that names no item, says nothing.
    if (read.errors.length === 0 && read.unread.length > 0 && requestId.request_id === undefined)
      return { unread: [entry] };
    return { item: { ...requestId, errors: read.errors }, unread: read.unread };
  }
  return pipe(
    FieldError.decode(entry),
    E.fold(
      (): EntryReading => ({ unread: [entry] }),
      (flat) => ({ item: { ...requestId, errors: [flat] }, unread: [] }),
    ),
  );
}

/** `validation-errors` in whatever shape it came: never fails, and keeps what it could not read as JSON text. */
export const ValidationErrors = new t.Type<ValidationErrors, ValidationErrors, unknown>(
  "ValidationErrors",
  (u): u is ValidationErrors => isRecord(u) && Array.isArray(own(u, "items")),
  (u) => {
    const entries = Array.isArray(u) ? u : isRecord(u) && readEntry(u).item ? [u] : undefined;
    if (!entries) return t.success({ items: [], unread: jsonText(u) });
    const readings = entries.map(readEntry);
    const items = readings.flatMap((r) => (r.item ? [r.item] : []));
    const unread = readings.flatMap((r) => r.unread);
    // Nothing read at all: the field as it came, not a list made of it.
    const rest = unread.length === 0 ? undefined : items.length === 0 ? u : unread;
    return t.success({ items, ...(rest !== undefined ? { unread: jsonText(rest) } : {}) });
  },
  (a) => a,
);

/** The problem body: fails only when the answer is not a JSON object; otherwise each field is read on its own. */
export const ProblemBody = new t.Type<ProblemBody, ProblemBody, unknown>(
  "ProblemBody",
  (u): u is ProblemBody => isRecord(u),
  (u, c) => {
    if (!isRecord(u)) return t.failure(u, c);
    const present = own(u, "validation-errors") !== undefined;
    return t.success({
      ...field(t.string, u, "title"),
      ...field(t.string, u, "type"),
      ...field(t.number, u, "status"),
      ...field(t.string, u, "detail"),
      ...field(t.number, u, "retry_after"),
      ...field(Text, u, "trace_id"),
      ...(present ? field(ValidationErrors, u, "validation-errors") : {}),
    });
  },
  (a) => a,
);
