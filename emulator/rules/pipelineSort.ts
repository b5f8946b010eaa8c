import type { Account } from "../account";
import type { PipelineSort } from "../behaviour/behaviour";

/** The main pipeline is sort 1 in every example, the reference's and the SDK's. */
const MAIN_SORT = 1;
/** The Russian reference's PATCH example answers 1000 to a requested 100. */
const STEP = 1000;

/**
 * Under `renumbered`, Kommo chooses pipeline numbers (docs/kommo-api.md: the RU
 * PATCH example answers 1000 to a requested 100; the SDK's example says the
 * main pipeline's sort is "set automatically"). The rule, run after every
 * pipeline create, edit and delete: the main pipeline is 1 and first; the
 * others are ordered by the requested sort for the ones being created or
 * moved and the current sort for the rest (on equal values the pipeline in
 * place first, then the requested ones in request order), and numbered 1000,
 * 2000, 3000, ... Under `kept` the sort stays as sent, as in the English
 * reference's examples (POST 20 → 20, PATCH 100 → 100).
 *
 * `requested` maps pipeline id to requested sort, in request order.
 */
export function settlePipelineSorts(
  account: Account,
  mode: PipelineSort,
  requested: ReadonlyMap<number, number> = new Map(),
): void {
  if (mode === "kept") return;
  const requestOrder = [...requested.keys()];
  const keyed = [...account.pipelines.values()]
    .filter((p) => !p.isMain)
    .map((pipeline) => {
      const asked = requested.get(pipeline.id);
      return asked === undefined
        ? { pipeline, key: pipeline.sort, tier: 0, seq: pipeline.id }
        : { pipeline, key: asked, tier: 1, seq: requestOrder.indexOf(pipeline.id) };
    });
  keyed.sort((a, b) => a.key - b.key || a.tier - b.tier || a.seq - b.seq);
  keyed.forEach((entry, index) => {
    entry.pipeline.sort = STEP * (index + 1);
  });
  account.mainPipeline().sort = MAIN_SORT;
}
