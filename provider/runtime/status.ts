import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { StatusChanges, StatusDescriptionChange } from "../client";
import { manage, release, statusToAdopt } from "./adoption";
import { declaredSortOf, forgetSort, learnDeclaredSorts, rememberSort } from "./declaredSorts";
import { run, runOrGone, statusGone } from "./errors";
import { liveDescriptions, normalizeDescriptions, sameDescriptions, statusOutputs } from "./mapping";
import { leadsHeldBy, reportMovedLeads } from "./movedLeads";
import { inPipeline } from "./pipelineLocks";
import { alreadyPlaced, isRegular, placeStatuses } from "./placement";
import { client } from "./settings";
import { createStatus } from "./statusCreates";
import { batchingEnabled } from "./tuning";
import { forgetExact, statusesWithDescriptions, wrote } from "./views";
import type { StatusDescriptionInput, StatusInputs, StatusOutputs } from "./types";
import { adopt, color, descriptions, integer, isUnknown, nonEmptyString, pipelineId, validate } from "./validate";

const FIELDS = {
  adopt: { check: adopt, required: false },
  pipelineId: { check: pipelineId, required: true },
  name: { check: nonEmptyString, required: true },
  sort: { check: integer, required: true },
  color: { check: color, required: false },
  descriptions: { check: descriptions, required: false },
};

function normalize(news: StatusInputs): StatusInputs {
  return {
    ...news,
    pipelineId: isUnknown(news.pipelineId) ? news.pipelineId : Number(news.pipelineId),
    ...(typeof news.color === "string" && !isUnknown(news.color) ? { color: news.color.toLowerCase() as StatusInputs["color"] } : {}),
    // A whole description can be unknown in preview; rebuilding it as {level, description} would make it known.
    descriptions:
      Array.isArray(news.descriptions) && !news.descriptions.some(isUnknown)
        ? normalizeDescriptions(news.descriptions)
        : news.descriptions ?? [],
  };
}

/** Description edits as Kommo's PATCH takes them: update by id, create without id, delete by id without text. */
function descriptionChanges(
  live: readonly { id?: number; level: string; description: string }[],
  wanted: readonly StatusDescriptionInput[],
): StatusDescriptionChange[] {
  const changes: StatusDescriptionChange[] = [];
  for (const w of wanted) {
    const have = live.find((l) => l.level === w.level);
    if (!have || have.id === undefined) changes.push({ level: w.level, description: w.description });
    else if (have.description !== w.description) changes.push({ id: have.id, level: w.level, description: w.description });
  }
  for (const l of live) {
    if (l.id !== undefined && !wanted.some((w) => w.level === l.level)) changes.push({ id: l.id, level: l.level });
  }
  return changes;
}

/**
 * Takes an existing status under management: found in its pipeline by id or name, then brought to the declared
 * values exactly as an update would bring it, moving it only if it sits out of the declared order.
 */
async function adoptStatus(wanted: StatusInputs): Promise<dynamic.CreateResult<StatusOutputs>> {
  const live = await statusesWithDescriptions(wanted.pipelineId);
  if (!live) {
    throw new Error(`adopt: pipeline ${wanted.pipelineId} does not exist, so no status can be adopted in it. Check pipelineId.`);
  }
  const found = statusToAdopt(live, wanted.pipelineId, wanted.adopt!, `the resource declaring status "${wanted.name}"`);
  const asFound = statusOutputs(
    {
      pipelineId: wanted.pipelineId,
      name: found.name,
      // Not a number: the update below then checks the status's place against its declared neighbours.
      sort: Number.NaN,
      ...(wanted.color !== undefined ? { color: found.color as StatusInputs["color"] } : {}),
      descriptions: normalizeDescriptions(liveDescriptions(found.descriptions)),
    },
    found,
  );
  const { outs } = await status.update(String(found.id), asFound, wanted);
  return { id: String(found.id), outs: outs as StatusOutputs };
}

