import type { DescriptionLevel, StatusColor } from "../client/codecs/status";

/** Take an existing object under management instead of creating one: by its id, or by its current name. */
export type Adopt = { id: number; name?: undefined } | { name: string; id?: undefined };

export interface StatusDescriptionInput {
  level: DescriptionLevel;
  description: string;
}

/** One stage of a pipeline's ordered `statuses` list. */
export interface StageInput {
  /** The stage's identity in the list; defaults to its name. Renaming with the same key edits the stage in place. */
  key?: string;
  name: string;
  color?: StatusColor;
  descriptions?: StatusDescriptionInput[];
}

/** A stage as `check` hands it on: the key filled in, descriptions present exactly when the pipeline manages them. */
export interface Stage extends StageInput {
  key: string;
}

/** A regular stage as Kommo holds it, in Kommo's order. `key` is absent for a stage the list does not declare. */
export interface LiveStage {
  key?: string;
  statusId: number;
  name: string;
  color: string;
  /** Kommo's own number; only the order means anything. */
  sort: number;
  descriptions?: { id?: number; level: string; description: string }[];
}

export interface PipelineInputs {
  adopt?: Adopt;
  name: string;
  /** An order among the account's pipelines; Kommo's number is `assignedSort`. */
  sort: number;
  /** Sent only when declared: an undeclared isMain leaves Kommo's choice alone. */
  isMain?: boolean;
  isUnsortedOn?: boolean;
  wonStatusName?: string;
  lostStatusName?: string;
  /** The pipeline's regular stages in order. Absent: stages are left to `Status` resources. */
  statuses?: Stage[];
}

export interface PipelineOutputs extends PipelineInputs {
  pipelineId: number;
  isArchive: boolean;
  accountId: number;
  incomingStatusId: number;
  wonStatusId: number;
  lostStatusId: number;
  /** The names the won and lost statuses have in Kommo, declared or not. */
  wonStatusLiveName: string;
  lostStatusLiveName: string;
  /** The sort number Kommo gave the pipeline. */
  assignedSort: number;
  /** Kommo's id of each declared stage, by key. */
  statusIds: Record<string, number>;
  /** Every regular stage in Kommo, in Kommo's order. */
  liveStatuses: LiveStage[];
}

export interface StatusInputs {
  adopt?: Adopt;
  pipelineId: number;
  name: string;
  sort: number;
  color?: StatusColor;
  descriptions?: StatusDescriptionInput[];
}

export interface StatusOutputs extends StatusInputs {
  statusId: number;
  type: number;
  isEditable: boolean;
  accountId: number;
  /** Kommo renumbers sort; this is its number, kept apart from the declared `sort` so renumbering is never a diff. */
  assignedSort: number;
  /** The color in Kommo, declared or not. */
  liveColor: string;
}
