import { createHash } from "node:crypto";
import type { KommoFailure } from "./errors";

/**
 * Answers that no retry and no other request can change within one run: a rejected token, an unpaid account, an
 * account blocked by Kommo. Once one request to an account gets one, the rest fail at once instead of each asking
 * again: a blocked account must not be hammered, and a deploy with a bad token should stop, not grind on.
 * A non-admin token's 403 stops writes only, since reads are allowed to every user.
 *
 * Kept on globalThis like the limiters, keyed by host and a hash of the token (never the token itself).
 */
export interface Circuit {
  /** The failure that opened the circuit for this kind of request, if any. */
  tripped(write: boolean): KommoFailure | undefined;
  record(failure: KommoFailure, write: boolean): void;
}

const REGISTRY = Symbol.for("pulumi-kommo/circuits/v1");

interface State {
  all?: KommoFailure;
  writes?: KommoFailure;
}

function isFatal(f: KommoFailure): boolean {
  return f.kind === "unauthorized" || f.kind === "payment_required" || (f.kind === "forbidden" && f.blocked);
}

export function sharedCircuit(host: string, token: string): Circuit {
  const g = globalThis as unknown as Record<symbol, Map<string, State> | undefined>;
  const registry = (g[REGISTRY] ??= new Map());
  const key = `${host} ${createHash("sha256").update(token).digest("hex").slice(0, 16)}`;
  // Looked up on every use, so that clearing the registry reaches clients that already exist.
  const state = (): State => {
    const found = registry.get(key) ?? {};
    registry.set(key, found);
    return found;
  };
  return {
    tripped: (write) => state().all ?? (write ? state().writes : undefined),
    record: (failure, write) => {
      const s = state();
      if (isFatal(failure)) s.all ??= failure;
      else if (write && failure.kind === "forbidden") s.writes ??= failure;
    },
  };
}

/** For tests, which run many accounts' worth of failures through one process. */
export function resetCircuits(): void {
  (globalThis as unknown as Record<symbol, Map<string, State> | undefined>)[REGISTRY]?.clear();
}
