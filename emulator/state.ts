import type { Account } from "./account";
import type { RuntimeConfig } from "./config";
import { FaultInjector } from "./faults/injector";
import { IdSource } from "./ids";
import { BlockList, RateLimiter } from "./rateLimit";
import { RequestLog } from "./requestLog";
import { newAccount } from "./rules/newAccount";
import type { Users } from "./users";

/** Everything one running emulator holds. The account is replaced on reset; the rest lives on. */
export class EmulatorState {
  readonly ids = new IdSource();
  readonly log = new RequestLog();
  readonly limiter = new RateLimiter();
  readonly blocks = new BlockList();
  readonly injector: FaultInjector;
  account: Account;

  constructor(
    readonly accountId: number,
    readonly users: Users,
    readonly config: RuntimeConfig,
  ) {
    this.account = newAccount(accountId, this.ids);
    this.injector = new FaultInjector(() => this.config.faults);
  }

  /**
   * A fresh account, as a new Kommo account looks; rate-limit windows and
   * blocks are forgotten too, and the faults start their sequence over, so the
   * same requests after a reset meet the same faults.
   */
  reset(): void {
    this.account = newAccount(this.accountId, this.ids);
    this.limiter.clear();
    this.blocks.clear();
    this.injector.restart();
  }
}
