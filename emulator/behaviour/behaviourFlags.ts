import { BEHAVIOUR_KEYS, CHOICES, isChoiceSwitch, type Behaviour } from "./behaviour";
import { checkField } from "./behaviourConfig";
import { PROFILE_NAMES } from "./profiles";

export const PROFILE_FLAG = "--profile";

/** `statusPlacement` is `--status-placement`: the flag is the field's name in kebab case. */
export function flagOf(key: keyof Behaviour): string {
  return `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

const FLAGS: ReadonlyMap<string, keyof Behaviour> = new Map(BEHAVIOUR_KEYS.map((key) => [flagOf(key), key]));

/** The behaviour field a flag names, or undefined. */
export function behaviourFlag(flag: string): keyof Behaviour | undefined {
  return FLAGS.get(flag);
}

/** Switches take no value (`--pipeline-needs-status`), or `=true` / `=false`. */
export function isSwitchFlag(key: keyof Behaviour): boolean {
  return !isChoiceSwitch(key);
}

/** Turns one flag's text into the value PATCH /_emulator/config would take; throws a message naming the flag. */
export function parseBehaviourValue(key: keyof Behaviour, text: string): boolean | string {
  const flag = flagOf(key);
  if (!isChoiceSwitch(key)) {
    if (text !== "true" && text !== "false") throw new Error(`${flag} takes no value, or =true or =false`);
    return text === "true";
  }
  if (checkField(key, text) !== null) throw new Error(`${flag} must be one of ${CHOICES[key].join(", ")}, got ${text}`);
  return text;
}

export function parseProfile(text: string): string {
  if (!(PROFILE_NAMES as readonly string[]).includes(text)) {
    throw new Error(`${PROFILE_FLAG} must be one of ${PROFILE_NAMES.join(", ")}, got ${text}`);
  }
  return text;
}

export const BEHAVIOUR_USAGE = `Open points of the real Kommo (README, "Open points and switches"):
  --profile NAME                    set every switch below: reference (default) or hostile;
                                    switches given as well override the profile
  --pipeline-needs-status[=false]   refuse a pipeline create without a regular status (default true)
  --status-placement MODE           insert (by requested sort, default) or append (after the last status)
  --batch-apply MODE                whole (a batch placed at once, default) or itemwise (one item after another)
  --pipeline-sort MODE              kept (stored as sent, default) or renumbered (main 1, others 1000, 2000, ...)
  --unset-main MODE                 is_main false on the main pipeline: refused (default) or accepted
  --delete-missing MODE             DELETE of a missing object: 404, 400-choice (default) or 400-other
  --failed-batch MODE               a batch with a bad item: atomic (default) or partial
  --too-many-requests MODE          429 shape: problem (default), html, header or bare
  --description-without-id MODE     description without id for a taken level: refused (default) or overwrites
  --description-timestamps MODE     unix or string ("YYYY-MM-DD HH:MM:SS", updated_by null; default)
  --status-sort-numbers MODE        tens (renumbered 20, 30, ... after every write, default) or kept
                                    (stored as sent, ties by id, a created status at the end gets last + 1)
  --rate-limit-shape MODE           window (fixed seconds), sliding (a sliding second, default) or bucket
                                    (token bucket, burst equal to the rate, refilled continuously)
  --patch-without-name MODE         a status PATCH without name: keeps (default) or blanks the name
  --embedded-descriptions MODE      descriptions in a pipeline create's statuses: applied (default) or ignored
  --system-status-patch MODE        PATCH of a system status: refused (default) or ignored (200, no change)
`;
