import type * as dynamic from "@pulumi/pulumi/dynamic";
import { LOST_STATUS_ID, WON_STATUS_ID, type Pipeline as LivePipeline, type PipelineChanges } from "../client";
import { manage, pipelineToAdopt, release } from "./adoption";
import { pipelineGone, run, runOrGone } from "./errors";
import { pipelineOutputs } from "./mapping";
import { createPipeline } from "./pipelineCreates";
import { client } from "./settings";
import { batchingEnabled } from "./tuning";
import { allPipelines, forgetExact, setExactStatuses, wrote } from "./views";
import type { PipelineInputs, PipelineOutputs } from "./types";
import { adopt, boolean, integer, isUnknown, nonEmptyString, validate, type Failure } from "./validate";

const FIELDS = {
  adopt: { check: adopt, required: false },
  name: { check: nonEmptyString, required: true },
  sort: { check: integer, required: true },
  isMain: { check: boolean, required: false },
  isUnsortedOn: { check: boolean, required: false },
  wonStatusName: { check: nonEmptyString, required: false },
  lostStatusName: { check: nonEmptyString, required: false },
};

const SYSTEM_NAMES = [
  ["wonStatusName", "won", WON_STATUS_ID],
  ["lostStatusName", "lost", LOST_STATUS_ID],
] as const;

/** Kommo takes the names of statuses 142 and 143 only in the request that creates the pipeline. */
function immutableNameFailures(olds: Partial<PipelineInputs>, news: PipelineInputs): Failure[] {
  if (olds.name === undefined) return [];
  return SYSTEM_NAMES.flatMap(([key, label]) => {
    const before = olds[key];
    const after = news[key];
    if (before === undefined || isUnknown(after) || after === before) return [];
    return [
      {
        property: key,
        reason: `Kommo sets the ${label} status's name only when a pipeline is created, so "${before}" cannot become "${after}" here. Put "${before}" back, or rename the status in Kommo and run \`pulumi refresh\`. Pipelines are never replaced to rename it: deleting one is refused while it holds leads.`,
      },
    ];
  });
}

const withDefaults = (news: PipelineInputs): PipelineInputs => ({
  ...news,
  isMain: news.isMain ?? false,
  isUnsortedOn: news.isUnsortedOn ?? true,
});

const changedFields = (olds: PipelineInputs, news: PipelineInputs): PipelineChanges => {
  const changes: { -readonly [K in keyof PipelineChanges]: PipelineChanges[K] } = {};
  if (news.name !== olds.name) changes.name = news.name;
  if (news.sort !== olds.sort) changes.sort = news.sort;
  if (news.isMain !== olds.isMain) changes.is_main = news.isMain;
  if (news.isUnsortedOn !== olds.isUnsortedOn) changes.is_unsorted_on = news.isUnsortedOn;
  return changes;
};

async function statusesOf(live: LivePipeline) {
  return live._embedded?.statuses ?? (await run(client().listStatuses(live.id)));
}

const DELETE_REFUSED = `Kommo keeps a pipeline that still holds leads, and the last pipeline of an account. Nothing was deleted.
Move or close the pipeline's leads in Kommo (or add another pipeline first), then run again. To stop managing the
pipeline without deleting it, set the resource option \`retainOnDelete: true\` and run again.`;

/**
 * Takes an existing pipeline under management: found by id or name, brought to the declared values with one PATCH
 * of what differs, and recorded. The won and lost names cannot be brought anywhere (Kommo sets them only at
 * creation), so a declared one must match.
 */
async function adoptPipeline(inputs: PipelineInputs): Promise<dynamic.CreateResult<PipelineOutputs>> {
  const a = inputs.adopt!;
  const found = pipelineToAdopt(await allPipelines(), a, `the resource declaring pipeline "${inputs.name}"`);
  const statuses = await statusesOf(found);
  const before: PipelineInputs = { name: found.name, sort: found.sort, isMain: found.is_main, isUnsortedOn: found.is_unsorted_on };
  const outsBefore = pipelineOutputs(before, found, statuses);
  for (const [key, label] of SYSTEM_NAMES) {
    const live = key === "wonStatusName" ? outsBefore.wonStatusLiveName : outsBefore.lostStatusLiveName;
    if (inputs[key] !== undefined && inputs[key] !== live) {
      release("pipeline", found.id);
      throw new Error(
        `${key}: pipeline "${found.name}" (${found.id}) calls its ${label} status "${live}", and Kommo sets that name only when a pipeline is created. Set ${key} to "${live}" or leave it out to adopt this pipeline.`,
      );
    }
  }
  const declared = withDefaults(inputs);
  const changes = changedFields(before, declared);
  let live = found;
  if (Object.keys(changes).length > 0) {
    live = await run(client().updatePipeline(found.id, changes));
    wrote(found.id);
    forgetExact(found.id);
  }
  const outs = pipelineOutputs(declared, { ...found, ...live, _embedded: found._embedded }, statuses);
  return { id: String(found.id), outs };
}

