import type * as dynamic from "@pulumi/pulumi/dynamic";
import { STATUS_COLORS } from "../../client/codecs/status";
import type { StatusColor } from "../../client/codecs/status";
import type { Session } from "../session/session";
import { isRegular } from "../status/systemStatuses";
import type { StatusInputs, StatusOutputs } from "../types";

type Read = (id: string, props: StatusOutputs) => Promise<dynamic.ReadResult<StatusOutputs>>;

const PALETTE: readonly string[] = STATUS_COLORS;

/** A Status id as `pulumi import` takes it: `<pipelineId>/<statusId>`, since a status is read through its pipeline. */
export function parseStatusImportId(id: string): { pipelineId: number; statusId: number } {
  const [p, st, ...rest] = id.split("/");
  const pipelineId = Number(p);
  const statusId = Number(st);
  if (
    rest.length > 0 ||
    !Number.isSafeInteger(pipelineId) ||
    pipelineId <= 0 ||
    !Number.isSafeInteger(statusId) ||
    statusId <= 0
  ) {
    throw new Error(
      `pulumi import: "${id}" is not a Kommo status id; give "<pipelineId>/<statusId>", for example 7000012/7000123.`,
    );
  }
  return { pipelineId, statusId };
}

/**
 * `pulumi import` of a status. Only regular statuses are resources: the incoming, won and lost ones belong to their
 * pipeline. Absent in Kommo (or in that pipeline), the answer is empty, which the engine reports as missing.
 */
export async function importStatus(s: Session, id: string, read: Read): Promise<dynamic.ReadResult<StatusOutputs>> {
  const { pipelineId, statusId } = parseStatusImportId(id);
  const live = (await s.reads.statuses(pipelineId, true))?.find((st) => st.id === statusId);
  if (!live) return {};
  if (!isRegular(live)) {
    throw new Error(
      `pulumi import: status ${statusId} ("${live.name}") of pipeline ${pipelineId} is one of the pipeline's own (incoming, won or lost), not a stage; import the pipeline instead.`,
    );
  }
  const like: StatusInputs = {
    pipelineId,
    name: live.name,
    sort: live.sort,
    ...(PALETTE.includes(live.color.toLowerCase()) ? { color: live.color.toLowerCase() as StatusColor } : {}),
  };
  const result = await read(String(statusId), like as StatusOutputs);
  return result.id === undefined ? result : { ...result, id: String(statusId) };
}
