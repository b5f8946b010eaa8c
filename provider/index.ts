export { Pipeline } from "./resources/pipeline";
export type { PipelineArgs, StageArgs } from "./resources/pipeline";
export { Status } from "./resources/status";
export type { StatusArgs, StatusColor, StatusDescription } from "./resources/status";
export { STATUS_COLORS, DESCRIPTION_LEVELS } from "./client/codecs/status";
export { lookupPipeline, lookupStatus } from "./lookups";
export type { PipelineLookup, StatusLookup } from "./lookups";
export * as plugin from "./plugin/sdk";