export const pipeline = {
  async check(olds: Partial<PipelineInputs>, news: PipelineInputs): Promise<dynamic.CheckResult<PipelineInputs>> {
    const failures = [...validate(news as unknown as Record<string, unknown>, FIELDS), ...immutableNameFailures(olds, news)];
    return { inputs: withDefaults(news), failures };
  },

  async diff(id: string, olds: PipelineOutputs, news: PipelineInputs): Promise<dynamic.DiffResult> {
    manage("pipeline", Number(id), `the resource with id ${id}`);
    const n = withDefaults(news);
    const changed = (["name", "sort", "isMain", "isUnsortedOn"] as const).filter((k) => isUnknown(n[k]) || n[k] !== olds[k]);
    for (const [key, label] of SYSTEM_NAMES) {
      const live = key === "wonStatusName" ? olds.wonStatusLiveName : olds.lostStatusLiveName;
      if (n[key] !== undefined && !isUnknown(n[key]) && live && n[key] !== live) {
        throw new Error(
          `${key}: the ${label} status of pipeline ${olds.pipelineId} is named "${live}" in Kommo, and Kommo takes this name only when a pipeline is created. Set ${key} to "${live}", or rename the status in Kommo and run \`pulumi refresh\`.`,
        );
      }
    }
    return { changes: changed.length > 0, replaces: [], deleteBeforeReplace: false };
  },

  async create(inputs: PipelineInputs): Promise<dynamic.CreateResult<PipelineOutputs>> {
    if (inputs.adopt) return adoptPipeline(inputs);
    const names = SYSTEM_NAMES.filter(([key]) => inputs[key] !== undefined).map(([key, , id]) => ({ id, name: inputs[key] as string }));
    const created = await createPipeline({
      name: inputs.name,
      sort: inputs.sort,
      is_main: inputs.isMain ?? false,
      is_unsorted_on: inputs.isUnsortedOn ?? true,
      ...(names.length ? { _embedded: { statuses: names } } : {}),
    });
    const statuses = await statusesOf(created);
    // A pipeline this process just created holds exactly what Kommo answered: its statuses can be placed unread.
    if (created._embedded?.statuses) setExactStatuses(created.id, statuses);
    manage("pipeline", created.id, `the resource with id ${created.id}`);
    return { id: String(created.id), outs: pipelineOutputs(inputs, created, statuses) };
  },

  async read(id: string, props: PipelineOutputs): Promise<dynamic.ReadResult<PipelineOutputs>> {
    // One list answers the reads of every pipeline in a refresh; without coalescing each reads its own.
    const live = batchingEnabled()
      ? (await allPipelines()).find((p) => p.id === Number(id))
      : await runOrGone(client().getPipeline(Number(id)), pipelineGone);
    if (!live) return {};
    manage("pipeline", live.id, `the resource with id ${id}`);
    const statuses = await statusesOf(live);
    const declared: PipelineInputs = {
      ...(props.adopt ? { adopt: props.adopt } : {}),
      name: live.name,
      sort: live.sort,
      isMain: live.is_main,
      isUnsortedOn: live.is_unsorted_on,
    };
    const outs = pipelineOutputs(declared, live, statuses);
    // The system names are inputs only where the stack declared them; then the live name is what refresh records.
    if (props.wonStatusName !== undefined) declared.wonStatusName = outs.wonStatusLiveName;
    if (props.lostStatusName !== undefined) declared.lostStatusName = outs.lostStatusLiveName;
    // ReadResult types inputs as outputs; the engine stores them as the resource's inputs.
    return { id, props: { ...outs, ...declared }, inputs: declared as PipelineOutputs };
  },

  async update(id: string, olds: PipelineOutputs, news: PipelineInputs): Promise<dynamic.UpdateResult<PipelineOutputs>> {
    const n = withDefaults(news);
    const changes = changedFields(olds, n);
    if (Object.keys(changes).length === 0) return { outs: { ...olds, ...n } };
    const live = await run(client().updatePipeline(Number(id), changes));
    wrote(Number(id));
    // is_unsorted_on hides or shows the incoming status, so what this process knew of the statuses may be wrong.
    forgetExact(Number(id));
    return {
      outs: {
        ...olds,
        ...n,
        isArchive: live.is_archive,
      },
    };
  },

  async delete(id: string, props: PipelineOutputs): Promise<void> {
    try {
      await runOrGone(client().deletePipeline(Number(id)), pipelineGone);
    } catch (e) {
      if ((e as { kind?: string }).kind === "validation") {
        (e as Error).message = `${(e as Error).message}\nPipeline "${props.name}" (${id}) was not deleted. ${DELETE_REFUSED}`;
      }
      throw e;
    } finally {
      wrote(Number(id));
      forgetExact(Number(id));
    }
    release("pipeline", Number(id));
  },
};
