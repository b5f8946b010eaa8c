import * as pulumi from "@pulumi/pulumi";
import * as kommo from "pulumi-kommo";

/** The structure to declare, as JSON in stack config, so each test step can change it without editing code. */
interface Spec {
  pipelines: {
    key: string;
    name: string;
    sort: number;
    wonStatusName?: string;
    lostStatusName?: string;
    isMain?: boolean;
    /** The inline, ordered stage list of the Pipeline itself. */
    stages?: { key?: string; name: string; color?: kommo.StatusColor; descriptions?: kommo.StatusDescription[] }[];
    /** Stages as separate Status resources. */
    statuses?: {
      key: string;
      name: string;
      sort: number;
      color?: kommo.StatusColor;
      descriptions?: kommo.StatusDescription[];
    }[];
  }[];
  /** Statuses in a pipeline given by id, such as one the stack does not manage (or one that does not exist). */
  statuses?: { key: string; pipelineId: number; name: string; sort: number; color?: kommo.StatusColor }[];
}

const spec = new pulumi.Config().requireObject<Spec>("spec");

export const ids: Record<string, pulumi.Output<number>> = {};
export const stageIds: Record<string, pulumi.Output<Record<string, number>>> = {};
for (const p of spec.pipelines) {
  const { statuses, stages, key, ...args } = p;
  const pipeline = new kommo.Pipeline(key, { ...args, ...(stages ? { statuses: stages } : {}) });
  ids[key] = pipeline.pipelineId;
  stageIds[key] = pipeline.statusIds;
  for (const { key: statusKey, ...status } of statuses ?? []) {
    const created = new kommo.Status(statusKey, { pipelineId: pipeline.pipelineId, ...status });
    ids[statusKey] = created.statusId;
  }
}
for (const { key, ...status } of spec.statuses ?? []) {
  ids[key] = new kommo.Status(key, status).statusId;
}
