import type { IncomingMessage } from "node:http";

export type RawBody = { kind: "ok"; data: Buffer } | { kind: "tooLarge" } | { kind: "aborted" };

/**
 * Reads at most `limit` bytes. A bigger body is drained, not buffered, so the
 * client gets its 413 instead of a reset; past `drainLimit` the client is not
 * worth waiting for and the connection is dropped.
 */
export function readRawBody(req: IncomingMessage, limit: number, drainLimit = limit * 64): Promise<RawBody> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: RawBody) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else chunks.length = 0;
      if (size > drainLimit) {
        req.destroy();
        settle({ kind: "aborted" });
      }
    });
    req.on("end", () => settle(size > limit ? { kind: "tooLarge" } : { kind: "ok", data: Buffer.concat(chunks) }));
    req.on("error", () => settle({ kind: "aborted" }));
    req.on("close", () => settle({ kind: "aborted" }));
  });
}

/** True for application/json and its +json relatives, with or without parameters. */
export function isJsonMediaType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const type = header.split(";")[0]?.trim().toLowerCase() ?? "";
  return type === "application/json" || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}
