import type * as df from "durable-functions";
import type { PreflightAnswer, PreflightResult } from "../activities/index.js";
import type { ProvisioningPlan } from "../request/index.js";
import { armRetry, type OrchestrationSettings } from "./provisionInput.js";

/**
 * Reads before any write (the preflight, the references check) a run asks for while ARM keeps throttling them or
 * failing transiently: a burst of requests must not be refused for ARM's read budget. 6 tries, 31 s at a 1 s pace.
 */
export const PREFLIGHT_ATTEMPTS = 6;

/** The wait after the `attempt`-th try: the poll interval (at least 1 s, ARM's Retry-After for reads), doubling. */
export function preflightBackoffMs(settings: OrchestrationSettings, attempt: number): number {
  return Math.max(1000, settings.pollIntervalSeconds * 1000) * 2 ** (attempt - 1);
}

/**
 * The checks of `activity` (`preflightForRun`, or `checkReferences` alone) for a run: asked again after a back-off
 * while an answer says ARM kept a check from being done, at most `PREFLIGHT_ATTEMPTS` asks; then what the last
 * answer found (a check still not done is failed, with ARM's words). `first` is an answer the caller already has.
 */
export function* preflightOf(
  context: df.OrchestrationContext,
  settings: OrchestrationSettings,
  activity: "preflightForRun" | "checkReferences",
  plan: ProvisioningPlan,
  first?: PreflightAnswer,
): Generator<df.Task, PreflightResult, unknown> {
  const ask = () => context.df.callActivityWithRetry(activity, armRetry(settings), plan);
  let answer = first ?? ((yield ask()) as PreflightAnswer);
  for (let attempt = 1; answer.retryable && attempt < PREFLIGHT_ATTEMPTS; attempt++) {
    const waitMs = preflightBackoffMs(settings, attempt);
    yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + waitMs));
    answer = (yield ask()) as PreflightAnswer;
  }
  return answer.result;
}
