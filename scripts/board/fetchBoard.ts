import * as E from "fp-ts/Either";
import * as t from "io-ts";
import { PathReporter } from "io-ts/PathReporter";
import type { BoardPipeline } from "../../cli/board/render";

// Only the fields the board shows: this script reads what is live, independently of the provider's client, so
// that the board shows the account as Kommo holds it and not as the provider believes it to be.
const Status = t.type({ id: t.number, name: t.string, sort: t.number, color: t.string });
const Pipeline = t.type({
  id: t.number,
  name: t.string,
  sort: t.number,
  is_main: t.boolean,
  is_archive: t.boolean,
  _embedded: t.type({ statuses: t.array(Status) }),
});
const PipelineList = t.type({ _embedded: t.type({ pipelines: t.array(Pipeline) }) });

const PATH = "/api/v4/leads/pipelines";

/** Every pipeline of the account with its statuses: Kommo answers them all in one unpaginated list. */
export async function fetchBoard(baseUrl: string, token: string): Promise<BoardPipeline[]> {
  const url = baseUrl.replace(/\/+$/, "") + PATH;
  let response: Response;
  try {
    response = await fetch(url, { headers: { Authorization: `Bearer ${token}`, Accept: "application/json" } });
  } catch (error) {
    // Node's fetch says only "fetch failed"; the reason (refused, DNS, reset) is in its cause.
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new Error(`cannot reach ${url}: ${cause}`);
  }
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`GET ${PATH} answered ${response.status} ${response.statusText}: ${text.slice(0, 300)}`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`GET ${PATH} answered something that is not JSON: ${text.slice(0, 300)}`);
  }
  const decoded = PipelineList.decode(body);
  if (E.isLeft(decoded)) {
    throw new Error(`GET ${PATH} answered an unexpected shape:\n${PathReporter.report(decoded).join("\n")}`);
  }
  return decoded.right._embedded.pipelines.map((p) => ({
    id: p.id,
    name: p.name,
    sort: p.sort,
    isMain: p.is_main,
    isArchive: p.is_archive,
    statuses: p._embedded.statuses,
  }));
}
