import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { Pipeline as LivePipeline, Status } from "../../client";
import { orGone, orThrow } from "../edge/errors";
import { PipelineInputs as PipelineInputsCodec, failuresOf, isUnknown } from "../edge/inputs";
import type { Failure } from "../edge/inputs";
import type { Session } from "../session/session";
import { INCOMING_SORT } from "../status/systemStatuses";
import { PLACEHOLDER_STAGE } from "../status/placeholder";
import type { LiveStage, PipelineInputs, PipelineOutputs, Stage } from "../types";
import { convergeStages } from "./converge";
import type { StageState } from "./converge";
import { SYSTEM_NAMES, newPipelineBody, pipelineChanges, pipelineInputsFromLive, pipelineOutputs } from "./mapping";
import { removePipeline } from "./remove";
import { liveStages, managesDescriptions, matchStages, normalizeStages } from "./stages";

/** Kommo takes the names of statuses 142 and 143 only in the request that creates the pipeline. */
function immutableNameFailures(olds: Partial<PipelineInputs>, news: PipelineInputs): Failure[] {
  if (olds.name === undefined) return [];
  return SYSTEM_NAMES.flatMap(({ key, label }) => {
    const before = olds[key];
    const after = news[key];
    if (before === undefined || isUnknown(after) || after === before) return [];
    return [
      {
        property: key,
        reason: `Kommo sets the ${label} status's name only when a pipeline is created, so "${before}" cannot become "${after ?? ""}" here. Put "${before}" back, or rename the status in Kommo and run \`pulumi refresh\`. Pipelines are never replaced to rename it: deleting one is refused while it holds leads.`,
      },
    ];
  });
}

function normalize(news: PipelineInputs): PipelineInputs {
  const list = news.statuses;
  return {
    ...news,
    isUnsortedOn: news.isUnsortedOn ?? true,
    ...(Array.isArray(list) ? { statuses: normalizeStages(list) } : {}),
  };
}

/** State comes back from the engine with its keys in another order, so lists compare in one canonical form. */
const sameStages = (a: readonly Stage[] | undefined, b: readonly Stage[] | undefined) =>
  JSON.stringify(normalizeStages(a ?? [])) === JSON.stringify(normalizeStages(b ?? [])) &&
  (a === undefined) === (b === undefined);

const systemNameMismatch = (
  key: "wonStatusName" | "lostStatusName",
  label: string,
  declared: string,
  live: string,
  where: string,
) =>
  new Error(
    `${key}: the ${label} status of ${where} is named "${live}" in Kommo, and Kommo takes this name only when a pipeline is created. Set ${key} to "${live}" (or leave it out), or rename the status in Kommo and run \`pulumi refresh\`. Declared: "${declared}".`,
  );

async function statusesOf(s: Session, live: LivePipeline, withDescriptions = false): Promise<Status[]> {
  if (!withDescriptions && live._embedded?.statuses) return live._embedded.statuses;
  return (await s.reads.statuses(live.id, withDescriptions, { pipeline: live.name })) ?? live._embedded?.statuses ?? [];
}

/** The list as refresh records it: Kommo's stages in Kommo's order, each under its key, hand-added ones under their id. */
function listFromLive(declared: readonly Stage[], state: StageState): Stage[] {
  return state.liveStatuses.map((l) => {
    const like = declared.find((d) => d.key === l.key);
    return {
      key: l.key ?? `kommo:${l.statusId}`,
      name: l.name,
      ...(like?.color !== undefined ? { color: l.color.toLowerCase() as Stage["color"] } : {}),
      ...(managesDescriptions(declared)
        ? {
            descriptions:
              normalizeStages([{ name: l.name, descriptions: (l.descriptions ?? []) as Stage["descriptions"] }])[0]
                ?.descriptions ?? [],
          }
        : {}),
    };
  });
}

/** Outputs as a state file holds them: state written by 0.1.0 has no statusIds and no liveStatuses. */
const recorded = (outs: PipelineOutputs): Partial<PipelineOutputs> => outs;

/**
 * Whether the create's answer shows every declared description on its stage. Nobody shows descriptions inside a
 * pipeline create working (FACTS.md, "More of the public record"), and the English reference's answers omit them:
 * unless the answer shows them, they are read back before the create counts as done.
 */
function answerShowsDescriptions(live: readonly LiveStage[], declared: readonly Stage[]): boolean {
  return declared.every((d) => {
    const wanted = d.descriptions ?? [];
    if (wanted.length === 0) return true;
    const l = live.find((x) => x.name === d.name);
    return wanted.every((w) =>
      (l?.descriptions ?? []).some((x) => x.level === w.level && x.description === w.description),
    );
  });
}

