import { DESCRIPTION_LEVELS, STATUS_COLORS } from "../../provider/client";
import { stageKeys } from "../../provider/runtime/imports/stageKeys";
import { isLost, isRegular, isWon, type LiveAccount, type LiveDescription, type LivePipeline } from "../account";
import { NameSet, slug } from "./names";

export interface ProgramSummary {
  pipelines: number;
  statuses: number;
  /** Stages whose live color is outside the palette a stage accepts, so the program leaves it to Kommo. */
  unmanagedColors: number;
  /** Descriptions at a level a stage does not accept, left out of the program. */
  droppedDescriptions: number;
}

/** One stage as a program declares it: a color only where it is in the palette, descriptions only at known levels. */
export interface StageDeclaration {
  key: string | undefined;
  name: string;
  color: string | undefined;
  /** Kommo's color, when it is outside the palette and so left to Kommo. */
  unmanagedColor: string | undefined;
  descriptions: LiveDescription[];
  /** Descriptions at a level a stage does not take: not declared, and said so. */
  dropped: LiveDescription[];
}

export interface PipelineDeclaration {
  resource: string;
  id: number;
  name: string;
  sort: number;
  isMain: boolean;
  isUnsortedOn: boolean;
  isArchive: boolean;
  wonName: string | undefined;
  lostName: string | undefined;
  stages: StageDeclaration[];
  /** Whether the list manages descriptions: declaring one on any stage means the stages without have none. */
  managesDescriptions: boolean;
}

const LEVEL_ORDER: readonly string[] = DESCRIPTION_LEVELS;
const PALETTE: readonly string[] = STATUS_COLORS;

/**
 * What `kommo-iac export` declares for an account, whatever the language it is written in: one pipeline each,
 * adopting its Kommo pipeline by id, with its regular stages in Kommo's order and their live values.
 */
export function declareAccount(account: LiveAccount): { pipelines: PipelineDeclaration[]; summary: ProgramSummary } {
  const summary: ProgramSummary = { pipelines: 0, statuses: 0, unmanagedColors: 0, droppedDescriptions: 0 };
  const names = new NameSet();
  const pipelines = account.pipelines.map((pipeline) => {
    summary.pipelines++;
    return declarePipeline(
      pipeline,
      names.claim(slug(pipeline.name) || `pipeline-${pipeline.id}`, pipeline.id),
      summary,
    );
  });
  return { pipelines, summary };
}

function declarePipeline(pipeline: LivePipeline, resource: string, summary: ProgramSummary): PipelineDeclaration {
  const regular = pipeline.statuses.filter(isRegular);
  const managed = regular.some((st) => st.descriptions.some((d) => LEVEL_ORDER.includes(d.level)));
  const keys = stageKeys(regular);
  const stages = regular.map((stage, i): StageDeclaration => {
    summary.statuses++;
    const color = stage.color.toLowerCase();
    const inPalette = PALETTE.includes(color);
    if (!inPalette) summary.unmanagedColors++;
    const dropped = stage.descriptions.filter((d) => !LEVEL_ORDER.includes(d.level));
    summary.droppedDescriptions += dropped.length;
    return {
      key: keys[i],
      name: stage.name,
      color: inPalette ? color : undefined,
      unmanagedColor: inPalette ? undefined : stage.color,
      descriptions: stage.descriptions
        .filter((d) => LEVEL_ORDER.includes(d.level))
        .sort((a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level)),
      dropped,
    };
  });
  return {
    resource,
    id: pipeline.id,
    name: pipeline.name,
    sort: pipeline.sort,
    isMain: pipeline.isMain,
    isUnsortedOn: pipeline.isUnsortedOn,
    isArchive: pipeline.isArchive,
    wonName: pipeline.statuses.find(isWon)?.name,
    lostName: pipeline.statuses.find(isLost)?.name,
    stages,
    managesDescriptions: managed,
  };
}
