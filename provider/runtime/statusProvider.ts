import { configure, status } from "./index";

/** The Status provider, as the module that each Status's `__provider` requires; see pipelineProvider.ts. */
const provider = { configure, ...status };
export = provider;
