import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spacingFor } from "../../provider/client/limiter";
import type { RateLimiter } from "../../provider/client/limiter";
import { withSharedPacing } from "../../provider/client/sharedPacing";

/** A process's own limiter that never holds anything back, so that only the shared pacing is seen. */
const open = (perSecond = 7): RateLimiter => ({
  perSecond,
  acquire: async () => () => undefined,
  pauseFor: () => undefined,
});

let dir: string;
let t: number;
const clock = { now: () => t, sleep: async (ms: number) => void (t += ms) };

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "kommo-pacing-"));
  t = 1_000_000;
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Two limiters, as two provider processes would have, taking turns; the time at which each request may go. */
async function alternate(a: RateLimiter, b: RateLimiter, n: number): Promise<number[]> {
  const granted: number[] = [];
  for (let i = 0; i < n; i++) {
    await (i % 2 === 0 ? a : b).acquire();
    granted.push(t);
  }
  return granted;
}

test("two processes on one account are spaced as one: every request a full spacing after the one before", async () => {
  const spacing = spacingFor(7);
  const a = withSharedPacing(open(), { account: "https://one.kommo.com", dir, ...clock });
  const b = withSharedPacing(open(), { account: "https://one.kommo.com", dir, ...clock });
  const granted = await alternate(a, b, 8);
  expect(granted.slice(1).map((g, i) => g - (granted[i] ?? 0))).toEqual(Array(7).fill(spacing));
  // Seven in any second, as Kommo allows: the eighth is past it.
  expect((granted[7] ?? 0) - (granted[0] ?? 0)).toBeGreaterThanOrEqual(1000);
});

test("two accounts do not hold each other back", async () => {
  const a = withSharedPacing(open(), { account: "https://one.kommo.com", dir, ...clock });
  const b = withSharedPacing(open(), { account: "https://two.kommo.com", dir, ...clock });
  const granted = await alternate(a, b, 4);
  expect(granted).toEqual([1_000_000, 1_000_000, 1_000_000 + spacingFor(7), 1_000_000 + spacingFor(7)]);
});

test("no limit (rate 0) takes no slot, and the files name no account and hold only a time", async () => {
  const off = withSharedPacing(open(0), { account: "https://one.kommo.com", dir, ...clock });
  await alternate(off, off, 3);
  expect(t).toBe(1_000_000);
  const on = withSharedPacing(open(), { account: "https://secret-account.kommo.com", dir, ...clock });
  await on.acquire();
  const files = fs.readdirSync(dir);
  expect(files).toHaveLength(1);
  expect(files[0]).not.toContain("secret-account");
  expect(fs.readFileSync(path.join(dir, files[0] ?? ""), "utf8")).toMatch(/^\d+$/);
});

test("a lock left by a process that died is taken over", async () => {
  const account = "https://one.kommo.com";
  const a = withSharedPacing(open(), { account, dir, ...clock });
  await a.acquire();
  const [slot] = fs.readdirSync(dir);
  const lock = path.join(dir, (slot ?? "").replace(/\.slot$/, ".lock"));
  fs.mkdirSync(lock);
  const old = new Date(Date.now() - 60_000);
  fs.utimesSync(lock, old, old);
  t = Date.now();
  await a.acquire();
  expect(fs.existsSync(lock)).toBe(false);
});