export const status = {
  async check(_olds: Partial<StatusInputs>, news: StatusInputs): Promise<dynamic.CheckResult<StatusInputs>> {
    const failures = validate(news as unknown as Record<string, unknown>, FIELDS);
    return { inputs: failures.length ? news : normalize(news), failures };
  },

  async diff(id: string, olds: StatusOutputs, news: StatusInputs): Promise<dynamic.DiffResult> {
    manage("status", Number(id), `the resource with id ${id}`);
    const n = normalize(news);
    if (!isUnknown(n.sort) && !isUnknown(n.pipelineId)) rememberSort(Number(id), n.pipelineId, n.sort);
    // Preview knows the id of every pipeline that exists, so an unknown one is a pipeline yet to be created: a move.
    if (isUnknown(n.pipelineId) || n.pipelineId !== olds.pipelineId) {
      return { changes: true, replaces: ["pipelineId"], deleteBeforeReplace: false };
    }
    const changed =
      (["name", "sort"] as const).some((k) => isUnknown(n[k]) || n[k] !== olds[k]) ||
      (n.color !== undefined && (isUnknown(n.color) || n.color !== olds.color)) ||
      !sameDescriptions(n.descriptions, olds.descriptions);
    return { changes: changed, replaces: [], deleteBeforeReplace: false };
  },

  async create(inputs: StatusInputs): Promise<dynamic.CreateResult<StatusOutputs>> {
    if (inputs.adopt) return adoptStatus(normalize(inputs));
    const wanted = normalize(inputs);
    const created = await createStatus(
      wanted.pipelineId,
      {
        name: wanted.name,
        ...(wanted.color ? { color: wanted.color } : {}),
        ...(wanted.descriptions?.length ? { descriptions: wanted.descriptions } : {}),
      },
      wanted.sort,
    );
    rememberSort(created.id, wanted.pipelineId, wanted.sort);
    manage("status", created.id, `the resource with id ${created.id}`);
    return { id: String(created.id), outs: statusOutputs(wanted, created) };
  },

  async read(id: string, props: StatusOutputs): Promise<dynamic.ReadResult<StatusOutputs>> {
    // One list per pipeline answers the reads of all its statuses in a refresh, descriptions included.
    const live = batchingEnabled()
      ? (await statusesWithDescriptions(props.pipelineId))?.find((s) => s.id === Number(id))
      : await runOrGone(client().getStatus(props.pipelineId, Number(id), { withDescriptions: true }), statusGone);
    if (!live) {
      forgetSort(Number(id));
      return {};
    }
    rememberSort(live.id, props.pipelineId, props.sort);
    manage("status", live.id, `the resource with id ${id}`);
    const inputs: StatusInputs = {
      ...(props.adopt ? { adopt: props.adopt } : {}),
      pipelineId: props.pipelineId,
      name: live.name,
      sort: props.sort,
      // A color the stack left to Kommo stays undeclared, so a default color is not drift.
      ...(props.color !== undefined ? { color: live.color as StatusInputs["color"] } : {}),
      descriptions: normalizeDescriptions(liveDescriptions(live.descriptions)),
    };
    return { id, props: statusOutputs(inputs, live), inputs: inputs as StatusOutputs };
  },

  async update(id: string, olds: StatusOutputs, news: StatusInputs): Promise<dynamic.UpdateResult<StatusOutputs>> {
    const n = normalize(news);
    const statusId = Number(id);
    rememberSort(statusId, n.pipelineId, n.sort);
    return inPipeline(n.pipelineId, async () => {
      const changes: { -readonly [K in keyof StatusChanges]: StatusChanges[K] } = {};
      if (n.name !== olds.name) changes.name = n.name;
      if (n.color !== undefined && n.color !== olds.color) changes.color = n.color;
      if (n.sort !== olds.sort || !sameDescriptions(n.descriptions, olds.descriptions)) {
        const live = (await statusesWithDescriptions(n.pipelineId)) ?? [];
        const self = live.find((s) => s.id === statusId);
        if (n.sort !== olds.sort) {
          await learnDeclaredSorts(live.filter((s) => isRegular(s) && s.id !== statusId).map((s) => s.id), n.pipelineId);
        }
        if (self && !alreadyPlaced(live, self, n.sort, (sid) => declaredSortOf(sid, n.pipelineId))) {
          [changes.sort] = placeStatuses(live, [{ declared: n.sort, selfId: statusId }], (sid) => declaredSortOf(sid, n.pipelineId));
        }
        const edits = descriptionChanges(self?.descriptions ?? [], n.descriptions ?? []);
        if (edits.length) changes.descriptions = edits;
      }
      if (Object.keys(changes).length === 0) return { outs: { ...olds, ...n } };
      try {
        const updated = await run(client().updateStatus(n.pipelineId, statusId, changes));
        return { outs: statusOutputs(n, updated) };
      } finally {
        wrote(n.pipelineId);
        if (changes.sort !== undefined) forgetExact(n.pipelineId);
      }
    });
  },

  async delete(id: string, props: StatusOutputs): Promise<void> {
    // Knowing about leads is for the report only: a status whose leads cannot be listed is still deleted, since
    // Kommo moves leads and never deletes them with their status.
    const held = await leadsHeldBy(props.pipelineId, Number(id)).catch(() => []);
    try {
      await runOrGone(client().deleteStatus(props.pipelineId, Number(id)), statusGone);
    } finally {
      wrote(props.pipelineId);
      forgetExact(props.pipelineId);
    }
    forgetSort(Number(id));
    release("status", Number(id));
    await reportMovedLeads(props.name, Number(id), props.pipelineId, held);
  },
};
