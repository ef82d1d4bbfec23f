import { CronExpressionParser } from "cron-parser";

/** Expressions found valid: parsing them was a fifth of validation's time in a profile of intake at 200/s. */
const knownExpressions = new Set<string>();
const KNOWN_EXPRESSIONS_MAX = 1000;

/**
 * Why `expr` is not a 6-field NCRONTAB expression (seconds first, as Azure Functions timers take it),
 * or undefined when it parses. Macros such as `@daily` are rejected: NCRONTAB has none.
 */
export function ncrontabProblem(expr: string): string | undefined {
  if (knownExpressions.has(expr)) return undefined;
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 6) return "must be a 6-field NCRONTAB expression (seconds first), e.g. '0 0 20 * * 1-5'";
  // cron-parser also takes L, W, #, ? and H; NCRONTAB has only numbers, names (Jan, Mon), '*', ',', '-' and '/'.
  if (fields.some((field) => !/^[\d*,/-]+$/.test(field.replace(/[A-Za-z]{3,}/g, "0"))))
    return "NCRONTAB fields take numbers, month or day names, '*', ',', '-' and '/' (no L, W, #, ? or H)";
  try {
    CronExpressionParser.parse(expr);
    // Bounded: each distinct valid expression a caller sends would otherwise stay.
    if (knownExpressions.size >= KNOWN_EXPRESSIONS_MAX) knownExpressions.clear();
    knownExpressions.add(expr);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** Zones found valid: building a formatter was a third of validation's time in a profile of intake. Invalid ones are not kept. */
const knownZones = new Set<string>();

/** True when `zone` is an IANA time zone this runtime knows (Intl), e.g. `Europe/Berlin` or `UTC`. */
export function isIanaTimeZone(zone: string): boolean {
  if (zone.length === 0 || zone.length > 64) return false;
  if (knownZones.has(zone)) return true;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    knownZones.add(zone);
    return true;
  } catch {
    return false;
  }
}
