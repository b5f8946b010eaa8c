/** How long placement waits to learn the declared sorts of statuses it has not heard of yet. */
export const LEARN_WAIT_MS = 1500;

interface Waiter {
  readonly pipelineId: number;
  readonly ids: readonly number[];
  readonly done: () => void;
}

/**
 * The sort each managed status was declared with, learned from every provider call that carries it (diff, read,
 * create, update). Kommo keeps only its own renumbered sort, so this is how a new or moved status is placed
 * relative to the statuses the stack declares.
 */
export class DeclaredOrders {
  private readonly declared = new Map<number, { pipelineId: number; sort: number }>();
  private waiters: Waiter[] = [];

  remember(statusId: number, pipelineId: number, sort: number): void {
    if (!Number.isInteger(statusId) || !Number.isFinite(sort)) return;
    this.declared.set(statusId, { pipelineId, sort });
    this.waiters = this.waiters.filter((w) => {
      if (!this.allKnown(w.ids, w.pipelineId)) return true;
      w.done();
      return false;
    });
  }

  forget(statusId: number): void {
    this.declared.delete(statusId);
  }

  sortOf(statusId: number, pipelineId: number): number | undefined {
    const d = this.declared.get(statusId);
    return d?.pipelineId === pipelineId ? d.sort : undefined;
  }

  private allKnown(ids: readonly number[], pipelineId: number): boolean {
    return ids.every((id) => this.sortOf(id, pipelineId) !== undefined);
  }

  /**
   * Resolves when the declared sort of every given status is known, or after `maxMs`. The engine diffs every resource
   * as the program registers it, so a status created or moved early in a run can be placed before its managed
   * neighbours have been diffed. A status still unknown after the wait is not managed by this stack (added in Kommo
   * by hand), and placement keeps it where it is.
   */
  learn(statusIds: readonly number[], pipelineId: number, maxMs = LEARN_WAIT_MS): Promise<void> {
    if (this.allKnown(statusIds, pipelineId)) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve();
      }, maxMs);
      const waiter: Waiter = {
        pipelineId,
        ids: statusIds,
        done: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      this.waiters.push(waiter);
    });
  }
}
