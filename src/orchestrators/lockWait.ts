import type * as df from "durable-functions";
import type { AcquireRequest, AcquireResult, LockHolder } from "../request/index.js";
import type { OrchestrationSettings } from "./provisionInput.js";

/** How long a run waits for a busy cluster's lock before it gives up with ClusterBusy (schedules, TTL). */
export interface LockWait {
  /** From the run's start, in minutes. */
  maxMinutes: number;
}

/**
 * Takes the cluster's lock. Without `wait` one try (HTTP operations answer 409 at intake, and a run that still
 * loses a race fails at once); with it, tries again on durable timers — the poll interval, doubling up to eight
 * intervals — until it is granted or `maxMinutes` have passed, telling `onWaiting` who holds it each time.
 */
export function* acquireClusterLock(
  context: df.OrchestrationContext,
  lock: df.EntityId,
  request: AcquireRequest,
  options: { wait?: LockWait; settings: OrchestrationSettings; onWaiting: (holder: LockHolder) => void },
): Generator<df.Task, AcquireResult, unknown> {
  const firstMs = Math.max(100, Math.round(options.settings.pollIntervalSeconds * 1000));
  const deadline = context.df.currentUtcDateTime.getTime() + (options.wait?.maxMinutes ?? 0) * 60_000;
  let intervalMs = firstMs;
  for (;;) {
    const acquired = (yield context.df.callEntity(lock, "acquire", request)) as AcquireResult;
    const now = context.df.currentUtcDateTime.getTime();
    if (acquired.granted || !options.wait || now >= deadline) return acquired;
    options.onWaiting(acquired.holder);
    yield context.df.createTimer(new Date(Math.min(deadline, now + intervalMs)));
    intervalMs = Math.min(intervalMs * 2, firstMs * 8);
  }
}
