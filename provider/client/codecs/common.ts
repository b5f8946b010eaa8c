import * as t from "io-ts";

/** Kommo ids, sorts and account ids are JSON integers. */
export const Integer = t.Int;

export const Link = t.type({ href: t.string });
export const SelfLinks = t.type({ self: Link });
