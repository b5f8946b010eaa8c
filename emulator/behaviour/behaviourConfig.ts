import { BEHAVIOUR_KEYS, CHOICES, isChoiceSwitch, type Behaviour } from "./behaviour";
import { defaultBehaviour, isProfileName, PROFILE_NAMES, profileBehaviour } from "./profiles";

/** What may change the behaviour: a profile, explicit fields, or both (the fields then win). */
export interface BehaviourInput {
  profile?: unknown;
  behaviour?: unknown;
}

export type BehaviourRead = { ok: true; value: Behaviour } | { ok: false; error: string };

/**
 * Works out the behaviour after `input` without touching `current`. A profile
 * replaces every field; explicit fields are merged over it (or over
 * `current`) one by one; `behaviour: null` goes back to the reference profile.
 * The error names the field at fault, as the control API reports it.
 */
export function readBehaviourInput(current: Behaviour, input: BehaviourInput): BehaviourRead {
  let next: Behaviour = { ...current };
  if (input.profile !== undefined) {
    if (!isProfileName(input.profile)) return fail(`profile must be one of ${PROFILE_NAMES.join(", ")}`);
    next = profileBehaviour(input.profile);
  }
  if (input.behaviour === undefined) return { ok: true, value: next };
  if (input.behaviour === null) return { ok: true, value: defaultBehaviour() };
  if (typeof input.behaviour !== "object" || Array.isArray(input.behaviour))
    return fail("behaviour must be an object or null");
  for (const [key, value] of Object.entries(input.behaviour)) {
    const error = checkField(key, value);
    if (error !== null) return fail(`behaviour.${key} ${error}`);
    (next as unknown as Record<string, unknown>)[key] = value;
  }
  return { ok: true, value: next };
}

/** Why `value` cannot be the setting `key`, or null when it can. */
export function checkField(key: string, value: unknown): string | null {
  const known = BEHAVIOUR_KEYS.find((k) => k === key);
  if (known === undefined) return "is not a behaviour setting";
  if (!isChoiceSwitch(known)) return typeof value === "boolean" ? null : "must be true or false";
  const choices: readonly unknown[] = CHOICES[known];
  return choices.includes(value) ? null : `must be one of ${CHOICES[known].join(", ")}`;
}

function fail(error: string): BehaviourRead {
  return { ok: false, error };
}
