import { configure } from "./configure";
import { status } from "./status";

/** The Status provider as a module of its own; see pipelineProvider.ts. */
const provider = { configure, ...status };
export = provider;
