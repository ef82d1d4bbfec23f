import { CronExpressionParser } from "cron-parser";

/**
 * Why `expr` is not a 6-field NCRONTAB expression (seconds first, as Azure Functions timers take it),
 * or undefined when it parses. Macros such as `@daily` are rejected: NCRONTAB has none.
 */
export function ncrontabProblem(expr: string): string | undefined {
  if (expr.trim().split(/\s+/).length !== 6)
    return "must be a 6-field NCRONTAB expression (seconds first), e.g. '0 0 20 * * 1-5'";
  try {
    CronExpressionParser.parse(expr);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** True when `zone` is an IANA time zone this runtime knows (Intl), e.g. `Europe/Berlin` or `UTC`. */
export function isIanaTimeZone(zone: string): boolean {
  if (zone.length === 0 || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
