import { request, type IncomingHttpHeaders } from "node:http";

export interface RawRequest {
  method: string;
  /** Path and query exactly as they go on the request line. */
  target: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Send the body in two chunks with Transfer-Encoding: chunked instead of a Content-Length. */
  chunked?: boolean;
}

export type RawOutcome =
  | { kind: "answered"; status: number; headers: IncomingHttpHeaders; body: Buffer }
  | { kind: "failed"; error: string }
  | { kind: "timedOut" };

/**
 * node:http rather than fetch: it sends any method token, bodies on GET, and
 * chunked bodies, and tells a hang (timedOut) from a dropped socket (failed).
 * A fresh connection per request, so one request's fate cannot leak into the next.
 */
export function rawRequest(origin: string, spec: RawRequest, timeoutMs = 5000): Promise<RawOutcome> {
  const url = new URL(origin);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: RawOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    // Framing named explicitly: node:http sends a body on HEAD or GET with neither header, which the server
    // then reads as a second, malformed request.
    const framing: Record<string, string> =
      spec.body === undefined
        ? {}
        : spec.chunked === true
          ? { "transfer-encoding": "chunked" }
          : { "content-length": String(spec.body.length) };
    const req = request({
      host: url.hostname,
      port: url.port,
      method: spec.method,
      path: spec.target,
      headers: { ...spec.headers, ...framing },
      agent: false,
    });
    const timer = setTimeout(() => {
      settle({ kind: "timedOut" });
      req.destroy();
    }, timeoutMs);
    req.on("error", (error) => settle({ kind: "failed", error: error.message }));
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        settle({ kind: "answered", status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on("error", (error) => settle({ kind: "failed", error: error.message }));
    });
    if (spec.body !== undefined && spec.chunked === true) {
      const half = Math.floor(spec.body.length / 2);
      req.write(spec.body.subarray(0, half));
      req.end(spec.body.subarray(half));
    } else {
      req.end(spec.body);
    }
  });
}
