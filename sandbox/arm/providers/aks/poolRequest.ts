import type { StoredResource } from "../../store/armStore.js";
import { props } from "../common.js";

/** Pool fields AKS fills itself: what a client sends for them is not a change it asked for. */
const SERVER_FILLED = ["provisioningState", "powerState", "currentOrchestratorVersion", "nodeImageVersion", "eTag"];

/** Fields whose 0 means "AKS's default" (real clients send it), not a value. */
const ZERO_IS_DEFAULT = new Set(["osDiskSizeGB", "maxPods"]);

/** Whether a field counts as sent: the SDK omits what is unset, Python and Terraform send null or "". */
const isSent = (value: unknown, key = "") =>
  value !== undefined && value !== null && value !== "" && !(value === 0 && ZERO_IS_DEFAULT.has(key));

/**
 * The pool a write describes. AKS treats the fields a PUT leaves out as unchanged (the SDK omits
 * every unset field, so `{ powerState: { code: "Stopped" } }` must not read as a new vmSize): absent
 * fields take the pool's current values. A cluster PUT moves pools to the cluster's version, so it
 * passes `keepVersion: false` and a pool's `orchestratorVersion` is not carried over there.
 */
export function poolRequest(
  old: StoredResource | undefined,
  input: Record<string, unknown>,
  options: { keepVersion: boolean },
): Record<string, unknown> {
  if (!old) return input;
  const skip = new Set([...SERVER_FILLED, ...(options.keepVersion ? [] : ["orchestratorVersion"])]);
  const current = Object.entries(props(old.body)).filter(([k]) => !skip.has(k));
  const merged: Record<string, unknown> = {
    ...Object.fromEntries(current),
    ...Object.fromEntries(Object.entries(input).filter(([k, v]) => isSent(v, k) && !SERVER_FILLED.includes(k))),
  };
  // Turning autoscaling off drops its range, as AKS answers minCount/maxCount null then.
  if (input.enableAutoScaling === false) {
    if (!isSent(input.minCount)) delete merged.minCount;
    if (!isSent(input.maxCount)) delete merged.maxCount;
  }
  return merged;
}

/** The power state a pool PUT asks for: `powerState.code` when sent, else the pool's current one. */
export function requestedPower(old: StoredResource | undefined, input: Record<string, unknown>): "Running" | "Stopped" {
  const sent = (input.powerState as { code?: unknown } | undefined)?.code;
  const current = old ? (props(old.body).powerState as { code?: unknown } | undefined)?.code : undefined;
  return (sent ?? current) === "Stopped" ? "Stopped" : "Running";
}
