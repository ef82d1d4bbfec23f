import { z } from "zod";
import { cidrProblem } from "./cidr.js";

/** Longest string any field accepts before its own rule runs; keeps hostile input cheap to reject. */
export const MAX_STRING_LENGTH = 1024;

/**
 * A string of at most `maxLength` characters that `problem` accepts (it returns why not, or undefined); a
 * rejection is reported with `code` (an ARM code where ARM has one) instead of a generic format error.
 */
export function checkedString(options: {
  maxLength: number;
  code: string;
  problem: (value: string) => string | undefined;
}) {
  const { maxLength, code, problem } = options;
  return z
    .string()
    .max(maxLength, { abort: true })
    .check((ctx) => {
      const message = problem(ctx.value);
      if (message !== undefined) ctx.issues.push({ code: "custom", message, input: ctx.value, params: { code } });
    });
}

/**
 * A string that must match `pattern`, reported with `code`. Any string past `MAX_STRING_LENGTH` is cut off
 * before the pattern runs; the pattern and real limit are copied into the JSON Schema through `.meta()`.
 */
export function patternedString(options: {
  pattern: RegExp;
  code: string;
  message: string;
  maxLength: number;
  description?: string;
}) {
  const { pattern, code, message, maxLength, description } = options;
  return checkedString({
    maxLength: MAX_STRING_LENGTH,
    code,
    problem: (value) => (pattern.test(value) ? undefined : `'${quote(value)}': ${message}`),
  }).meta({ pattern: pattern.source, maxLength, ...(description ? { description } : {}) });
}

/** A canonical IPv4 CIDR (`10.0.0.0/16`), reported as `InvalidCidr`. */
export function cidrString(description: string) {
  return checkedString({ maxLength: 64, code: "InvalidCidr", problem: cidrProblem }).meta({
    description,
    pattern: "^\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}$",
  });
}

/** Azure resource id of `type` (e.g. `Microsoft.Network/virtualNetworks/subnets`), reported as `InvalidResourceId`. */
export function resourceIdString(what: string, pattern: RegExp, description: string) {
  return patternedString({
    pattern,
    code: "InvalidResourceId",
    message: `must be ${what}`,
    maxLength: 1024,
    description,
  });
}

const guid = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
/** A GUID in any case (subscription ids, principal ids). */
export const GUID_PATTERN = new RegExp(`^${guid}$`);
const rg = "[-\\w._()]{1,90}";
const segment = "[^/]{1,260}";

/** `/subscriptions/{guid}/resourceGroups/{rg}/providers/{provider}/{type}/{name}[/{child}/{name}]`, case-insensitive. */
export function armIdPattern(provider: string, ...types: string[]): RegExp {
  const tail = types.map((t) => `/${t}/${segment}`).join("");
  return new RegExp(
    `^/subscriptions/${guid}/resourceGroups/${rg}/providers/${provider.replace(".", "\\.")}${tail}$`,
    "i",
  );
}

/** A string map (tags, labels) whose keys and values follow patterns; `__proto__` keys are caught before parsing. */
export function stringMap(options: {
  code: string;
  keyPattern: RegExp;
  keyMessage: string;
  keyMaxLength: number;
  valuePattern: RegExp;
  valueMessage: string;
  valueMaxLength: number;
  description: string;
}) {
  const { code } = options;
  return z
    .record(
      patternedString({
        pattern: options.keyPattern,
        code,
        message: options.keyMessage,
        maxLength: options.keyMaxLength,
      }),
      patternedString({
        pattern: options.valuePattern,
        code,
        message: options.valueMessage,
        maxLength: options.valueMaxLength,
      }),
    )
    .describe(options.description);
}

/** The most characters of user input a message echoes (`quote`). */
export const QUOTE_MAX = 64;

/** At most `QUOTE_MAX` characters of user input, for messages. */
export function quote(value: string): string {
  return value.length > QUOTE_MAX ? `${value.slice(0, QUOTE_MAX - 3)}...` : value;
}
