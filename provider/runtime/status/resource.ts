import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { StatusChanges } from "../../client";
import type { StatusColor } from "../../client/codecs/status";
import { leadsHeldBy, reportMovedLeads } from "../leads/movedLeads";
import { orGone, orThrow } from "../edge/errors";
import { StatusInputs as StatusInputsCodec, failuresOf, isUnknown } from "../edge/inputs";
import type { Session } from "../session/session";
import type { StatusInputs, StatusOutputs } from "../types";
import { repairStatusOrder } from "./creates";
import { patchStatus } from "./describe";
import { descriptionChanges, liveDescriptions, normalizeDescriptions, sameDescriptions } from "./descriptions";
import { statusInputsFromLive, statusOutputs } from "./mapping";
import { alreadyPlaced, placeStatuses } from "./placement";
import { removeStatus } from "./remove";
import { isRegular } from "./systemStatuses";

function normalize(news: StatusInputs): StatusInputs {
  // The engine may hand a pipeline id over as its digits.
  const pipelineId: unknown = news.pipelineId;
  return {
    ...news,
    pipelineId: isUnknown(pipelineId) ? news.pipelineId : Number(pipelineId),
    ...(typeof news.color === "string" && !isUnknown(news.color)
      ? { color: news.color.toLowerCase() as StatusColor }
      : {}),
    // A whole description can be unknown in preview; rebuilding it as {level, description} would make it known.
    descriptions:
      Array.isArray(news.descriptions) && !news.descriptions.some(isUnknown)
        ? normalizeDescriptions(news.descriptions)
        : (news.descriptions ?? []),
  };
}

/** A pipeline that declares its `statuses` list owns every stage in it: a Status resource there would be undone. */
function refuseListOwned(s: Session, wanted: StatusInputs): void {
  if (isUnknown(wanted.pipelineId) || !s.listOwned.has(wanted.pipelineId)) return;
  throw new Error(
    `pipelineId: pipeline ${wanted.pipelineId} declares its stages in its \`statuses\` list, which is authoritative: the next up would delete a stage added by the Status resource "${wanted.name}". Add { name: "${wanted.name}" } to that Pipeline's statuses instead. Status resources are for pipelines that do not declare statuses, such as one another stack owns.`,
  );
}

