export interface BoardStatus {
  id: number;
  name: string;
  sort: number;
  /** `#rrggbb`, as Kommo's palette spells it (either case). */
  color: string;
}

export interface BoardPipeline {
  id: number;
  name: string;
  sort: number;
  isMain: boolean;
  isArchive: boolean;
  statuses: BoardStatus[];
}

export interface RenderOptions {
  /** Terminal columns available for the whole board. */
  width: number;
  color: boolean;
}

const GAP = "  ";
const MIN_COLUMN = 18;
// Wider columns only add empty color to the right of short stage names.
const MAX_COLUMN = 30;
const HEX_WIDTH = "#rrggbb".length;

const RESET = "\x1b[0m";
const BOLD = "\x1b[1m";
const DIM = "\x1b[2m";
// Kommo's 21 status colors are all pastels, so one dark foreground reads on every one of them, whatever the
// terminal's own theme.
const DARK_TEXT = "\x1b[38;2;33;33;33m";

const bySortThenId = (a: { sort: number; id: number }, b: { sort: number; id: number }) =>
  a.sort - b.sort || a.id - b.id;

/**
 * The board as text: pipelines as columns side by side, in sort order, with as many columns per band as fit in
 * `width`; each column is the pipeline's name and id over its statuses in sort order, each with its id. With color,
 * each status is a card painted in its own color; without, the color is written out so that a log still carries it.
 */
export function renderBoard(pipelines: readonly BoardPipeline[], options: RenderOptions): string {
  if (pipelines.length === 0) return "No pipelines.\n";
  const sorted = [...pipelines].sort(bySortThenId);
  const perBand = Math.max(
    1,
    Math.min(sorted.length, Math.floor((options.width + GAP.length) / (MIN_COLUMN + GAP.length))),
  );
  const columnWidth = Math.max(
    1,
    Math.min(MAX_COLUMN, Math.floor((options.width + GAP.length) / perBand) - GAP.length),
  );

  const bands: string[] = [];
  for (let i = 0; i < sorted.length; i += perBand) {
    const columns = sorted.slice(i, i + perBand).map((p) => renderColumn(p, columnWidth, options.color));
    const height = Math.max(...columns.map((c) => c.length));
    const lines: string[] = [];
    for (let row = 0; row < height; row++) {
      lines.push(
        columns
          .map((c) => c[row] ?? " ".repeat(columnWidth))
          .join(GAP)
          .trimEnd(),
      );
    }
    bands.push(lines.join("\n"));
  }
  return `${bands.join("\n\n")}\n`;
}

/** One column's lines, each exactly `width` visible characters wide. */
function renderColumn(pipeline: BoardPipeline, width: number, color: boolean): string[] {
  const tags = [`id ${pipeline.id}`, pipeline.isMain ? "main" : "", pipeline.isArchive ? "archived" : ""];
  const header = [
    fit(pipeline.name, width, color ? BOLD : ""),
    fit(tags.filter(Boolean).join(" · "), width, color ? DIM : ""),
    "─".repeat(width),
  ];
  const cells = [...pipeline.statuses].sort(bySortThenId).flatMap((s) => renderCell(s, width, color));
  return [...header, ...cells];
}

/**
 * A status as a two-line card: its name, then its id. The id gets a line of its own because scripts and webhooks
 * need all of it, and sharing the line would cut the name short in the narrow columns of a wide account.
 */
function renderCell(status: BoardStatus, width: number, color: boolean): string[] {
  const rgb = parseHex(status.color);
  if (color && rgb) {
    const paint = background(rgb) + DARK_TEXT;
    return [` ${truncate(status.name, width - 2)}`, ` id ${status.id}`].map((line) => style(fit(line, width), paint));
  }
  // Without color the hex stands in for it, at the right edge of the id line when the column leaves room for both.
  const id = `id ${status.id}`;
  const hex = status.color.toLowerCase();
  const idLine =
    Array.from(id).length + 1 + HEX_WIDTH <= width ? `${fit(id, width - HEX_WIDTH - 1)} ${hex}` : fit(id, width);
  return [fit(status.name, width), idLine];
}

/** Shortens to at most `width` characters, marking the cut with an ellipsis. */
export function truncate(text: string, width: number): string {
  const chars = Array.from(text);
  if (chars.length <= width) return text;
  return width <= 0
    ? ""
    : `${chars
        .slice(0, width - 1)
        .join("")
        .trimEnd()}…`;
}

/** Exactly `width` characters; the style covers the text only, so that trailing padding stays trimmable. */
function fit(text: string, width: number, code = ""): string {
  const cut = truncate(text, width);
  return style(cut, code) + " ".repeat(width - Array.from(cut).length);
}

function style(text: string, code: string): string {
  return code ? `${code}${text}${RESET}` : text;
}

type Rgb = [number, number, number];

function parseHex(color: string): Rgb | undefined {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  const [, r, g, b] = m ?? [];
  return r && g && b ? [parseInt(r, 16), parseInt(g, 16), parseInt(b, 16)] : undefined;
}

function background([r, g, b]: Rgb): string {
  return `\x1b[48;2;${r};${g};${b}m`;
}
