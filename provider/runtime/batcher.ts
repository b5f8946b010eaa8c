import type { KommoFailure } from "../client";
import { BATCH_MAX_WAIT_MS, BATCH_QUIET_MS, MAX_BATCH, batchingEnabled } from "./tuning";

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

/**
 * Collects items that arrive together under one key and hands them to `send` as one batch. The engine starts the
 * creates of sibling resources within milliseconds of each other, so a batch closes after a short quiet spell, a
 * maximum wait, or when it is full. `send` settles every item of the batch it is given.
 */
export function createBatcher<K, I, R>(send: (key: K, batch: Pending<I, R>[]) => Promise<void>) {
  const queues = new Map<K, Queue<I, R>>();

  const flush = (key: K) => {
    const queue = queues.get(key);
    if (!queue) return;
    clearTimeout(queue.quiet);
    clearTimeout(queue.deadline);
    queues.delete(key);
    for (let i = 0; i < queue.items.length; i += MAX_BATCH) {
      const batch = queue.items.slice(i, i + MAX_BATCH);
      send(key, batch).catch((e: Error) => batch.forEach((p) => p.reject(e)));
    }
  };

  return (key: K, item: I): Promise<R> =>
    new Promise<R>((resolve, reject) => {
      if (!batchingEnabled()) {
        send(key, [{ item, resolve, reject }]).catch(reject);
        return;
      }
      const queue = queues.get(key) ?? { items: [] };
      queues.set(key, queue);
      queue.items.push({ item, resolve, reject });
      if (queue.items.length >= MAX_BATCH) return flush(key);
      clearTimeout(queue.quiet);
      queue.quiet = setTimeout(() => flush(key), BATCH_QUIET_MS);
      queue.deadline ??= setTimeout(() => flush(key), BATCH_MAX_WAIT_MS);
    });
}

/** A validation failure names the items at fault by index: those fail alone, and the rest can be sent again. */
export function blamedIndexes(items: readonly { index?: number }[], batchSize: number): Set<number> | undefined {
  const blamed = new Set<number>();
  for (const i of items) {
    if (i.index === undefined || i.index < 0 || i.index >= batchSize) return undefined;
    blamed.add(i.index);
  }
  return blamed.size > 0 && blamed.size < batchSize ? blamed : undefined;
}

/** A batch's failure as one item's own: its target named, and only the validation errors that concern it. */
export function failureForItem(failure: KommoFailure, index: number, target: string): KommoFailure {
  const op = { ...failure.op, target };
  if (failure.kind !== "validation") return { ...failure, op };
  return { ...failure, op, items: failure.items.filter((i) => i.index === index).map((i) => ({ ...i, index: undefined })) };
}
