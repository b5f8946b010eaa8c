/** The 21 colors at the end of the reference: the only ones a client may set. */
export const PALETTE: readonly string[] = [
  "#fffeb2",
  "#fffd7f",
  "#fff000",
  "#ffeab2",
  "#ffdc7f",
  "#ffce5a",
  "#ffdbdb",
  "#ffc8c8",
  "#ff8f92",
  "#d6eaff",
  "#c1e0ff",
  "#98cbff",
  "#ebffb1",
  "#deff81",
  "#87f2c0",
  "#f9deff",
  "#f3beff",
  "#ccc8f9",
  "#eb93ff",
  "#f2f3f4",
  "#e6e8ea",
];

/**
 * Colour a status gets when it is created without one. The reference shows
 * server-chosen statuses with #99ccff, outside the palette, so a client must
 * accept colours it could not have sent.
 */
export const DEFAULT_STATUS_COLOR = "#99ccff";

export function isPaletteColor(value: string): boolean {
  return PALETTE.includes(value);
}
