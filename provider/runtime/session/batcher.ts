import * as E from "fp-ts/Either";
import { KommoError } from "../../client";
import type { KommoFailure } from "../../client";

/**
 * How long a batch waits for more items after the last one arrived, and at most after the first. The engine starts
 * the creates of sibling resources within milliseconds of each other, so the window must outlast those gaps.
 */
export const BATCH_QUIET_MS = 100;
export const BATCH_MAX_WAIT_MS = 2000;
/** docs/kommo-api.md: Kommo caps a batch at 250 entities and recommends 50 per request. */
export const MAX_BATCH_ITEMS = 50;
export const MAX_BATCH_ENTITIES = 250;

export interface Pending<I, R> {
  readonly item: I;
  resolve(result: R): void;
  reject(error: Error): void;
}

interface Queue<I, R> {
  items: Pending<I, R>[];
  quiet?: NodeJS.Timeout;
  deadline?: NodeJS.Timeout;
}

export interface BatcherOptions<I> {
  /** Off: every item goes out alone, at once. */
  readonly enabled: boolean;
  /** Entities an item puts in the request: a pipeline with its embedded statuses counts them all. */
  readonly weight?: (item: I) => number;
}

/** Cuts a queue into requests of at most MAX_BATCH_ITEMS items and MAX_BATCH_ENTITIES entities, in order. */
export function chunk<I>(items: readonly I[], weight: (item: I) => number): I[][] {
  const out: I[][] = [];
  let current: I[] = [];
  let load = 0;
  for (const item of items) {
    const w = Math.max(1, weight(item));
    if (current.length > 0 && (current.length >= MAX_BATCH_ITEMS || load + w > MAX_BATCH_ENTITIES)) {
      out.push(current);
      current = [];
      load = 0;
    }
    current.push(item);
    load += w;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/**
 * Collects items that arrive together under one key and hands them to `send` as batches. A batch closes after a
 * short quiet spell, a maximum wait, or when it is full. `send` settles every item of the batch it is given.
 */
export function createBatcher<K, I, R>(
  send: (key: K, batch: Pending<I, R>[]) => Promise<void>,
  options: BatcherOptions<I>,
) {
  const queues = new Map<K, Queue<I, R>>();
  const weight = (p: Pending<I, R>) => options.weight?.(p.item) ?? 1;

  const flush = (key: K) => {
    const queue = queues.get(key);
    if (!queue) return;
    clearTimeout(queue.quiet);
    clearTimeout(queue.deadline);
    queues.delete(key);
    send(key, queue.items).catch((e: unknown) => {
      queue.items.forEach((p) => p.reject(e instanceof Error ? e : new Error(String(e))));
    });
  };

  return (key: K, item: I): Promise<R> =>
    new Promise<R>((resolve, reject) => {
      if (!options.enabled) {
        send(key, [{ item, resolve, reject }]).catch(reject);
        return;
      }
      const pending = { item, resolve, reject };
      // An item that would overflow the request goes out with the next one, not alone.
      const waiting = queues.get(key);
      if (waiting && chunk([...waiting.items, pending], weight).length > 1) flush(key);
      const queue = queues.get(key) ?? { items: [] };
      queues.set(key, queue);
      queue.items.push(pending);
      if (queue.items.length >= MAX_BATCH_ITEMS) {
        flush(key);
        return;
      }
      clearTimeout(queue.quiet);
      queue.quiet = setTimeout(() => flush(key), BATCH_QUIET_MS);
      queue.deadline ??= setTimeout(() => flush(key), BATCH_MAX_WAIT_MS);
    });
}

/**
 * The one way every create batcher settles its items: each item resolves with its own result or rejects with its
 * own failure, named for its resource.
 */
export function settleBatch<I, R>(
  batch: readonly Pending<I, R>[],
  results: readonly E.Either<KommoFailure, R>[],
  target: (item: I) => string,
): void {
  batch.forEach((p, i) => {
    const result = results[i];
    if (result === undefined) p.reject(new Error(`Kommo answered no result for ${target(p.item)}.`));
    else if (E.isRight(result)) p.resolve(result.right);
    else p.reject(new KommoError({ ...result.left, op: { ...result.left.op, target: target(p.item) } }));
  });
}
