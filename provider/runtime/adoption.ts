import type { Pipeline, Status } from "../client";
import { isRegular } from "./placement";
import type { Adopt } from "./types";

/**
 * Adoption takes an existing pipeline or status under management instead of creating one (pulumi import does not
 * work for dynamic resources, pulumi/pulumi#16175). Two resources must never manage one object: the second would
 * fight the first on every up, and deleting either would delete both. So every object this process creates, adopts
 * or sees in state is claimed, and a second claim is refused.
 */
const claims = new Map<string, string>();

const key = (kind: "pipeline" | "status", id: number) => `${kind}:${id}`;

/** Records that a resource in state manages this object (learned from diff, read, create and update). */
export function manage(kind: "pipeline" | "status", id: number, by: string): void {
  if (!claims.has(key(kind, id))) claims.set(key(kind, id), by);
}

export function release(kind: "pipeline" | "status", id: number): void {
  claims.delete(key(kind, id));
}

function claim(kind: "pipeline" | "status", id: number, label: string, by: string): void {
  const holder = claims.get(key(kind, id));
  if (holder !== undefined && holder !== by) {
    throw new Error(
      `adopt: ${label} is already managed by another resource of this stack (${holder}). Two resources must not manage one Kommo object: remove one of them, or adopt another ${kind}.`,
    );
  }
  claims.set(key(kind, id), by);
}

const how = (a: Adopt) => (a.id !== undefined ? `id ${a.id}` : `name "${a.name}"`);

function pick<T extends { id: number; name: string }>(candidates: readonly T[], a: Adopt, what: string, where: string): T {
  const found = a.id !== undefined ? candidates.filter((c) => c.id === a.id) : candidates.filter((c) => c.name === a.name);
  if (found.length === 1) return found[0];
  if (found.length === 0) {
    throw new Error(
      `adopt: there is no ${what} with ${how(a)} ${where}. Check the ${a.id !== undefined ? "id" : "name"} (\`kommo-iac show\` lists them), or remove adopt to create a new ${what}.`,
    );
  }
  throw new Error(
    `adopt: ${found.length} ${what}s are named "${a.name}" ${where} (ids ${found.map((f) => f.id).join(", ")}). Adopt by id instead: adopt: { id: ${found[0].id} }.`,
  );
}

export function pipelineToAdopt(all: readonly Pipeline[], a: Adopt, by: string): Pipeline {
  const found = pick(all, a, "pipeline", "on the account");
  claim("pipeline", found.id, `pipeline "${found.name}" (${found.id})`, by);
  return found;
}

/** Only regular statuses can be adopted: the incoming, won and lost statuses belong to their pipeline. */
export function statusToAdopt(statuses: readonly Status[], pipelineId: number, a: Adopt, by: string): Status {
  const found = pick(statuses.filter(isRegular), a, "status", `in pipeline ${pipelineId}`);
  claim("status", found.id, `status "${found.name}" (${found.id}) in pipeline ${pipelineId}`, by);
  return found;
}
