import type * as dynamic from "@pulumi/pulumi/dynamic";
import * as E from "fp-ts/Either";
import { pipelineResource } from "./pipeline/resource";
import { createSession } from "./session/session";
import type { Session } from "./session/session";
import { clientOf, readSettings } from "./session/settings";
import type { ConfigSource } from "./session/settings";
import { statusResource } from "./status/resource";

/**
 * The provider of one process. Pulumi's host calls `configure` once for each provider it loads, with the whole stack
 * config; the Pipeline and Status providers get the same settings, and so share one session: one client, one rate
 * limit, one set of batchers. Settings that differ (another account) start a new one.
 */
export function createProvider(env: NodeJS.ProcessEnv = process.env) {
  let current: { fingerprint: string; session: E.Either<string, Session> } | undefined;

  const open = (config: ConfigSource): E.Either<string, Session> => {
    const settings = readSettings(config, env);
    const fingerprint = JSON.stringify(E.isRight(settings) ? settings.right : settings.left);
    if (current?.fingerprint !== fingerprint) {
      const session = E.chain((s: { batching: boolean } & Parameters<typeof clientOf>[0]) =>
        E.map((client: Session["client"]) => createSession(client, s.batching))(clientOf(s)),
      )(settings);
      current = { fingerprint, session };
    }
    return current.session;
  };

  const session = (): Session => {
    // An engine that never calls configure (before SDK 3.139) still works from the environment.
    const opened = current?.session ?? open(() => undefined);
    if (E.isLeft(opened)) throw new Error(opened.left);
    return opened.right;
  };

  const configureFrom = (source: ConfigSource): void => {
    const opened = open(source);
    if (E.isLeft(opened)) throw new Error(opened.left);
  };

  return {
    /** Missing or invalid settings fail here, so that `pulumi preview` reports them before anything is attempted. */
    configure: async (req: dynamic.ConfigureRequest): Promise<void> => {
      configureFrom((key) => req.config.get(key));
    },
    /** The same, from any source of settings: the plugin face reads them from its Configure request. */
    configureFrom,
    /** The session of the current settings, for what a face serves beyond the resources (import, functions). */
    session,
    /** Forgets the session, as a new provider process would start. For tests. */
    reset: (): void => {
      current = undefined;
    },
    pipeline: pipelineResource(session),
    status: statusResource(session),
  };
}
