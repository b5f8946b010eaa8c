import type { Account } from "./account";
import type { RuntimeConfig } from "./config";
import { IdSource } from "./ids";
import { BlockList, SlidingWindowLimiter } from "./rateLimit";
import { RequestLog } from "./requestLog";
import { newAccount } from "./rules/newAccount";
import type { Users } from "./users";

/** Everything one running emulator holds. The account is replaced on reset; the rest lives on. */
export class EmulatorState {
  readonly ids = new IdSource();
  readonly log = new RequestLog();
  readonly limiter = new SlidingWindowLimiter();
  readonly blocks = new BlockList();
  account: Account;

  constructor(
    readonly accountId: number,
    readonly users: Users,
    readonly config: RuntimeConfig,
  ) {
    this.account = newAccount(accountId, this.ids);
  }

  /** A fresh account, as a new Kommo account looks; rate-limit windows and blocks are forgotten too. */
  reset(): void {
    this.account = newAccount(this.accountId, this.ids);
    this.limiter.clear();
    this.blocks.clear();
  }
}
