import type { IncomingMessage } from "node:http";

/** The bearer token, or null. The scheme name is case-insensitive (RFC 6750). */
export function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (header === undefined) return null;
  const match = /^bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match === null ? null : (match[1] as string);
}

/** Rate limits and blocks apply per token; requests without one share a key per address. */
export function clientKey(req: IncomingMessage): string {
  const token = bearerToken(req);
  return token === null ? `address:${req.socket.remoteAddress ?? "unknown"}` : `token:${token}`;
}
