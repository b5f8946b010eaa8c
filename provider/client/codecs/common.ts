import * as t from "io-ts";

/** A JSON integer, typed as a plain number: io-ts's branded t.Int would leak its brand into every caller. */
export const Integer = new t.Type<number, number, unknown>(
  "Integer",
  (u): u is number => typeof u === "number" && Number.isInteger(u),
  (u, c) => (typeof u === "number" && Number.isInteger(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
);

/** Exact like every other codec: HAL links carry more than `href` (templated, name, next/prev pages), all dropped. */
export const Link = t.exact(t.type({ href: t.string }));
export const SelfLinks = t.exact(t.type({ self: Link }));
