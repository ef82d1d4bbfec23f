import type { z } from "zod";
import { QUOTE_MAX, quote } from "./schemaHelpers.js";

/** One thing wrong with a request: where (`nodePools[1].name`; "" is the document), a stable code, and why. */
export interface RequestProblem {
  path: string;
  code: string;
  message: string;
}

/** Most problems reported; the rest are summarised in one `TooManyProblems` entry (hostile inputs can have 100k). */
export const MAX_PROBLEMS = 100;

/**
 * `problems` with at most `MAX_PROBLEMS` listed and the rest counted: an HTTP 400 stays readable, and a queued
 * message's rejection stays one Service Bus message (too large, it could not be sent and the message would come
 * back until dead-lettered, unanswered).
 */
export function cappedProblems(problems: RequestProblem[]): RequestProblem[] {
  if (problems.length <= MAX_PROBLEMS) return problems;
  const rest = problems.length - MAX_PROBLEMS;
  return [
    ...problems.slice(0, MAX_PROBLEMS),
    { path: "", code: "TooManyProblems", message: `${rest} more problems not listed` },
  ];
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Renders a path as `a.b[1].c`; keys that are not identifiers are quoted: `tags["cost center"]`. A key is the
 * sender's text: past `QUOTE_MAX` characters it is cut (`quote`), so a field named by 150 kB cannot make the refusal too
 * large to send back (a rejection event is one Service Bus message).
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (typeof key === "string" && key.length <= QUOTE_MAX && IDENTIFIER.test(key))
      out += out === "" ? key : `.${key}`;
    else out += `[${JSON.stringify(quote(String(key)))}]`;
  }
  return out;
}

/**
 * Turns zod issues into problems: one per issue, one per unknown key, nested record-key issues flattened.
 * `input` is the document parsed, used to tell a missing field (`Required`) from a wrong one (`InvalidType`).
 */
export function problemsFromZod(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  prefix: readonly PropertyKey[] = [],
): RequestProblem[] {
  return issues.flatMap((issue) => problemsFromIssue(issue, [...prefix, ...issue.path], input));
}

function problemsFromIssue(issue: z.core.$ZodIssue, path: PropertyKey[], input: unknown): RequestProblem[] {
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => ({
        path: formatPath([...path, key]),
        code: "UnknownField",
        message: `'${quote(key)}' is not a field here`,
      }));
    case "invalid_key":
      return problemsFromZod(issue.issues, input, path);
    case "invalid_element":
      return problemsFromZod(issue.issues, input, path);
    case "invalid_type":
      return [
        valueAt(input, path) === undefined
          ? { path: formatPath(path), code: "Required", message: `required (${issue.expected})` }
          : { path: formatPath(path), code: "InvalidType", message: `expected ${issue.expected}` },
      ];
    case "too_big":
    case "too_small":
      return [
        {
          path: formatPath(path),
          code: issue.origin === "number" ? "OutOfRange" : "InvalidLength",
          message: issue.message,
        },
      ];
    case "invalid_value":
      return [
        {
          path: formatPath(path),
          code: "InvalidValue",
          message: `expected one of ${issue.values.map(String).join(", ")}`,
        },
      ];
    case "invalid_union":
      return [{ path: formatPath(path), code: "InvalidValue", message: issue.message }];
    case "custom": {
      const code = typeof issue.params?.code === "string" ? issue.params.code : "InvalidValue";
      return [{ path: formatPath(path), code, message: issue.message }];
    }
    default:
      return [{ path: formatPath(path), code: "InvalidValue", message: issue.message }];
  }
}

/** Keys that would reach an object's prototype if copied naively. */
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Finds `__proto__`-style keys in the request's free-form maps (tags, labels, schedule pool counts). zod's
 * record parser drops `__proto__` silently; we report it instead. Elsewhere unknown keys are `UnknownField`.
 */
export function forbiddenKeyProblems(input: unknown): RequestProblem[] {
  if (!isObject(input)) return [];
  const maps: [PropertyKey[], unknown][] = [[["tags"], input.tags]];
  if (Array.isArray(input.nodePools)) {
    input.nodePools.slice(0, 100).forEach((pool, i) => {
      if (isObject(pool)) maps.push([["nodePools", i, "labels"], pool.labels]);
    });
  }
  if (Array.isArray(input.schedules)) {
    input.schedules.slice(0, 50).forEach((schedule, i) => {
      if (isObject(schedule) && isObject(schedule.action)) {
        maps.push([["schedules", i, "action", "pools"], schedule.action.pools]);
      }
    });
  }
  return maps.flatMap(([path, map]) =>
    isObject(map)
      ? Object.keys(map)
          .filter((key) => FORBIDDEN_KEYS.has(key))
          .map((key) => ({
            path: formatPath([...path, key]),
            code: "ForbiddenKey",
            message: `'${key}' cannot be a key`,
          }))
      : [],
  );
}

/** The own-property value at `path`, or undefined; never walks prototypes. */
function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== "object" || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
