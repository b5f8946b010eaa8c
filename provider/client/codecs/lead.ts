import * as t from "io-ts";
import { Integer } from "./common";

/** Only what the provider needs of a lead: where it is. Kommo's lead model has many more fields. */
export const Lead = t.exact(t.type({ id: Integer, status_id: Integer, pipeline_id: Integer }), "Lead");
export type Lead = t.TypeOf<typeof Lead>;

export const LeadPage = t.exact(t.type({ _embedded: t.exact(t.type({ leads: t.array(Lead) })) }), "LeadPage");
export type LeadPage = t.TypeOf<typeof LeadPage>;
