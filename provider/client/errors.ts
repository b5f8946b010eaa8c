import type { FieldError, ValidationItem } from "./codecs/problem";

/** What the client was doing when it failed: every message starts from this. */
export interface Operation {
  /** A verb phrase, e.g. "update status". */
  readonly action: string;
  /**
   * The object acted on, by name where the caller knows it: e.g. `status "Qualified" (58141807) in pipeline "Sales"
   * (6950551)`, or "status 58141807 in pipeline 6950551" without the names.
   */
  readonly target?: string;
  readonly method: string;
  readonly path: string;
}

/** A validation error mapped back to the item of the request array it concerns (when the request was an array). */
export interface ItemValidationError extends ValidationItem {
  readonly index?: number;
}

export interface FailureBase {
  readonly op: Operation;
  readonly status?: number;
  /** Kommo's `trace_id`, worth quoting to its support. */
  readonly traceId?: string;
  /** The start of the response body, with the token removed, for debugging. */
  readonly bodySnippet?: string;
  /**
   * Kommo's `validation-errors`, whatever the status of the answer that carried them (a validation failure always
   * has them, empty when there were none), each mapped back to the item of the request array it concerns.
   */
  readonly items?: readonly ItemValidationError[];
  /** The part of `validation-errors` no known shape reads, as JSON text, whole: a message shows its start. */
  readonly unreadErrors?: string;
  /** Not sent at all: an earlier request to the account got an answer that this one would get too. */
  readonly notSent?: boolean;
  /**
   * A write whose effect is unknown: this attempt or an earlier one of the same request reached Kommo and no answer
   * says whether it was applied. Whoever acts next must read the object back before sending anything more.
   */
  readonly ambiguous?: boolean;
}

export type KommoFailure =
  | (FailureBase & { readonly kind: "unauthorized"; readonly detail?: string })
  | (FailureBase & { readonly kind: "payment_required"; readonly detail?: string })
  | (FailureBase & { readonly kind: "forbidden"; readonly blocked: boolean; readonly detail?: string })
  | (FailureBase & { readonly kind: "not_found"; readonly detail?: string })
  | (FailureBase & {
      readonly kind: "validation";
      readonly detail?: string;
      readonly items: readonly ItemValidationError[];
    })
  | (FailureBase & { readonly kind: "rate_limited"; readonly retryAfterSeconds?: number })
  | (FailureBase & { readonly kind: "server"; readonly detail?: string })
  | (FailureBase & {
      readonly kind: "network";
      readonly code?: string;
      readonly timedOut: boolean;
      /** False only when the request certainly never reached Kommo (refused connection, unknown host). */
      readonly maybeApplied: boolean;
    })
  | (FailureBase & { readonly kind: "invalid_response"; readonly reason: string; readonly paths?: readonly string[] });

export type FailureKind = KommoFailure["kind"];

/**
 * Whether a write that failed this way may have been applied all the same: the request reached Kommo (or may have),
 * and no answer says what happened.
 */
export function mayHaveApplied(f: KommoFailure): boolean {
  return (
    f.ambiguous === true ||
    f.kind === "server" ||
    f.kind === "invalid_response" ||
    (f.kind === "network" && f.maybeApplied)
  );
}

const isWrite = (op: Operation) => op.method !== "GET";

function what(op: Operation): string {
  return op.target ? `${op.action} ${op.target}` : op.action;
}

function statusText(f: KommoFailure): string {
  return f.status !== undefined ? ` (HTTP ${f.status})` : "";
}

/** How much of a `validation-errors` that no shape reads a message shows. */
export const UNREAD_ERRORS_SHOWN = 300;

function fieldErrorText(e: FieldError): string {
  const what = e.detail ?? e.code ?? "invalid";
  return `${e.path !== undefined ? `${e.path}: ` : ""}${what}${e.code !== undefined && e.code !== what ? ` [${e.code}]` : ""}`;
}

/** Every entry of Kommo's `validation-errors`, one line each: which item, where in it, what, and Kommo's code. */
function validationLines(f: KommoFailure): string {
  const lines = (f.items ?? []).flatMap((item) => {
    const where =
      item.index !== undefined
        ? `item ${item.index}: `
        : item.request_id !== undefined
          ? `request_id ${item.request_id}: `
          : "";
    if (item.errors.length === 0) return where ? [`  - ${where}refused, with no detail`] : [];
    return [`  - ${where}${item.errors.map(fieldErrorText).join("; ")}`];
  });
  if (f.unreadErrors !== undefined) {
    const raw = f.unreadErrors;
    const shown = raw.length > UNREAD_ERRORS_SHOWN ? `${raw.slice(0, UNREAD_ERRORS_SHOWN)}…` : raw;
    lines.push(`  - validation-errors, as sent: ${shown}`);
  }
  return lines.length ? `\n${lines.join("\n")}` : "";
}

