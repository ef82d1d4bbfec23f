import type * as df from "durable-functions";
import type { PreflightAnswer, PreflightResult } from "../activities/index.js";
import type { ProvisioningPlan } from "../request/index.js";
import { type Branch, call, sleepUntil } from "./activityCalls.js";
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

/** The activities that answer checks for a run (`PreflightAnswer`). */
export type CheckActivity = "preflightForRun" | "checkReferences" | "checkRegistryName";

/**
 * A branch (`runBranches`) asking for the checks of `activity` for a run: asked again after a back-off while an
 * answer says ARM kept a check from being done, at most `PREFLIGHT_ATTEMPTS` asks; then what the last answer found
 * (a check still not done is failed, with ARM's words). `first` is an answer the caller already has. Run by
 * `runBranches`, a write-making check (`checkRegistryName`) draws from the write budget, and a refusal waits there.
 */
export function* checksOf(
  context: df.OrchestrationContext,
  settings: OrchestrationSettings,
  activity: CheckActivity,
  plan: ProvisioningPlan,
  first?: PreflightAnswer,
): Branch<PreflightResult> {
  let answer: PreflightAnswer = first ?? (yield* call(activity, plan));
  for (let attempt = 1; answer.retryable && attempt < PREFLIGHT_ATTEMPTS; attempt++) {
    yield* sleepUntil(new Date(context.df.currentUtcDateTime.getTime() + preflightBackoffMs(settings, attempt)));
    answer = yield* call(activity, plan);
  }
  return answer.result;
}
