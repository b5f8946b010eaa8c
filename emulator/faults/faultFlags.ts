import { defaultFaults, readFaultsPatch, type FaultConfig } from "./faultConfig";

type FlagKind = "number" | "statuses" | "burst" | "switch";

/** Command-line names of the fault settings; ranges are checked by readFaultsPatch, like the control API's. */
export const FAULT_FLAGS: Record<string, { key: keyof FaultConfig; kind: FlagKind }> = {
  "--seed": { key: "seed", kind: "number" },
  "--error-rate": { key: "errorRate", kind: "number" },
  "--error-statuses": { key: "errorStatuses", kind: "statuses" },
  "--apply-before-error": { key: "applyBeforeError", kind: "number" },
  "--burst-429": { key: "burst429", kind: "burst" },
  "--retry-after": { key: "retryAfter", kind: "number" },
  "--reset-rate": { key: "resetRate", kind: "number" },
  "--apply-before-reset": { key: "applyBeforeReset", kind: "number" },
  "--slow-rate": { key: "slowRate", kind: "number" },
  "--slow-ms": { key: "slowMs", kind: "number" },
  "--hang-writes": { key: "hangWrites", kind: "number" },
  "--blocked": { key: "blocked", kind: "switch" },
};

export const FAULT_USAGE = `Faults (all off by default; rates are fractions from 0 to 1):
  --seed N                 seed of the fault random source (default: random, shown by GET /_emulator/config)
  --error-rate R           answer this fraction of API requests with an injected 5xx
  --error-statuses LIST    5xx statuses to draw from (default 500,502,503,504)
  --apply-before-error R   fraction of injected 5xx on writes sent after the write was applied (default 0.5)
  --burst-429 SPEC         429 bursts: every=N,length=M (the last M of every N requests) or rate=R,length=M
  --retry-after S          retry_after of injected 429s, in seconds (default 1)
  --reset-rate R           reset the connection of this fraction of API requests without answering
  --apply-before-reset R   fraction of resets on writes made after the write was applied (default 0.5)
  --slow-rate R            answer this fraction of API requests only after --slow-ms
  --slow-ms MS             delay of slow answers; also when a hung write's socket is dropped (default 60000)
  --hang-writes R          apply this fraction of writes and never answer them
  --blocked                answer every API request with the HTML 403 of a blocked account
`;

/** The fault setting a flag names, or undefined; own keys only, so `constructor` is not a flag. */
export function faultFlag(flag: string): { key: keyof FaultConfig; kind: FlagKind } | undefined {
  return Object.hasOwn(FAULT_FLAGS, flag) ? FAULT_FLAGS[flag] : undefined;
}

/** Turns one flag's text into the value PATCH /_emulator/config would take; throws a message on nonsense. */
export function parseFaultValue(flag: string, text: string): unknown {
  const spec = faultFlag(flag);
  if (spec === undefined) throw new Error(`Unknown option ${flag}`);
  switch (spec.kind) {
    case "switch":
      if (text !== "true" && text !== "false") throw new Error(`${flag} takes no value, or =true or =false`);
      return text === "true";
    case "number":
      return number(flag, text);
    case "statuses":
      return text.split(",").map((part) => number(flag, part.trim()));
    case "burst":
      return burst(flag, text);
  }
}

/** Checks the collected fault flags as a whole; returns the error message naming the flag, or null. */
export function checkFaultFlags(faults: Partial<FaultConfig>): string | null {
  const read = readFaultsPatch(defaultFaults(0), faults);
  if (read.ok) return null;
  const flag = Object.keys(FAULT_FLAGS).find((f) => FAULT_FLAGS[f]?.key === read.error.key) ?? read.error.key;
  return `${flag}: ${read.error.message}`;
}

function number(flag: string, text: string): number {
  if (!/^[0-9]+(\.[0-9]+)?$/.test(text)) throw new Error(`${flag} needs a non-negative number, got ${text}`);
  return Number(text);
}

function burst(flag: string, text: string): Record<string, number> {
  const spec: Record<string, number> = {};
  for (const part of text.split(",")) {
    const match = /^(every|rate|length)=(.+)$/.exec(part.trim());
    if (match === null) throw new Error(`${flag} needs every=N,length=M or rate=R,length=M, got ${text}`);
    spec[match[1] as string] = number(flag, match[2] as string);
  }
  return spec;
}
