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
