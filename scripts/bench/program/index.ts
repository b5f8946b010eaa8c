import * as pulumi from "@pulumi/pulumi";
import * as kommo from "pulumi-kommo";

/** `pipelines` × `statuses`; `change` 1 renames one status and recolors another: the benchmark's small change. */
interface Shape {
  pipelines: number;
  statuses: number;
  change: number;
}

const shape = new pulumi.Config().requireObject<Shape>("shape");
const colors = kommo.STATUS_COLORS;

for (let p = 0; p < shape.pipelines; p++) {
  const pipeline = new kommo.Pipeline(`p${p}`, { name: `Bench pipeline ${p}`, sort: 100 + p, wonStatusName: `Won ${p}` });
  for (let s = 0; s < shape.statuses; s++) {
    const renamed = shape.change === 1 && p === 0 && s === 0;
    const recolored = shape.change === 1 && p === 0 && s === 1;
    new kommo.Status(`p${p}s${s}`, {
      pipelineId: pipeline.pipelineId,
      name: renamed ? `Stage ${s} (renamed)` : `Stage ${s}`,
      sort: (s + 1) * 10,
      color: colors[(s + (recolored ? 1 : 0)) % colors.length],
      ...(s % 10 === 0 ? { descriptions: [{ level: "newbie" as const, description: `Hint for stage ${s}` }] } : {}),
    });
  }
}
