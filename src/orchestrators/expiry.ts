import type * as df from "durable-functions";
import type { EventToPublish } from "../activities/index.js";
import type { LockState, OperationStatus } from "../request/index.js";
import { CLUSTER_OPERATION } from "./clusterOperation.js";
import { clusterLockId } from "./entities.js";
import type { OperationInput } from "./operationInput.js";
import { Outbox } from "./outbox.js";

/** The orchestration name, as registered in `src/functions`. */
export const EXPIRY = "expiry";

/** Longest single durable timer the expiry relies on (Durable's own limit is longer on some hosts, not all). */
export const MAX_TIMER_MS = 6 * 24 * 3_600_000;

/** The input of `expiry`: when the cluster's TTL ends, and the deprovision to run then (built when it starts). */
export interface ExpiryInput {
  requestId: string;
  expiresAt: string;
  ttlHours?: number;
  /** A `deprovision` that waits for the lock (`waitForLock`). */
  operation: OperationInput;
}

/** What the expiry did: deprovisioned (the operation's final status), or nothing (already deleted). */
export type ExpiryOutput =
  | { state: "deprovisioned" | "failed"; operation: OperationStatus }
  | { state: "alreadyDeleted"; by: string };

/**
 * A cluster's TTL (instance `ttl-{requestId}`, one per cluster): announces `cluster.expiring`, waits until
 * `expiresAt` on durable timers of at most six days each (chained), then, unless a deprovision has already succeeded,
 * runs the deprovision as a sub-orchestration of `clusterOperation`, which waits for a busy cluster's lock.
 */
export function* expiryOrchestrator(context: df.OrchestrationContext): Generator<df.Task, ExpiryOutput, unknown> {
  const input = context.df.getInput() as ExpiryInput;
  const { plan, settings } = input.operation;
  const expiring: EventToPublish = {
    type: "cluster.expiring",
    requestId: input.requestId,
    cluster: { subscriptionId: plan.subscriptionId, resourceGroup: plan.resourceGroup, clusterName: plan.clusterName },
    data: { expiresAt: input.expiresAt, ...(input.ttlHours !== undefined ? { ttlHours: input.ttlHours } : {}) },
    time: context.df.currentUtcDateTime.toISOString(),
  };
  const outbox = new Outbox(context, {}, settings);
  outbox.push(expiring);
  yield* outbox.flush();
  const expiresAtMs = Date.parse(input.expiresAt);
  for (;;) {
    const now = context.df.currentUtcDateTime.getTime();
    if (now >= expiresAtMs) break;
    yield context.df.createTimer(new Date(Math.min(expiresAtMs, now + MAX_TIMER_MS)));
  }
  // Deleted meanwhile (a DELETE): its lock remembers the deprovision that succeeded.
  const lock = (yield context.df.callEntity(clusterLockId(plan.clusterId), "get")) as LockState | null;
  const deleted = lock?.history?.find((h) => h.kind === "deprovision" && h.state === "succeeded");
  if (deleted) return { state: "alreadyDeleted", by: deleted.operationId };
  const operation = (yield context.df.callSubOrchestrator(
    CLUSTER_OPERATION,
    input.operation,
    `${context.df.instanceId}:deprovision`,
  )) as OperationStatus;
  return { state: operation.state === "succeeded" ? "deprovisioned" : "failed", operation };
}
