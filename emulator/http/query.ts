/**
 * Kommo takes PHP-style bracket parameters: filter[pipeline_id][]=1,
 * filter[statuses][0][status_id]=2. This turns them into a tree whose leaves
 * are the strings sent; "[]" appends under the next free index.
 */
export type QueryNode = string | { [key: string]: QueryNode };

export function bracketTree(query: URLSearchParams): { [key: string]: QueryNode } {
  const root: { [key: string]: QueryNode } = {};
  for (const [rawKey, value] of query) {
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(rawKey);
    if (match === null) continue;
    const segments = [match[1] as string, ...[...(match[2] ?? "").matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] ?? "")];
    let node = root;
    segments.forEach((segment, index) => {
      const key = segment === "" ? String(Object.keys(node).length) : segment;
      if (index === segments.length - 1) {
        node[key] = value;
        return;
      }
      const child = node[key];
      if (typeof child === "object") {
        node = child;
      } else {
        const fresh: { [key: string]: QueryNode } = {};
        node[key] = fresh;
        node = fresh;
      }
    });
  }
  return root;
}

/** A single value or a list of values, as the leaves under one key. */
export function leaves(node: QueryNode | undefined): string[] {
  if (node === undefined) return [];
  if (typeof node === "string") return [node];
  return Object.values(node).flatMap((child) => (typeof child === "string" ? [child] : []));
}

export function parsePositiveInt(value: string): number | null {
  return /^[1-9][0-9]{0,14}$/.test(value) ? Number(value) : null;
}
