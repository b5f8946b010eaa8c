import type { FaultKind } from "./faults/injector";

export interface LoggedRequest {
  seq: number;
  /** ISO time the request arrived. */
  time: string;
  method: string;
  path: string;
  /** Query parameters as sent; a repeated key lists all its values. */
  query: Record<string, string | string[]>;
  /** Parsed JSON body, or null. */
  body: unknown;
  /** Role of the token, or null when it was missing or unknown. */
  user: "admin" | "user" | null;
  /** The User-Agent header, or null: tells one client's requests from another's on the same token. */
  userAgent: string | null;
  /** Status answered; null when no answer was written. */
  status: number | null;
  durationMs: number;
  /** The injected fault, or null. */
  fault: FaultKind | null;
  /**
   * What the endpoint answered behind a fault that struck after the request
   * was handled (5xx or reset after the write, hang, slow): a 2xx here on a
   * write is a change the client was never told about. Null otherwise.
   */
  upstreamStatus: number | null;
}

/** The API requests the emulator has seen, oldest first, capped so a long benchmark cannot exhaust memory. */
export class RequestLog {
  private entries: LoggedRequest[] = [];
  private seq = 0;

  constructor(private readonly capacity = 10000) {}

  add(entry: Omit<LoggedRequest, "seq">): void {
    this.entries.push({ seq: ++this.seq, ...entry });
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  list(): LoggedRequest[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}

export function queryRecord(query: URLSearchParams): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = {};
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key);
    record[key] = values.length === 1 ? (values[0] as string) : values;
  }
  return record;
}
