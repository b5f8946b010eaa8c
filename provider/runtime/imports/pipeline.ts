import type * as dynamic from "@pulumi/pulumi/dynamic";
import { STATUS_COLORS } from "../../client/codecs/status";
import type { StatusColor } from "../../client/codecs/status";
import { orGone } from "../edge/errors";
import type { Session } from "../session/session";
import { liveDescriptions } from "../status/descriptions";
import { regularInOrder } from "../status/systemStatuses";
import type { PipelineInputs, PipelineOutputs, Stage } from "../types";
import { stageKeys } from "./stageKeys";

type Read = (id: string, props: PipelineOutputs) => Promise<dynamic.ReadResult<PipelineOutputs>>;

const PALETTE: readonly string[] = STATUS_COLORS;

/**
 * `pulumi import` of a pipeline: the engine gives only the id. The declaration that describes the pipeline as it is
 * (its regular stages as an inline list in Kommo's order, colors where they are in the palette, descriptions when any
 * stage has them) is handed to the ordinary read, so an import records exactly what a refresh would. Absent in
 * Kommo, the answer is empty, which the engine reports as a missing resource.
 */
export async function importPipeline(s: Session, id: string, read: Read): Promise<dynamic.ReadResult<PipelineOutputs>> {
  const pipelineId = Number(id);
  if (!Number.isSafeInteger(pipelineId) || pipelineId <= 0) {
    throw new Error(`pulumi import: "${id}" is not a Kommo pipeline id; give the number from the pipeline's address.`);
  }
  const live = await orGone(s.client.getPipeline(pipelineId, {}));
  if (!live) return {};
  const statuses = (await s.reads.statuses(pipelineId, true, { pipeline: live.name })) ?? [];
  const regular = regularInOrder(statuses);
  const managed = regular.some((st) => (st.descriptions ?? []).length > 0);
  const keys = stageKeys(regular);
  const list: Stage[] = regular.map((st, i) => ({
    key: keys[i] ?? st.name,
    name: st.name,
    ...(PALETTE.includes(st.color.toLowerCase()) ? { color: st.color.toLowerCase() as StatusColor } : {}),
    ...(managed ? { descriptions: liveDescriptions(st.descriptions) } : {}),
  }));
  const like: PipelineInputs = {
    name: live.name,
    sort: live.sort,
    isUnsortedOn: live.is_unsorted_on,
    // A list needs a stage: a pipeline without regular ones is left to Status resources.
    ...(list.length > 0 ? { statuses: list } : {}),
  };
  return read(id, like as PipelineOutputs);
}
