import type { KommoFailure } from "./errors";

/**
 * Answers that no retry and no other request can change within one run: a rejected token, an unpaid account, an
 * account blocked by Kommo. Once one request to an account gets one, the rest fail at once instead of each asking
 * again: a blocked account must not be hammered, and a deploy with a bad token should stop, not grind on.
 * A non-admin token's 403 stops writes only, since reads are allowed to every user.
 *
 * One per client, and so one per provider session: the session is the whole run.
 */
export interface Circuit {
  /** The failure that opened the circuit for this kind of request, if any. */
  tripped(write: boolean): KommoFailure | undefined;
  record(failure: KommoFailure, write: boolean): void;
}

interface State {
  all?: KommoFailure;
  writes?: KommoFailure;
}

function isFatal(f: KommoFailure): boolean {
  return f.kind === "unauthorized" || f.kind === "payment_required" || (f.kind === "forbidden" && f.blocked);
}

export function createCircuit(): Circuit {
  const state: State = {};
  return {
    tripped: (write) => state.all ?? (write ? state.writes : undefined),
    record: (failure, write) => {
      if (isFatal(failure)) state.all ??= failure;
      else if (write && failure.kind === "forbidden") state.writes ??= failure;
    },
  };
}
