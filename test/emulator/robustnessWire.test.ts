import { connect } from "node:net";
import { PROBLEM_JSON, useApi } from "./harness";

const PIPELINES = "/api/v4/leads/pipelines";

/** Writes raw bytes and collects everything the server sends until it closes, or until `waitMs` passes. */
function exchange(port: number, bytes: string, waitMs = 2000): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let received = "";
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(received);
    };
    const timer = setTimeout(done, waitMs);
    socket.on("data", (data) => (received += data.toString("latin1")));
    socket.on("close", done);
    socket.on("error", done);
    socket.write(bytes);
  });
}

function statusLine(answer: string): string {
  return answer.split("\r\n")[0] ?? "";
}

describe("robustness on the wire: requests that are not proper HTTP", () => {
  const api = useApi();

  async function expectAlive(): Promise<void> {
    expect((await api().get(PIPELINES)).status).toBe(200);
  }

  test.each([
    ["garbage instead of a request line", "GARBAGE\r\n\r\n"],
    ["an unknown method token", `FOO ${PIPELINES} HTTP/1.1\r\nHost: x\r\n\r\n`],
    ["a header line without a colon", `GET ${PIPELINES} HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n`],
    ["an unknown HTTP version", `GET ${PIPELINES} HTTP/7.3\r\nHost: x\r\n\r\n`],
    [
      "both Content-Length and chunked",
      `POST ${PIPELINES} HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    ],
    [
      "a broken chunk size",
      `POST ${PIPELINES} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n[]\r\n0\r\n\r\n`,
    ],
    ["headers over the size limit", `GET ${PIPELINES} HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20000)}\r\n\r\n`],
  ])("%s is a 4xx problem, and the server lives on", async (_name, bytes) => {
    const answer = await exchange(api().emulator.port, bytes);

    expect(statusLine(answer)).toMatch(/^HTTP\/1\.1 4\d\d /);
    expect(answer.toLowerCase()).toContain(`content-type: ${PROBLEM_JSON}`);
    await expectAlive();
  });

  test("a method the parser knows but no route has is a 405 or 404 problem", async () => {
    const token = api().emulator.adminToken;
    const answer = await exchange(
      api().emulator.port,
      `PROPFIND ${PIPELINES} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`,
    );

    expect(statusLine(answer)).toBe("HTTP/1.1 405 Method Not Allowed");
    expect(answer).toContain(`content-type: ${PROBLEM_JSON}`);
  });

  test("a client that sends half a header block and goes away leaves no trace", async () => {
    await exchange(api().emulator.port, `POST ${PIPELINES} HTTP/1.1\r\nHost: x\r\nContent-Le`, 100);

    await expectAlive();
  });

  test("many pipelined requests on one connection are answered in order", async () => {
    const token = api().emulator.adminToken;
    const one = `GET ${PIPELINES}/1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n\r\n`;
    const last = `GET ${PIPELINES} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`;

    const answer = await exchange(api().emulator.port, one.repeat(20) + last);

    // Bodies carry no trailing newline, so a status line can follow one directly.
    const lines = [...answer.matchAll(/HTTP\/1\.1 \d{3} [A-Za-z ]+\r\n/g)].map((m) => m[0].trim());
    expect(lines).toEqual([...Array(20).fill("HTTP/1.1 404 Not Found"), "HTTP/1.1 200 OK"]);
  });
});
