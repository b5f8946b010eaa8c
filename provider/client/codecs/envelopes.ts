import * as t from "io-ts";
import { Integer, SelfLinks } from "./common";
import { Pipeline } from "./pipeline";
import { Status } from "./status";

/** The HAL fields around every collection: the status list in the reference has neither of them, so both are optional. */
const HalCollectionMeta = t.partial({ _total_items: Integer, _links: SelfLinks });

export const PipelineCollection = t.exact(
  t.intersection([t.type({ _embedded: t.exact(t.type({ pipelines: t.array(Pipeline) })) }), HalCollectionMeta]),
  "PipelineCollection",
);
export type PipelineCollection = t.TypeOf<typeof PipelineCollection>;

export const StatusCollection = t.exact(
  t.intersection([t.type({ _embedded: t.exact(t.type({ statuses: t.array(Status) })) }), HalCollectionMeta]),
  "StatusCollection",
);
export type StatusCollection = t.TypeOf<typeof StatusCollection>;
