import type { OrchestrationSettings } from "./provisionInput.js";

/**
 * Reads before any write (the preflight, the references check) a run asks for while ARM keeps throttling them or
 * failing transiently: a burst of requests must not be refused for ARM's read budget. 6 tries, 31 s at a 1 s pace.
 */
export const PREFLIGHT_ATTEMPTS = 6;

/** The wait after the `attempt`-th try: the poll interval (at least 1 s, ARM's Retry-After for reads), doubling. */
export function preflightBackoffMs(settings: OrchestrationSettings, attempt: number): number {
  return Math.max(1000, settings.pollIntervalSeconds * 1000) * 2 ** (attempt - 1);
}
