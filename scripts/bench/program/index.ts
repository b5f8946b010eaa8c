import * as pulumi from "@pulumi/pulumi";
import * as kommo from "pulumi-kommo";

/**
 * The benchmark's stack: `pipelines` × `statuses`, declared in one of two styles that hold the same board.
 * - `inline`: each Pipeline carries its stages as an ordered `statuses` list (one resource per pipeline).
 * - `status`: each Pipeline has no list, and every stage is its own Status resource, placed by `sort`.
 * `change` 1 renames the first stage of the first pipeline and recolors its second: the small change.
 * `insert` 1 adds one stage in the middle of the first pipeline.
 */
interface Bench {
  style: "inline" | "status";
  pipelines: number;
  statuses: number;
  change: number;
  insert: number;
}

interface StageSpec {
  /** The Status resource's name; in the inline style the stage's identity is its key (by default its name). */
  resource: string;
  key?: string;
  name: string;
  sort: number;
  color: kommo.StatusColor;
  descriptions?: kommo.StatusDescription[];
}

const bench = new pulumi.Config().requireObject<Bench>("bench");
const colors = kommo.STATUS_COLORS;

/** One pipeline's stages in order. Both styles declare exactly these, so they describe the same board. */
function stagesOf(p: number): StageSpec[] {
  const stages: StageSpec[] = [];
  for (let s = 0; s < bench.statuses; s++) {
    const renamed = bench.change === 1 && p === 0 && s === 0;
    const recolored = bench.change === 1 && p === 0 && s === 1;
    stages.push({
      resource: `p${p}s${s}`,
      // A rename keeps the stage's identity: the old name stays as the key (a Status keeps its resource name).
      ...(renamed ? { key: `Stage ${s}` } : {}),
      name: renamed ? `Stage ${s} (renamed)` : `Stage ${s}`,
      sort: (s + 1) * 10,
      color: colors[(s + (recolored ? 1 : 0)) % colors.length] as kommo.StatusColor,
      // Every tenth stage has a hint: the only descriptions either style declares.
      ...(s % 10 === 0 ? { descriptions: [{ level: "newbie" as const, description: `Hint for stage ${s}` }] } : {}),
    });
  }
  if (bench.insert === 1 && p === 0) {
    const mid = Math.floor(bench.statuses / 2);
    // Between stage mid-1 (sort mid*10) and stage mid (sort (mid+1)*10).
    stages.splice(mid, 0, {
      resource: `p${p}sInserted`,
      name: "Stage inserted",
      sort: mid * 10 + 5,
      color: colors[0] as kommo.StatusColor,
    });
  }
  return stages;
}

const board = Array.from({ length: bench.pipelines }, (_, p) => ({
  name: `Bench pipeline ${p}`,
  sort: 100 + p,
  wonStatusName: `Won ${p}`,
  stages: stagesOf(p),
}));

for (const [p, pipeline] of board.entries()) {
  const { stages, ...fields } = pipeline;
  if (bench.style === "inline") {
    new kommo.Pipeline(`p${p}`, {
      ...fields,
      statuses: stages.map(({ key, name, color, descriptions }) => ({
        ...(key !== undefined ? { key } : {}),
        name,
        color,
        ...(descriptions ? { descriptions } : {}),
      })),
    });
  } else {
    const resource = new kommo.Pipeline(`p${p}`, fields);
    for (const { resource: name, name: stageName, sort, color, descriptions } of stages) {
      new kommo.Status(name, {
        pipelineId: resource.pipelineId,
        name: stageName,
        sort,
        color,
        ...(descriptions ? { descriptions } : {}),
      });
    }
  }
}

/** What the benchmark checks Kommo against after every `up`: each pipeline's regular stages, in order. */
export const declared = board.map(({ name, stages }) => ({
  name,
  stages: stages.map(({ name: stageName, color, descriptions }) => ({
    name: stageName,
    color,
    descriptions: descriptions ?? [],
  })),
}));
