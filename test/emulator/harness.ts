import { startEmulator, type EmulatorOptions, type LoggedRequest, type RunningEmulator } from "../../emulator";

export interface ApiResponse {
  status: number;
  contentType: string | null;
  headers: Headers;
  text: string;
  /** Parsed body; undefined when the body was empty. */
  json: any;
}

export interface CallOptions {
  body?: unknown;
  /** Sent verbatim instead of JSON.stringify(body). */
  rawBody?: string | Buffer;
  /** null sends no Authorization header at all. */
  token?: string | null;
  headers?: Record<string, string>;
}

/** An in-process emulator plus a small fetch wrapper; rate limiting is off unless a test turns it on. */
export class TestApi {
  private constructor(readonly emulator: RunningEmulator) {}

  static async start(options: EmulatorOptions = {}): Promise<TestApi> {
    return new TestApi(await startEmulator({ rateLimit: 0, onError: () => undefined, ...options }));
  }

  get url(): string {
    return this.emulator.url;
  }

  async call(method: string, path: string, options: CallOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    const token = options.token === undefined ? this.emulator.adminToken : options.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    let body: string | Buffer | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined && headers["content-type"] === undefined) headers["content-type"] = "application/json";
    const response = await fetch(`${this.emulator.url}${path}`, { method, headers, body });
    const text = await response.text();
    let json: unknown;
    if (text !== "") {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    return {
      status: response.status,
      contentType: response.headers.get("content-type"),
      headers: response.headers,
      text,
      json,
    };
  }

  get(path: string, options: CallOptions = {}) {
    return this.call("GET", path, options);
  }

  post(path: string, body: unknown, options: CallOptions = {}) {
    return this.call("POST", path, { ...options, body });
  }

  patch(path: string, body: unknown, options: CallOptions = {}) {
    return this.call("PATCH", path, { ...options, body });
  }

  delete(path: string, options: CallOptions = {}) {
    return this.call("DELETE", path, options);
  }

  /** The main pipeline of the account as the API lists it. */
  async mainPipeline(): Promise<any> {
    const list = await this.get("/api/v4/leads/pipelines");
    return list.json._embedded.pipelines.find((p: any) => p.is_main);
  }

  /**
   * Creates one pipeline and returns it as the add answer shows it. Without `_embedded` in `fields` it gets one
   * regular status, "Work", since a pipeline with none is refused by default (pipelineNeedsStatus).
   */
  async createPipeline(fields: Record<string, unknown> = {}): Promise<any> {
    const response = await this.post("/api/v4/leads/pipelines", [
      {
        name: "Extra",
        sort: 50,
        is_main: false,
        is_unsorted_on: true,
        _embedded: { statuses: [{ name: "Work", sort: 10 }] },
        ...fields,
      },
    ]);
    if (response.status !== 200) throw new Error(`create pipeline answered ${response.status}: ${response.text}`);
    return response.json._embedded.pipelines[0];
  }

  async statuses(pipelineId: number, query = ""): Promise<any[]> {
    const response = await this.get(`/api/v4/leads/pipelines/${pipelineId}/statuses${query}`);
    if (response.status !== 200) throw new Error(`list statuses answered ${response.status}: ${response.text}`);
    return response.json._embedded.statuses;
  }

  /** Calls the control API; throws on anything but 2xx, since a test that sets up faults must not go on without them. */
  async control(method: string, name: string, body?: unknown): Promise<any> {
    const response = await fetch(`${this.emulator.url}/_emulator/${name}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} /_emulator/${name} answered ${response.status}: ${text}`);
    return text === "" ? undefined : JSON.parse(text);
  }

  /** PATCH /_emulator/config with a `faults` object (or null to switch every fault off). */
  faults(faults: Record<string, unknown> | null): Promise<any> {
    return this.control("PATCH", "config", { faults });
  }

  /** PATCH /_emulator/config with a `behaviour` object (or null to go back to the reference profile). */
  behaviour(behaviour: Record<string, unknown> | null): Promise<any> {
    return this.control("PATCH", "config", { behaviour });
  }

  log(): Promise<LoggedRequest[]> {
    return this.control("GET", "requests");
  }

  state(): Promise<any> {
    return this.control("GET", "state");
  }

  close(): Promise<void> {
    return this.emulator.close();
  }
}

/** One emulator per test: every test starts from a fresh account. */
export function useApi(options: EmulatorOptions = {}): () => TestApi {
  let api: TestApi | undefined;
  beforeEach(async () => {
    api = await TestApi.start(options);
  });
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });
  return () => {
    if (api === undefined) throw new Error("useApi() is only available inside a test");
    return api;
  };
}

export const PROBLEM_JSON = "application/problem+json";
export const HAL_JSON = "application/hal+json";
