import fc from "fast-check";
import { connect } from "node:net";

/** A proper request to start from; the mutations below break it in the ways a confused client or proxy would. */
export function baseRequest(token: string): string {
  const body = JSON.stringify([{ name: "Wire", sort: 5, is_main: false, is_unsorted_on: true }]);
  return (
    `POST /api/v4/leads/pipelines HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`
  );
}

type Mutation =
  | { kind: "flip"; at: number; byte: number }
  | { kind: "cut"; at: number }
  | { kind: "insert"; at: number; text: string }
  | { kind: "repeat"; at: number; length: number };

const at = fc.nat(1000);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at, byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("cut" as const), at }),
  fc.record({
    kind: fc.constant("insert" as const),
    at,
    text: fc.constantFrom(
      "\r\n",
      "\0",
      ":",
      " ",
      "\r\n\r\n",
      "Content-Length: 99999\r\n",
      "Transfer-Encoding: chunked\r\n",
      "é",
    ),
  }),
  fc.record({ kind: fc.constant("repeat" as const), at, length: fc.integer({ min: 1, max: 40 }) }),
);

export const mutations = fc.array(mutation, { minLength: 1, maxLength: 4 });

export function mutate(request: string, changes: Mutation[]): Buffer {
  let bytes = Buffer.from(request, "latin1");
  for (const change of changes) {
    const i = change.at % Math.max(bytes.length, 1);
    if (change.kind === "flip") bytes[i] = change.byte;
    else if (change.kind === "cut") bytes = bytes.subarray(0, i);
    else if (change.kind === "insert")
      bytes = Buffer.concat([bytes.subarray(0, i), Buffer.from(change.text, "latin1"), bytes.subarray(i)]);
    else bytes = Buffer.concat([bytes.subarray(0, i + change.length), bytes.subarray(i)]);
  }
  return bytes;
}

/**
 * Sends the bytes, half-closes after a moment (so a request the server still
 * waits on ends instead of hanging the test) and returns all it answered.
 */
export function sendRaw(port: number, bytes: Buffer, capMs = 1000): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let received = "";
    const done = () => {
      clearTimeout(cap);
      socket.destroy();
      resolve(received);
    };
    const cap = setTimeout(done, capMs);
    socket.on("data", (data) => (received += data.toString("latin1")));
    socket.on("close", done);
    socket.on("error", done);
    socket.write(bytes, () => setTimeout(() => socket.end(), 30));
  });
}
