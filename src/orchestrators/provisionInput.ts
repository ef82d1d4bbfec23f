import * as df from "durable-functions";
import type { ClusterEventData } from "../events/clusterEventTypes.js";
import type { ApprovalGate, ClusterRequest, ProvisioningPlan, WriteBudgetSettings } from "../request/index.js";

/** The settings an orchestration runs with: fixed at intake and carried in its input, so replays agree. */
export interface OrchestrationSettings {
  /** Shortest wait between two polls (setting POLL_INTERVAL_SECONDS); Retry-After wins when longer. */
  pollIntervalSeconds: number;
  /** Longest a provisioning may take (setting PROVISION_TIMEOUT_MINUTES). */
  timeoutMinutes: number;
  /** The shared ARM write budget per subscription (settings ARM_WRITE_BURST, ARM_WRITE_RATE). */
  writeBudget: WriteBudgetSettings;
}

/** The input of the `provision` orchestration. */
export interface ProvisionInput {
  request: ClusterRequest;
  /** `plan(request)`: the single source of what is written. */
  plan: ProvisioningPlan;
  /** `requestHash(request)`: what an idempotent re-submit is compared with. */
  specHash: string;
  settings: OrchestrationSettings;
  /** Set when the run was started from the request queue. */
  queued?: QueuedRequest;
  /** When set, nothing is written until an approver approves (`approvalGate.ts`). */
  approval?: ApprovalGate;
}

/**
 * A run started from the request queue: its message's ids, which every event of the run carries, and the
 * `cluster.request.accepted` its intake publishes. The run publishes that event too, first (the same message id,
 * so the topic keeps one), so a subscriber never sees the run's events before it.
 */
export interface QueuedRequest {
  /** The message's `correlationId`, else its `messageId`. */
  correlationId: string;
  messageId: string;
  accepted: ClusterEventData["cluster.request.accepted"];
}

/**
 * The retry policy of every ARM activity, on top of the SDK's own retries: it paces with the poll interval
 * (so a scaled sandbox and Azure keep the same proportions) and backs off to 30 intervals.
 */
export function armRetry(settings: OrchestrationSettings): df.RetryOptions {
  const firstMs = Math.max(100, Math.round(settings.pollIntervalSeconds * 1000));
  const retry = new df.RetryOptions(firstMs, 5);
  retry.backoffCoefficient = 2;
  retry.maxRetryIntervalInMilliseconds = firstMs * 30;
  return retry;
}

/** The Durable instance id of a request's provisioning: derived from the request id, so it never runs twice. */
export function provisionInstanceId(requestId: string): string {
  return `provision-${requestId}`;
}
