const MAX_SLUG = 40;

/**
 * A resource name from a display name: lower-case ASCII words joined by dashes, accents dropped ("Négociation"
 * gives "negociation"). Empty when nothing is left, as for a name in Cyrillic or all emoji.
 */
export function slug(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, MAX_SLUG)
    .replace(/^-+|-+$/g, "");
}

/**
 * Hands out unique names. A clash is settled with the Kommo id, not a counter: the name then stays the same on
 * the next export even when other objects with the same name come or go before it.
 */
export class NameSet {
  private readonly taken = new Set<string>();

  claim(base: string, id: number): string {
    const name = this.taken.has(base) ? `${base}-${id}` : base;
    this.taken.add(name);
    return name;
  }
}

// Words a `const` may not be named, plus the module namespace the program imports.
const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "yield let static implements interface package private protected public await arguments eval kommo pulumi"
  ).split(" "),
);

/** A camelCase variable name for a pipeline from its resource name, unique among `taken`. */
export function identifier(resourceName: string, taken: Set<string>): string {
  const [first, ...rest] = resourceName.split("-").filter(Boolean);
  let name = (first ?? "") + rest.map((w) => w[0].toUpperCase() + w.slice(1)).join("");
  if (!name || /^[0-9]/.test(name)) name = `pipeline${name ? name[0].toUpperCase() + name.slice(1) : ""}`;
  if (RESERVED.has(name)) name = `${name}Pipeline`;
  let unique = name;
  for (let n = 2; taken.has(unique); n++) unique = `${name}${n}`;
  taken.add(unique);
  return unique;
}
