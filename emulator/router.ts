import type { Account } from "./account";
import type { Behaviour } from "./behaviour/behaviour";
import type { View } from "./http/hal";
import type { Reply } from "./http/reply";
import type { User } from "./users";

export type RouteParams = Record<string, number>;

/** What a handler is given: everything decided by the stages before it. */
export interface ApiRequest {
  account: Account;
  user: User;
  params: RouteParams;
  query: URLSearchParams;
  body: unknown;
  view: View;
  /** The open-point switches in force for this request. */
  behaviour: Readonly<Behaviour>;
}

/** Handlers are synchronous on purpose: each request's effect on the account is atomic. */
export type Handler = (request: ApiRequest) => Reply;

export interface Route {
  method: string;
  pattern: string;
  /** The reference limits every write on pipelines and statuses to administrators. */
  adminOnly: boolean;
  handler: Handler;
  matcher: RegExp;
  paramNames: string[];
}

export function route(method: string, pattern: string, handler: Handler, options: { adminOnly?: boolean } = {}): Route {
  const paramNames: string[] = [];
  const source = pattern
    .split("/")
    .map((segment) => {
      if (!segment.startsWith(":")) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      paramNames.push(segment.slice(1));
      // Ids are positive integers; anything else is an unknown route, not a bad id.
      return "([1-9][0-9]{0,14})";
    })
    .join("/");
  return {
    method,
    pattern,
    adminOnly: options.adminOnly ?? false,
    handler,
    matcher: new RegExp(`^${source}$`),
    paramNames,
  };
}

export type Resolution =
  | { kind: "found"; route: Route; params: RouteParams }
  | { kind: "notFound" }
  | { kind: "methodNotAllowed"; allow: string[] };

export class Router {
  constructor(private readonly routes: readonly Route[]) {}

  resolve(method: string, path: string): Resolution {
    const allow: string[] = [];
    for (const r of this.routes) {
      const match = r.matcher.exec(path);
      if (match === null) continue;
      if (r.method !== method) {
        allow.push(r.method);
        continue;
      }
      const params: RouteParams = {};
      r.paramNames.forEach((name, index) => {
        params[name] = Number(match[index + 1]);
      });
      return { kind: "found", route: r, params };
    }
    return allow.length > 0 ? { kind: "methodNotAllowed", allow } : { kind: "notFound" };
  }
}

export function param(params: RouteParams, name: string): number {
  const value = params[name];
  if (value === undefined) throw new Error(`Route has no :${name} parameter`);
  return value;
}
