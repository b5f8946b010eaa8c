import type { Pipeline, Status } from "../../client";
import { isRegular } from "../status/systemStatuses";
import type { Adopt } from "../types";

type Kind = "pipeline" | "status";

const how = (a: Adopt) => (a.id !== undefined ? `id ${a.id}` : `name "${a.name}"`);

/**
 * Adoption takes an existing pipeline or status under management instead of creating one (pulumi import does not
 * work for dynamic resources, pulumi/pulumi#16175). Two resources must never manage one object: the second would
 * fight the first on every up, and deleting either would delete both. So every object this session creates, adopts
 * or sees in state is claimed, and a second claim is refused.
 */
export class Claims {
  private readonly holders = new Map<string, string>();
  private adoptions = 0;

  /** A claimant for one adoption: two resources declaring the same name are still two resources. */
  adopter(what: string): string {
    this.adoptions += 1;
    return `${what} (adoption #${this.adoptions} of this run)`;
  }

  /** Records that a resource in state manages this object (learned from diff, read, create and update). */
  manage(kind: Kind, id: number, by: string): void {
    const key = `${kind}:${id}`;
    if (!this.holders.has(key)) this.holders.set(key, by);
  }

  release(kind: Kind, id: number): void {
    this.holders.delete(`${kind}:${id}`);
  }

  isManaged(kind: Kind, id: number): boolean {
    return this.holders.has(`${kind}:${id}`);
  }

  private claim(kind: Kind, id: number, label: string, by: string): void {
    const holder = this.holders.get(`${kind}:${id}`);
    if (holder !== undefined && holder !== by) {
      throw new Error(
        `adopt: ${label} is already managed by another resource of this stack (${holder}). Two resources must not manage one Kommo object: remove one of them, or adopt another ${kind}.`,
      );
    }
    this.holders.set(`${kind}:${id}`, by);
  }

  adoptPipeline(all: readonly Pipeline[], a: Adopt, by: string): Pipeline {
    const found = pick(all, a, "pipeline", "on the account");
    this.claim("pipeline", found.id, `pipeline "${found.name}" (${found.id})`, by);
    return found;
  }

  /** Only regular statuses can be adopted: the incoming, won and lost statuses belong to their pipeline. */
  adoptStatus(statuses: readonly Status[], pipelineId: number, a: Adopt, by: string): Status {
    const found = pick(statuses.filter(isRegular), a, "status", `in pipeline ${pipelineId}`);
    this.claim("status", found.id, `status "${found.name}" (${found.id}) in pipeline ${pipelineId}`, by);
    return found;
  }
}

function pick<T extends { id: number; name: string }>(
  candidates: readonly T[],
  a: Adopt,
  what: string,
  where: string,
): T {
  const found =
    a.id !== undefined ? candidates.filter((c) => c.id === a.id) : candidates.filter((c) => c.name === a.name);
  const [first] = found;
  if (found.length === 1 && first) return first;
  if (!first) {
    throw new Error(
      `adopt: there is no ${what} with ${how(a)} ${where}. Check the ${a.id !== undefined ? "id" : "name"} (\`kommo-iac show\` lists them), or remove adopt to create a new ${what}.`,
    );
  }
  throw new Error(
    `adopt: ${found.length} ${what}s are named "${a.name ?? ""}" ${where} (ids ${found.map((f) => f.id).join(", ")}). Adopt by id instead: adopt: { id: ${first.id} }.`,
  );
}
