/**
 * Request bodies as the reference documents them, in the vendor's snake_case. Responses have io-ts codecs in
 * ./codecs; requests are built by our own code, so plain types are enough.
 */
export interface NewStatusDescription {
  readonly level: string;
  readonly description: string;
}

export interface NewStatus {
  readonly name: string;
  readonly sort: number;
  readonly color?: string;
  readonly descriptions?: readonly NewStatusDescription[];
  readonly request_id?: string;
}

/** On PATCH: id+level+description updates, no id creates, id+level without description deletes (docs/kommo-api.md). */
export interface StatusDescriptionChange {
  readonly id?: number;
  readonly level: string;
  readonly description?: string;
}

export interface StatusChanges {
  readonly name?: string;
  readonly sort?: number;
  readonly color?: string;
  readonly descriptions?: readonly StatusDescriptionChange[];
}

/**
 * A status PATCH as sent: always with the name. A migration toolkit reports that a PATCH without `name` blanks it
 * (FACTS.md, "More of the public record"), and sending the declared or live name costs nothing.
 */
export interface StatusPatch extends StatusChanges {
  readonly name: string;
}

/** A status given inside a new pipeline: 142 and 143 take only a name, and only here. */
export interface EmbeddedNewStatus {
  readonly id?: number;
  readonly name: string;
  readonly sort?: number;
  readonly color?: string;
  readonly descriptions?: readonly NewStatusDescription[];
  readonly request_id?: string;
}

export interface NewPipeline {
  readonly name: string;
  readonly sort: number;
  readonly is_main: boolean;
  readonly is_unsorted_on: boolean;
  readonly request_id?: string;
  readonly _embedded?: { readonly statuses?: readonly EmbeddedNewStatus[] };
}

export interface PipelineChanges {
  readonly name?: string;
  readonly sort?: number;
  readonly is_main?: boolean;
  readonly is_unsorted_on?: boolean;
}
