import { AsyncLocalStorage } from "node:async_hooks";
import type { PipelinePolicy } from "@azure/core-rest-pipeline";

/** A 429 ARM answered: which subscription it throttled, and until when it asked us to wait (ms since the epoch). */
export interface Throttled {
  subscriptionId: string;
  untilMs: number;
}

const seen = new AsyncLocalStorage<Throttled[]>();
const answering = new AsyncLocalStorage<true>();

/** A 429 answered to the caller instead of waited out (inside `answerThrottling`): retry after `retryAfterMs`. */
export class ArmThrottledError extends Error {
  override name = "ArmThrottledError";
  constructor(readonly retryAfterMs: number) {
    super(`ARM throttled the request: retry after ${retryAfterMs} ms`);
  }
}

/**
 * Runs `fn` with ARM's 429s thrown as `ArmThrottledError` on the first attempt, not waited out by the SDK's retry
 * policy: for a call whose caller can wait on a durable timer instead (a poll), so the activity does not hold its
 * slot idle through the Retry-After while other runs' work queues behind it.
 */
export function answerThrottling<T>(fn: () => Promise<T>): Promise<T> {
  return answering.run(true, fn);
}

/**
 * Notes every 429 ARM answers inside `watchThrottling`, on each attempt (inside the SDK's retry policy, which
 * already waits the Retry-After out): the app's write budget throttled too little, and is drained until then.
 * A throttled read drains it too, though ARM keeps a bucket for reads: fewer new writes mean fewer operations to
 * poll, and that is the polls' only brake (without it, 200 runs met 14,498 read 429s instead of 123:
 * docs/performance.md §3). Inside `answerThrottling` the 429 is then thrown, which the retry policy passes on.
 */
export const throttlingPolicy: PipelinePolicy = {
  name: "aksProvisionerThrottling",
  async sendRequest(request, next) {
    const response = await next(request);
    if (response.status !== 429) return response;
    const seconds = Number(response.headers.get("retry-after"));
    const waitMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000;
    const log = seen.getStore();
    const subscriptionId = /\/subscriptions\/([^/?]+)/i.exec(request.url)?.[1];
    if (log && subscriptionId) log.push({ subscriptionId, untilMs: Date.now() + waitMs });
    if (answering.getStore()) throw new ArmThrottledError(waitMs);
    return response;
  },
};

/**
 * Runs `fn`, then hands the 429s ARM answered meanwhile to `onThrottled` — also when `fn` throws (a 429 the SDK
 * gave up on is the case that matters most).
 */
export async function watchThrottling<T>(
  fn: () => Promise<T>,
  onThrottled: (t: Throttled[]) => Promise<void>,
): Promise<T> {
  const log: Throttled[] = [];
  try {
    return await seen.run(log, fn);
  } finally {
    if (log.length > 0) await onThrottled(log);
  }
}
