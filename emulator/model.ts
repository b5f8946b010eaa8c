/** The emulator's own records. The wire shapes are built from these in http/hal.ts. */

export type SystemKind = "incoming" | "won" | "lost";

export const DESCRIPTION_LEVELS = ["newbie", "candidate", "master"] as const;
export type DescriptionLevel = (typeof DESCRIPTION_LEVELS)[number];

export interface StatusDescription {
  id: number;
  level: DescriptionLevel;
  description: string;
  createdAt: number;
  updatedAt: number;
  createdBy: number;
  updatedBy: number;
}

export interface Status {
  id: number;
  pipelineId: number;
  name: string;
  sort: number;
  color: string;
  /** null for a regular status, which is the only kind a client may edit or delete. */
  system: SystemKind | null;
  descriptions: StatusDescription[];
}

export interface Pipeline {
  id: number;
  name: string;
  sort: number;
  isMain: boolean;
  isUnsortedOn: boolean;
  statuses: Status[];
}

export interface Lead {
  id: number;
  name: string;
  price: number;
  pipelineId: number;
  statusId: number;
  createdBy: number;
  updatedBy: number;
  createdAt: number;
  updatedAt: number;
}
