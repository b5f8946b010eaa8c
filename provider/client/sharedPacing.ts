import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spacingFor } from "./limiter";
import type { RateLimiter } from "./limiter";

/**
 * Pacing shared by every process on this machine that talks to one Kommo account. The engine starts a plugin
 * process per provider (two explicit providers on one account are two processes), and a program's lookups run in
 * the program's own: each has a limiter of its own, and only together can they be held to Kommo's limit. Each
 * request takes the next free slot from a small file per account, at least the spacing of the rate after the one before it,
 * whichever process took that (the same spacing the limiter keeps in one process); the file is changed under a lock (an atomic mkdir), held for a read and a write.
 */
export interface SharedPacingOptions {
  readonly account: string;
  /** Where the slot files live; the system's temporary folder unless given. */
  readonly dir?: string;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** A lock older than this was left by a process that died holding it: nothing holds it that long. */
const STALE_LOCK_MS = 2000;
const LOCK_RETRY_MS = 2;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function withSharedPacing(inner: RateLimiter, options: SharedPacingOptions): RateLimiter {
  const dir = options.dir ?? path.join(os.tmpdir(), "pulumi-kommo-pacing");
  // The account's address, hashed: the file name says nothing about the account, and never holds a token.
  const name = createHash("sha256").update(options.account).digest("hex").slice(0, 24);
  const slotFile = path.join(dir, `${name}.slot`);
  const lockDir = path.join(dir, `${name}.lock`);
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;

  const locked = async <A>(f: () => A): Promise<A> => {
    fs.mkdirSync(dir, { recursive: true });
    for (;;) {
      try {
        fs.mkdirSync(lockDir);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
        const age = now() - (fs.statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs ?? now());
        if (age > STALE_LOCK_MS) fs.rmSync(lockDir, { recursive: true, force: true });
        else await sleep(LOCK_RETRY_MS);
      }
    }
    try {
      return f();
    } finally {
      fs.rmSync(lockDir, { recursive: true, force: true });
    }
  };

  const nextSlot = () =>
    locked(() => {
      const last = Number(fs.readFileSync(slotFile, { encoding: "utf8", flag: "a+" }) || "0");
      const slot = Math.max(now(), (Number.isFinite(last) ? last : 0) + spacingFor(inner.perSecond));
      fs.writeFileSync(slotFile, String(slot));
      return slot;
    });

  return {
    get perSecond() {
      return inner.perSecond;
    },
    pauseFor: (ms) => inner.pauseFor(ms),
    async acquire() {
      const release = await inner.acquire();
      if (inner.perSecond > 0) {
        try {
          const wait = (await nextSlot()) - now();
          if (wait > 0) await sleep(wait);
        } catch {
          // A temporary folder that cannot be written leaves this process's own limiter, which still holds.
        }
      }
      return release;
    },
  };
}
