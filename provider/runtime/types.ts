import type { DescriptionLevel, StatusColor } from "../client/codecs/status";

/** Pulumi sends this string for any input that preview does not know yet, whatever the input's declared type. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Take an existing object under management instead of creating one: by its id, or by its current name. */
export type Adopt = { id: number; name?: undefined } | { name: string; id?: undefined };

export interface PipelineInputs {
  adopt?: Adopt;
  name: string;
  sort: number;
  isMain?: boolean;
  isUnsortedOn?: boolean;
  wonStatusName?: string;
  lostStatusName?: string;
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
}

export interface StatusDescriptionInput {
  level: DescriptionLevel;
  description: string;
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
