import * as t from "io-ts";
import { Integer } from "./common";

/**
 * The 21 colors the reference lists as the palette a client may choose from. Responses are not restricted to it:
 * system statuses and the defaults of a new account carry other colors (#c1c1c1, #CCFF66, #99ccff, ...).
 */
export const STATUS_COLORS = [
  "#fffeb2",
  "#fffd7f",
  "#fff000",
  "#ffeab2",
  "#ffdc7f",
  "#ffce5a",
  "#ffdbdb",
  "#ffc8c8",
  "#ff8f92",
  "#d6eaff",
  "#c1e0ff",
  "#98cbff",
  "#ebffb1",
  "#deff81",
  "#87f2c0",
  "#f9deff",
  "#f3beff",
  "#ccc8f9",
  "#eb93ff",
  "#f2f3f4",
  "#e6e8ea",
] as const;

export type StatusColor = (typeof STATUS_COLORS)[number];

export const StatusColor = t.keyof(
  Object.fromEntries(STATUS_COLORS.map((c) => [c, null])) as Record<StatusColor, null>,
  "StatusColor",
);

export const DESCRIPTION_LEVELS = ["newbie", "candidate", "master"] as const;
export type DescriptionLevel = (typeof DESCRIPTION_LEVELS)[number];
export const DescriptionLevel = t.keyof({ newbie: null, candidate: null, master: null }, "DescriptionLevel");

/** A description as returned with `?with=descriptions`; the reference does not show its shape, so only these keys are relied on. */
export const StatusDescription = t.exact(
  t.intersection([t.type({ level: t.string, description: t.string }), t.partial({ id: Integer })]),
  "StatusDescription",
);
export type StatusDescription = t.TypeOf<typeof StatusDescription>;

export const Status = t.exact(
  t.intersection([
    t.type({
      id: Integer,
      name: t.string,
      sort: Integer,
      is_editable: t.boolean,
      pipeline_id: Integer,
      color: t.string,
      type: Integer,
      account_id: Integer,
    }),
    t.partial({
      request_id: t.string,
      descriptions: t.array(StatusDescription),
    }),
  ]),
  "Status",
);
export type Status = t.TypeOf<typeof Status>;

/** Incoming leads is the only status of type 1; 142 and 143 are the won and lost statuses of every pipeline. */
export const INCOMING_STATUS_TYPE = 1;
export const WON_STATUS_ID = 142;
export const LOST_STATUS_ID = 143;
