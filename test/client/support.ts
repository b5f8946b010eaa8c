import * as E from "fp-ts/Either";
import { createClient, type KommoClient, type KommoClientConfig } from "../../provider/client";

export const BASE = "https://acme.kommo.com";
export const TOKEN = "test-token-3f9c2b7e";

export function fixture(name: string): any {
  return JSON.parse(JSON.stringify(require(`../fixtures/reference/${name}.json`)));
}

/** A client with the limiter off and sleeps recorded instead of waited, so retry tests run instantly. */
export function testClient(overrides: Partial<KommoClientConfig> = {}): { client: KommoClient; sleeps: number[] } {
  const sleeps: number[] = [];
  const built = createClient({
    address: { baseUrl: BASE },
    accessToken: TOKEN,
    rateLimit: 0,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...overrides,
  });
  if (E.isLeft(built)) throw new Error(built.left);
  return { client: built.right, sleeps };
}

export async function left<A>(task: () => Promise<E.Either<any, A>>) {
  const r = await task();
  if (E.isRight(r)) throw new Error(`expected a failure, got ${JSON.stringify(r.right)}`);
  return r.left;
}

export async function right<A>(task: () => Promise<E.Either<any, A>>): Promise<A> {
  const r = await task();
  if (E.isLeft(r)) throw new Error(`expected success, got ${JSON.stringify(r.left)}`);
  return r.right;
}

export const HAL = { "Content-Type": "application/hal+json" };
export const PROBLEM = { "Content-Type": "application/problem+json" };

/** Nothing existed before: every object a read-back shows may be one the request made. */
export const NONE: ReadonlySet<number> = new Set();

/** Runs a batch create and gives its objects in request order, failing the test if any item failed. */
export async function allCreated<R>(task: () => Promise<readonly E.Either<any, R>[]>): Promise<R[]> {
  const results = await task();
  return results.map((r, i) => {
    if (E.isLeft(r)) throw new Error(`item ${i} failed: ${JSON.stringify(r.left)}`);
    return r.right;
  });
}
