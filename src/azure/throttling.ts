import { AsyncLocalStorage } from "node:async_hooks";
import type { PipelinePolicy } from "@azure/core-rest-pipeline";

/** A 429 ARM answered: which subscription it throttled, and until when it asked us to wait (ms since the epoch). */
export interface Throttled {
  subscriptionId: string;
  untilMs: number;
}

const seen = new AsyncLocalStorage<Throttled[]>();

/**
 * Notes every 429 ARM answers inside `watchThrottling`, on each attempt (inside the SDK's retry policy, which
 * already waits the Retry-After out): the app's write budget throttled too little, and is drained until then.
 */
export const throttlingPolicy: PipelinePolicy = {
  name: "aksProvisionerThrottling",
  async sendRequest(request, next) {
    const response = await next(request);
    const log = seen.getStore();
    if (log && response.status === 429) {
      const subscriptionId = /\/subscriptions\/([^/?]+)/i.exec(request.url)?.[1];
      const seconds = Number(response.headers.get("retry-after"));
      const waitMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000;
      if (subscriptionId) log.push({ subscriptionId, untilMs: Date.now() + waitMs });
    }
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