function reason(f: KommoFailure): string {
  switch (f.kind) {
    case "unauthorized":
      return "Kommo rejected the access token. Check kommo:accessToken (or KOMMO_ACCESS_TOKEN): it may be wrong, expired or revoked, or belong to another account.";
    case "payment_required":
      return "the Kommo account's paid or trial period has ended. Renew the subscription, then run again.";
    case "forbidden":
      return f.blocked
        ? "Kommo has blocked this account or IP address, usually after repeated rate-limit errors. Every request will fail until Kommo support lifts the block; do not retry in a loop."
        : `the token's user may not do this${f.detail ? ` (${f.detail})` : ""}. Only administrators may change pipelines and statuses: use a long-lived token of a private integration, which acts as an administrator.`;
    case "not_found":
      return `it does not exist in Kommo${f.detail ? ` (${f.detail})` : ""}. If it was deleted outside Pulumi, run \`pulumi refresh\`.`;
    case "validation":
      return `Kommo refused the request as invalid${f.detail ? `: ${f.detail}` : ""}.`;
    case "rate_limited":
      return `Kommo's rate limit (about 7 requests a second per account) was exceeded${
        f.retryAfterSeconds !== undefined ? `; it asks to wait ${f.retryAfterSeconds} s` : ""
      }. Repeated 429s get an account blocked: lower kommo:rateLimit if other tools use the same account, and run again later.`;
    case "server":
      return `Kommo answered with a server error${f.detail ? ` (${f.detail})` : ""}. ${
        isWrite(f.op)
          ? "The change may or may not have been applied: run `pulumi refresh`, then run again."
          : "Try again later."
      }`;
    case "network":
      return `${f.timedOut ? "Kommo did not answer in time" : `the request did not complete (${f.code ?? "network error"})`}. ${
        f.maybeApplied && isWrite(f.op)
          ? "The change may or may not have been applied: run `pulumi refresh`, then run again."
          : "Check kommo:subdomain or kommo:baseUrl (KOMMO_SUBDOMAIN, KOMMO_BASE_URL) and the network, then run again."
      }`;
    case "invalid_response":
      return `Kommo's answer was not what the API documents: ${f.reason}${
        f.paths?.length ? ` (at ${f.paths.join(", ")})` : ""
      }. A proxy or gateway page, or a change in the API, can cause this.`;
  }
}

/** Whether `reason` already tells the user that the change may have been applied. */
const reasonSaysMaybeApplied = (f: KommoFailure) =>
  isWrite(f.op) && (f.kind === "server" || (f.kind === "network" && f.maybeApplied));

/** The single place that turns a failure into the sentence a user reads. */
export function describeFailure(f: KommoFailure): string {
  const trace = f.traceId ? ` Kommo trace_id: ${f.traceId}.` : "";
  const skipped = f.notSent ? " (not sent: an earlier request to this account got this answer)" : "";
  // A retried write can end on a plain 4xx after an earlier attempt that timed out: that attempt may have applied.
  const maybe =
    f.ambiguous && !reasonSaysMaybeApplied(f)
      ? " The change may or may not have been applied: run `pulumi refresh`, then run again."
      : "";
  return `Kommo: could not ${what(f.op)}${statusText(f)}${skipped} [${f.op.method} ${f.op.path}]: ${reason(f)}${validationLines(f)}${maybe}${trace}`;
}

/** The edge of the client: failures stay values inside it and become this error only where they are thrown. */
export class KommoError extends Error {
  readonly kind: FailureKind;
  readonly status?: number;
  /** `hint` is what the caller knows the user should do next; it follows the description on a line of its own. */
  constructor(
    readonly failure: KommoFailure,
    hint?: string,
  ) {
    super(hint ? `${describeFailure(failure)}\n${hint}` : describeFailure(failure));
    this.name = "KommoError";
    this.kind = failure.kind;
    this.status = failure.status;
  }
}

/** Duck-typed, because each serialized provider carries its own copy of this class. */
export const isKommoError = (e: unknown): e is KommoError =>
  e instanceof Error && e.name === "KommoError" && typeof (e as Partial<KommoError>).failure === "object";

/** Removes every occurrence of the token from text that came from outside (response bodies, library errors). */
export function redact(text: string, token: string | undefined): string {
  if (!token || token.length < 4) return text;
  return text.split(token).join("[redacted]");
}

/** Applies `redact` to every string of a failure: servers and libraries can echo request headers back. */
export function redactFailure<F extends KommoFailure>(failure: F, token: string): F {
  const scrub = (v: unknown): unknown =>
    typeof v === "string"
      ? redact(v, token)
      : Array.isArray(v)
        ? v.map(scrub)
        : v && typeof v === "object"
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, scrub(x)]))
          : v;
  return scrub(failure) as F;
}
