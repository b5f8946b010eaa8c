import { isUnknown } from "../runtime/edge/inputs";
import type { ConfigSource } from "../runtime/session/settings";
import { unwrapSecrets } from "./values";

/**
 * The plugin's settings, from what Configure (or CheckConfig) receives. The engine sends a provider's inputs as
 * `args` (`accessToken`, ...): the stack's `kommo:*` config for the default provider, the resource's inputs for an
 * explicit one. Older engines send only `variables`, keyed `kommo:config:accessToken`. The names the runtime asks
 * for are the stack config's (`kommo:accessToken`), so both faces read settings, environment fallbacks and messages
 * through the one readSettings.
 */
export function configSource(args: Record<string, unknown>, variables: ReadonlyMap<string, string>): ConfigSource {
  const values = unwrapSecrets(args) as Record<string, unknown>;
  return (key: string) => {
    const name = key.replace(/^kommo:/, "");
    const v = values[name] ?? variables.get(`kommo:config:${name}`);
    // YAML and JSON config give numbers as numbers; the settings are read as text, like stack config.
    if (typeof v === "string") return v;
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    return undefined;
  };
}

/** Whether any setting is still unknown (an explicit provider fed from another resource's output, in preview). */
export const hasUnknowns = (args: Record<string, unknown>): boolean =>
  Object.values(unwrapSecrets(args) as Record<string, unknown>).some(isUnknown);
