import type { FieldError } from "../http/problems";
import { NOT_A_VALID_CHOICE } from "../http/problems";

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function has(obj: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** Counts what a user sees as characters: emoji and other astral code points count once. */
export function charLength(value: string): number {
  return Array.from(value).length;
}

interface Required {
  required?: boolean;
}

/**
 * Reads fields of one request item strictly (an int is a JSON integer, never
 * "10" nor 10.5) and collects every failure with its dotted path, the form of
 * Kommo's `validation-errors` paths ("enums.0.id"). A field that fails reads as
 * undefined, so the caller checks `errors` before using the values.
 */
export class Checker {
  readonly errors: FieldError[] = [];

  constructor(private readonly prefix = "") {}

  path(key: string): string {
    return this.prefix === "" ? key : key === "" ? this.prefix : `${this.prefix}.${key}`;
  }

  nested(key: string): Checker {
    return new Checker(this.path(key));
  }

  absorb(other: Checker): void {
    this.errors.push(...other.errors);
  }

  fail(code: string, key: string, detail: string): undefined {
    this.errors.push({ code, path: this.path(key), detail });
    return undefined;
  }

  missing(key: string): undefined {
    return this.fail("NotBlank", key, "This value should not be blank.");
  }

  wrongType(key: string, type: string): undefined {
    return this.fail("InvalidType", key, `This value should be of type ${type}.`);
  }

  notAChoice(key: string): undefined {
    return this.fail("NotSupportedChoice", key, NOT_A_VALID_CHOICE);
  }

  private present(obj: JsonObject, key: string, options: Required): boolean {
    if (has(obj, key)) return true;
    if (options.required === true) this.missing(key);
    return false;
  }

  string(
    obj: JsonObject,
    key: string,
    options: Required & { maxLength?: number; notBlank?: boolean } = {},
  ): string | undefined {
    if (!this.present(obj, key, options)) return undefined;
    const value = obj[key];
    if (typeof value !== "string") return this.wrongType(key, "string");
    if (options.notBlank === true && value.trim() === "") return this.missing(key);
    if (options.maxLength !== undefined && charLength(value) > options.maxLength) {
      return this.fail(
        "TooLong",
        key,
        `This value is too long. It should have ${options.maxLength} characters or less.`,
      );
    }
    return value;
  }

  int(obj: JsonObject, key: string, options: Required & { min?: number; max?: number } = {}): number | undefined {
    if (!this.present(obj, key, options)) return undefined;
    const value = obj[key];
    if (typeof value !== "number" || !Number.isSafeInteger(value)) return this.wrongType(key, "int");
    const min = options.min ?? Number.MIN_SAFE_INTEGER;
    const max = options.max ?? Number.MAX_SAFE_INTEGER;
    if (value < min || value > max) {
      return this.fail("OutOfRange", key, `This value should be between ${min} and ${max}.`);
    }
    return value;
  }

  bool(obj: JsonObject, key: string, options: Required = {}): boolean | undefined {
    if (!this.present(obj, key, options)) return undefined;
    const value = obj[key];
    if (typeof value !== "boolean") return this.wrongType(key, "bool");
    return value;
  }

  choice<T extends string>(obj: JsonObject, key: string, choices: readonly T[], options: Required = {}): T | undefined {
    const value = this.string(obj, key, options);
    if (value === undefined) return undefined;
    if (!(choices as readonly string[]).includes(value)) return this.notAChoice(key);
    return value as T;
  }
}

/**
 * docs/kommo-api.md: validation errors are keyed by the item's request_id, and items
 * sent without one are numbered "0", "1", ... by their place in the request.
 */
export function requestIdOf(item: unknown, index: number): string {
  if (isObject(item) && typeof item.request_id === "string") return item.request_id;
  return String(index);
}