export function pipelineResource(session: () => Session) {
  const resource = {
    async check(olds: Partial<PipelineInputs>, news: PipelineInputs): Promise<dynamic.CheckResult<PipelineInputs>> {
      const failures = [...failuresOf(PipelineInputsCodec, news), ...immutableNameFailures(olds, news)];
      return { inputs: failures.length ? news : normalize(news), failures };
    },

    async diff(id: string, olds: PipelineOutputs, news: PipelineInputs): Promise<dynamic.DiffResult> {
      const s = session();
      s.claims.manage("pipeline", Number(id), `the resource with id ${id}`);
      const n = normalize(news);
      if (n.statuses) s.listOwned.add(Number(id));
      for (const { key, label } of SYSTEM_NAMES) {
        const live = key === "wonStatusName" ? olds.wonStatusLiveName : olds.lostStatusLiveName;
        const declared = n[key];
        if (declared !== undefined && !isUnknown(declared) && live && declared !== live) {
          throw systemNameMismatch(key, label, declared, live, `pipeline ${olds.pipelineId}`);
        }
      }
      const fields = (["name", "sort", "isUnsortedOn"] as const).some((k) => isUnknown(n[k]) || n[k] !== olds[k]);
      const main = n.isMain !== undefined && (isUnknown(n.isMain) || n.isMain !== olds.isMain);
      // Dropping the list is a change too: the stages are handed over to Status resources.
      const list = isUnknown(n.statuses) || !sameStages(n.statuses, olds.statuses);
      return { changes: fields || main || list, replaces: [], deleteBeforeReplace: false };
    },

    async create(inputs: PipelineInputs): Promise<dynamic.CreateResult<PipelineOutputs>> {
      const s = session();
      const wanted = normalize(inputs);
      if (wanted.adopt) return adoptPipeline(s, wanted);
      // Declared order, increasing sorts: whatever way Kommo places the items of a batch, they start in order.
      const first = (wanted.statuses ?? [{ key: PLACEHOLDER_STAGE, name: PLACEHOLDER_STAGE }]).map((st, i) => ({
        name: st.name,
        sort: INCOMING_SORT + 10 * (i + 1),
        ...(st.color ? { color: st.color } : {}),
        ...(st.descriptions?.length ? { descriptions: st.descriptions } : {}),
      }));
      const created = await s.createPipeline(newPipelineBody(wanted, first));
      const id = created.id;
      s.claims.manage("pipeline", id, `the resource with id ${id}`);
      const statuses = await statusesOf(s, created);
      let stageState: StageState = { statusIds: {}, liveStatuses: liveStages(statuses, {}) };
      if (wanted.statuses) {
        s.listOwned.add(id);
        // Without the answer's word for them, the descriptions are read back, and the ones Kommo dropped sent again.
        const trusted = answerShowsDescriptions(stageState.liveStatuses, wanted.statuses);
        try {
          stageState = await convergeStages(s, id, wanted.statuses, {
            ...(trusted ? { live: stageState.liveStatuses } : {}),
            ids: {},
          });
        } catch (e) {
          // The pipeline exists: the engine keeps its id, and the next up finishes its stages.
          // Recorded with the stages Kommo holds, so the next diff shows what is still to do.
          const recorded = { ...wanted, statuses: listFromLive(wanted.statuses, stageState) };
          const failure = e instanceof Error ? e : new Error(String(e));
          throw Object.assign(failure, {
            id: String(id),
            reasons: [failure.message],
            properties: pipelineOutputs(recorded, created, statuses, stageState),
          });
        }
      } else if (created._embedded?.statuses) {
        // A pipeline this session just created holds exactly what Kommo answered: Status resources place unread.
        s.reads.setExact(id, statuses);
      }
      return { id: String(id), outs: pipelineOutputs(wanted, created, statuses, stageState) };
    },

    async read(id: string, props: PipelineOutputs): Promise<dynamic.ReadResult<PipelineOutputs>> {
      const s = session();
      // One list answers the reads of every pipeline in a refresh; without coalescing each reads its own.
      const live = s.batching
        ? (await s.reads.pipelines()).find((p) => p.id === Number(id))
        : await orGone(s.client.getPipeline(Number(id), { pipeline: props.name }));
      if (!live) return {};
      s.claims.manage("pipeline", live.id, `the resource with id ${id}`);
      const declaredList = props.statuses;
      if (declaredList) s.listOwned.add(live.id);
      const statuses = await statusesOf(s, live, declaredList !== undefined && managesDescriptions(declaredList));
      const ids = declaredList
        ? matchStages(declaredList, liveStages(statuses, {}), recorded(props).statusIds ?? {}).matched
        : new Map<string, LiveStage>();
      const statusIds = Object.fromEntries([...ids].map(([key, l]) => [key, l.statusId]));
      const stageState = { statusIds, liveStatuses: liveStages(statuses, statusIds) };
      const names = pipelineOutputs(props, live, statuses, stageState);
      const inputs: PipelineInputs = {
        ...pipelineInputsFromLive(live, props, names),
        ...(declaredList ? { statuses: listFromLive(declaredList, stageState) } : {}),
      };
      // ReadResult types inputs as outputs; the engine stores them as the resource's inputs.
      return { id, props: pipelineOutputs(inputs, live, statuses, stageState), inputs: inputs as PipelineOutputs };
    },

    async update(
      id: string,
      olds: PipelineOutputs,
      news: PipelineInputs,
    ): Promise<dynamic.UpdateResult<PipelineOutputs>> {
      const s = session();
      const pipelineId = Number(id);
      const n = normalize(news);
      // The declared sort goes out as written, and only when it changed: Kommo's own number is assignedSort.
      const changes = pipelineChanges(n, olds);
      let assignedSort = olds.assignedSort;
      let isArchive = olds.isArchive;
      if (Object.keys(changes).length > 0) {
        // Named as Kommo still has it: a rename is what may have failed.
        const live = await orThrow(s.client.updatePipeline(pipelineId, changes, { pipeline: olds.name }));
        assignedSort = live.sort;
        isArchive = live.is_archive;
        // A new main pipeline demotes the old one, and is_unsorted_on shows or hides the incoming status: every
        // reading this session holds may be stale.
        s.reads.invalidate(
          changes.is_main !== undefined || changes.is_unsorted_on !== undefined ? undefined : pipelineId,
        );
      }
      const before = recorded(olds);
      let stageState: StageState = { statusIds: before.statusIds ?? {}, liveStatuses: before.liveStatuses ?? [] };
      if (n.statuses) {
        s.listOwned.add(pipelineId);
        stageState = await convergeStages(s, pipelineId, n.statuses, {
          ...(olds.statuses && before.liveStatuses ? { live: before.liveStatuses } : {}),
          ids: before.statusIds ?? {},
        });
      } else {
        s.listOwned.delete(pipelineId);
        stageState = { statusIds: {}, liveStatuses: stageState.liveStatuses };
      }
      const outs: PipelineOutputs = { ...olds, ...n, assignedSort, isArchive, ...stageState };
      if (!n.statuses) delete outs.statuses;
      if (n.isMain === undefined) delete outs.isMain;
      return { outs };
    },

    async delete(id: string, props: PipelineOutputs): Promise<void> {
      const s = session();
      await removePipeline(s, Number(id), props.name);
      s.claims.release("pipeline", Number(id));
      s.listOwned.delete(Number(id));
    },
  };

  /**
   * Takes an existing pipeline under management: found by id or name, then brought to the declared values exactly as
   * an update would bring it, stages included (matched by key or name, so nothing already right is written). The won
   * and lost names cannot be brought anywhere, so a declared one must match.
   */
  async function adoptPipeline(s: Session, wanted: PipelineInputs): Promise<dynamic.CreateResult<PipelineOutputs>> {
    const by = s.claims.adopter(`the resource declaring pipeline "${wanted.name}"`);
    const found = s.claims.adoptPipeline(await s.reads.pipelines(), wanted.adopt ?? { name: wanted.name }, by);
    const statuses = await statusesOf(s, found);
    const stageState = { statusIds: {}, liveStatuses: liveStages(statuses, {}) };
    const asFound = pipelineOutputs(
      { name: found.name, sort: found.sort, isMain: found.is_main, isUnsortedOn: found.is_unsorted_on },
      found,
      statuses,
      stageState,
    );
    for (const { key, label } of SYSTEM_NAMES) {
      const live = key === "wonStatusName" ? asFound.wonStatusLiveName : asFound.lostStatusLiveName;
      const declared = wanted[key];
      if (declared !== undefined && declared !== live) {
        s.claims.release("pipeline", found.id);
        throw systemNameMismatch(key, label, declared, live, `pipeline "${found.name}" (${found.id})`);
      }
    }
    const { outs } = await resource.update(String(found.id), asFound, wanted);
    return { id: String(found.id), outs: outs as PipelineOutputs };
  }

  return resource;
}
