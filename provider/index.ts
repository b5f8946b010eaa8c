export { Pipeline, type PipelineArgs, type StageArgs } from "./resources/pipeline";
export { Status, type StatusArgs, type StatusColor, type StatusDescription } from "./resources/status";
export { STATUS_COLORS, DESCRIPTION_LEVELS } from "./client/codecs/status";
export { lookupPipeline, lookupStatus, type PipelineLookup, type StatusLookup } from "./lookups";
