import * as t from "io-ts";
import { Integer } from "./common";
import { Status } from "./status";

export const Pipeline = t.exact(
  t.intersection([
    t.type({
      id: Integer,
      name: t.string,
      sort: Integer,
      is_main: t.boolean,
      is_unsorted_on: t.boolean,
      is_archive: t.boolean,
      account_id: Integer,
    }),
    t.partial({
      request_id: t.string,
      _embedded: t.exact(t.partial({ statuses: t.array(Status) })),
    }),
  ]),
  "Pipeline",
);
export type Pipeline = t.TypeOf<typeof Pipeline>;
