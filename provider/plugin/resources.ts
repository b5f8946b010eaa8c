import type * as dynamic from "@pulumi/pulumi/dynamic";
import { importPipeline } from "../runtime/imports/pipeline";
import { importStatus } from "../runtime/imports/status";
import type { createProvider } from "../runtime/provider";
import type { Session } from "../runtime/session/session";

type Runtime = ReturnType<typeof createProvider>;

/** The type tokens of the plugin face, as the schema declares them. The dynamic face keeps its own (`pulumi-nodejs:dynamic/kommo:*`). */
export const PIPELINE = "kommo:index:Pipeline";
export const STATUS = "kommo:index:Status";

interface Served {
  resource: Required<Pick<dynamic.ResourceProvider, "check" | "diff" | "create" | "read" | "update" | "delete">>;
  importer: (s: Session, id: string) => Promise<dynamic.ReadResult>;
  /** The id the runtime takes: a Status imported as `<pipelineId>/<statusId>` is known by its status id. */
  id: (id: string) => string;
}

/** The resource's type: given by newer engines, and otherwise the type part of its URN (after any parent type). */
export function typeOf(req: { getType(): string; getUrn(): string }): string {
  const given = req.getType();
  if (given) return given;
  const qualified = req.getUrn().split("::")[2] ?? "";
  return qualified.split("$").pop() ?? qualified;
}

export function resourceOf(runtime: Runtime, type: string): Served {
  switch (type) {
    case PIPELINE:
      return {
        resource: runtime.pipeline as Served["resource"],
        importer: (s, id) => importPipeline(s, id, (i, props) => runtime.pipeline.read(i, props)),
        id: (id) => id,
      };
    case STATUS:
      return {
        resource: runtime.status as Served["resource"],
        importer: (s, id) => importStatus(s, id, (i, props) => runtime.status.read(i, props)),
        id: (id) => id.split("/").pop() ?? id,
      };
    default:
      throw new Error(`the kommo provider has no resource type "${type}"; it serves ${PIPELINE} and ${STATUS}.`);
  }
}