export function statusResource(session: () => Session) {
  const resource = {
    async check(_olds: Partial<StatusInputs>, news: StatusInputs): Promise<dynamic.CheckResult<StatusInputs>> {
      const failures = failuresOf(StatusInputsCodec, news);
      return { inputs: failures.length ? news : normalize(news), failures };
    },

    async diff(id: string, olds: StatusOutputs, news: StatusInputs): Promise<dynamic.DiffResult> {
      const s = session();
      s.claims.manage("status", Number(id), `the resource with id ${id}`);
      const n = normalize(news);
      if (!isUnknown(n.sort) && !isUnknown(n.pipelineId)) s.orders.remember(Number(id), n.pipelineId, n.sort);
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
      const s = session();
      const wanted = normalize(inputs);
      refuseListOwned(s, wanted);
      if (wanted.adopt) return adoptStatus(s, wanted);
      const { status: created, unverified } = await s.createStatus(wanted.pipelineId, {
        status: {
          name: wanted.name,
          ...(wanted.color ? { color: wanted.color } : {}),
          ...(wanted.descriptions?.length ? { descriptions: wanted.descriptions } : {}),
        },
        declared: wanted.sort,
      });
      s.orders.remember(created.id, wanted.pipelineId, wanted.sort);
      s.claims.manage("status", created.id, `the resource with id ${created.id}`);
      if (unverified) {
        // Created but not known to be in place: the engine keeps the id, and the sort recorded as unknown makes the
        // next up check the place again instead of creating the status a second time.
        const message = `${unverified.message}\nStatus "${wanted.name}" was created (id ${created.id}); the next \`pulumi up\` checks its place.`;
        // The engine shows only the reasons of a resource that failed to initialise, not the error's message.
        throw Object.assign(new Error(message), {
          id: String(created.id),
          properties: { ...statusOutputs(wanted, created), sort: null },
          reasons: [message],
        });
      }
      return { id: String(created.id), outs: statusOutputs(wanted, created) };
    },

    async read(id: string, props: StatusOutputs): Promise<dynamic.ReadResult<StatusOutputs>> {
      const s = session();
      // One list per pipeline answers the reads of all its statuses in a refresh, descriptions included.
      const live = s.batching
        ? (await s.reads.statuses(props.pipelineId))?.find((st) => st.id === Number(id))
        : await orGone(s.client.getStatus(props.pipelineId, Number(id), { withDescriptions: true }));
      if (!live) {
        s.orders.forget(Number(id));
        return {};
      }
      s.orders.remember(live.id, props.pipelineId, props.sort);
      s.claims.manage("status", live.id, `the resource with id ${id}`);
      const inputs = statusInputsFromLive(live, props);
      return { id, props: statusOutputs(inputs, live), inputs: inputs as StatusOutputs };
    },

    async update(id: string, olds: StatusOutputs, news: StatusInputs): Promise<dynamic.UpdateResult<StatusOutputs>> {
      const s = session();
      const n = normalize(news);
      const statusId = Number(id);
      s.orders.remember(statusId, n.pipelineId, n.sort);
      return s.locks.run(n.pipelineId, async () => {
        const changes: { -readonly [K in keyof StatusChanges]: StatusChanges[K] } = {};

        if (n.name !== olds.name) changes.name = n.name;
        if (n.color !== undefined && n.color !== olds.color) changes.color = n.color;
        if (n.sort !== olds.sort || !sameDescriptions(n.descriptions, olds.descriptions)) {
          const live = (await s.reads.statuses(n.pipelineId)) ?? [];
          const self = live.find((st) => st.id === statusId);
          const declaredOf = (sid: number) => s.orders.sortOf(sid, n.pipelineId);
          if (n.sort !== olds.sort) {
            await s.orders.learn(
              live.filter((st) => isRegular(st) && st.id !== statusId).map((st) => st.id),
              n.pipelineId,
            );
          }
          if (self && !alreadyPlaced(live, self, n.sort, declaredOf)) {
            [changes.sort] = placeStatuses(live, [{ declared: n.sort, selfId: statusId }], declaredOf);
          }
          const edits = descriptionChanges(self?.descriptions ?? [], n.descriptions ?? []);
          if (edits.length) changes.descriptions = edits;
        }
        if (Object.keys(changes).length === 0) return { outs: { ...olds, ...n } };
        s.reads.invalidate(n.pipelineId);
        let updated = await orThrow(async () =>
          patchStatus(s, n.pipelineId, statusId, { ...changes, name: n.name }, n.descriptions ?? []),
        );
        if (changes.sort !== undefined) {
          // Where Kommo put the moved status is read back, never assumed.
          updated = (await repairStatusOrder(s, n.pipelineId)).find((st) => st.id === statusId) ?? updated;
        }
        return { outs: statusOutputs(n, updated) };
      });
    },

    async delete(id: string, props: StatusOutputs): Promise<void> {
      const s = session();
      // Knowing about leads is for the report only: a status whose leads cannot be listed is still deleted, since
      // Kommo moves leads and never deletes them with their status.
      const held = await leadsHeldBy(s, props.pipelineId, Number(id)).catch(() => []);
      await removeStatus(s, props.pipelineId, Number(id));
      s.orders.forget(Number(id));
      s.claims.release("status", Number(id));
      await reportMovedLeads(s, { name: props.name, statusId: Number(id), pipelineId: props.pipelineId }, held);
    },
  };

  /**
   * Takes an existing status under management: found in its pipeline by id or name, then brought to the declared
   * values exactly as an update would bring it, moving it only if it sits out of the declared order.
   */
  async function adoptStatus(s: Session, wanted: StatusInputs): Promise<dynamic.CreateResult<StatusOutputs>> {
    const live = await s.reads.statuses(wanted.pipelineId);
    if (!live) {
      throw new Error(
        `adopt: pipeline ${wanted.pipelineId} does not exist, so no status can be adopted in it. Check pipelineId.`,
      );
    }
    const by = s.claims.adopter(`the resource declaring status "${wanted.name}"`);
    const found = s.claims.adoptStatus(live, wanted.pipelineId, wanted.adopt ?? { name: wanted.name }, by);
    const asFound = statusOutputs(
      {
        pipelineId: wanted.pipelineId,
        name: found.name,
        // Not a number: the update then checks the status's place against its declared neighbours.
        sort: Number.NaN,
        ...(wanted.color !== undefined ? { color: found.color as StatusColor } : {}),
        descriptions: liveDescriptions(found.descriptions),
      },
      found,
    );
    const { outs } = await resource.update(String(found.id), asFound, wanted);
    return { id: String(found.id), outs: outs as StatusOutputs };
  }

  return resource;
}
