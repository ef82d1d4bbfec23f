import { AsyncLocalStorage } from "node:async_hooks";
import type { PipelinePolicy } from "@azure/core-rest-pipeline";

interface Probe {
  retryAfterMs?: number;
}

const probes = new AsyncLocalStorage<Probe>();

/**
 * Records the `Retry-After` of the last ARM response inside `captureRetryAfter`. Long operations are polled by
 * the orchestration on durable timers, not by the SDK, so the SDK's own honouring of the header never runs:
 * the activity reads it here and hands it to the orchestration. Per call, outside the retry policy, so it
 * sees the response the call returned, not a throttled attempt the SDK already waited out.
 */
export const retryAfterPolicy: PipelinePolicy = {
  name: "aksProvisionerRetryAfter",
  async sendRequest(request, next) {
    const response = await next(request);
    const probe = probes.getStore();
    if (probe) {
      const ms = retryAfterMs(response.headers.get("retry-after-ms") ?? response.headers.get("x-ms-retry-after-ms"), 1);
      probe.retryAfterMs = ms ?? retryAfterMs(response.headers.get("retry-after"), 1000) ?? probe.retryAfterMs;
    }
    return response;
  },
};

/** Runs `fn` and reports the Retry-After (seconds) of the last ARM response it received, when there was one. */
export async function captureRetryAfter<T>(fn: () => Promise<T>): Promise<{ value: T; retryAfterSeconds?: number }> {
  const probe: Probe = {};
  const value = await probes.run(probe, fn);
  return probe.retryAfterMs === undefined ? { value } : { value, retryAfterSeconds: probe.retryAfterMs / 1000 };
}

// A number in `unit` ms, or an HTTP-date; 0 means "no advice" (the SDK reads it so too).
function retryAfterMs(header: string | undefined, unit: number): number | undefined {
  if (!header) return undefined;
  const n = Number(header);
  if (Number.isFinite(n)) return n > 0 ? n * unit : undefined;
  const at = Date.parse(header);
  if (Number.isNaN(at)) return undefined;
  const ms = at - Date.now();
  return ms > 0 ? ms : undefined;
}
