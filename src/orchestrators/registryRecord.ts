import type * as df from "durable-functions";
import type { RecordOutcome } from "../activities/index.js";
import type { ClusterChange, ProvisionFacts } from "../request/clusterRow.js";
import type { NodePoolSummary, OperationStatus, ProvisionStatus } from "../request/index.js";
import type { OperationInput } from "./operationInput.js";
import { armRetry, type ProvisionInput } from "./provisionInput.js";

/**
 * The orchestrations' records in the cluster registry (the `recordCluster` activity), each stamped with the
 * orchestration's clock so a replay sends the same change and a late write never beats a newer one.
 *
 * The registry is a view, not the run's truth: a record that still fails after the activity retries (table
 * unreachable) is dropped and the run goes on with the outcome it had (a provisioned cluster is never failed for
 * it). Every provisioning record carries all the request's facts, so its end alone makes a complete row.
 */
type Record = Generator<df.Task, RecordOutcome | undefined, unknown>;

function* record(context: df.OrchestrationContext, retry: df.RetryOptions, change: ClusterChange): Record {
  try {
    return (yield context.df.callActivityWithRetry("recordCluster", retry, change)) as RecordOutcome;
  } catch {
    return undefined;
  }
}

function provisionFacts(context: df.OrchestrationContext, input: ProvisionInput): ProvisionFacts {
  const { request, plan, specHash } = input;
  return {
    requestId: plan.requestId,
    instanceId: context.df.instanceId,
    ...(request.requester ? { owner: request.requester } : {}),
    specHash,
    plan: {
      subscriptionId: plan.subscriptionId,
      resourceGroup: plan.resourceGroup,
      location: plan.location,
      clusterName: plan.clusterName,
      clusterId: plan.clusterId,
      references: plan.references,
    },
    schedules: request.schedules,
    ...(request.ttlHours !== undefined ? { ttlHours: request.ttlHours } : {}),
  };
}

/** A provisioning that holds the lock: the row, state `provisioning`. */
export function recordProvisionStarted(context: df.OrchestrationContext, input: ProvisionInput): Record {
  const at = context.df.currentUtcDateTime.toISOString();
  return record(context, armRetry(input.settings), { kind: "provisionStarted", at, ...provisionFacts(context, input) });
}

/** A provisioning's end: provisioned (with its pools; provisionedAt and expiresAt follow), failed or rolled back. */
export function recordProvisionEnded(
  context: df.OrchestrationContext,
  input: ProvisionInput,
  status: ProvisionStatus,
): Record {
  const at = context.df.currentUtcDateTime.toISOString();
  const outcome =
    status.state === "succeeded" ? "provisioned" : status.state === "rolledBack" ? "rolledBack" : "failed";
  const pools = status.outputs?.pools.map(({ readyNodes: _, ...pool }): NodePoolSummary => pool);
  return record(context, armRetry(input.settings), {
    kind: "provisionEnded",
    at,
    outcome,
    ...(pools ? { pools } : {}),
    ...provisionFacts(context, input),
  });
}

function operationOf(context: df.OrchestrationContext, input: OperationInput) {
  return { kind: input.kind, operationId: input.operationId, instanceId: context.df.instanceId };
}

/** A day-2 operation that holds the lock (a deprovision turns the row `deleting`). */
export function recordOperationStarted(context: df.OrchestrationContext, input: OperationInput): Record {
  const at = context.df.currentUtcDateTime.toISOString();
  return record(context, armRetry(input.settings), {
    kind: "operationStarted",
    at,
    requestId: input.requestId,
    operation: operationOf(context, input),
  });
}

/** A day-2 operation's end: its outcome, the state it leaves and the pools it left (scale, pool changes). */
export function recordOperationEnded(
  context: df.OrchestrationContext,
  input: OperationInput,
  status: OperationStatus,
): Record {
  const at = context.df.currentUtcDateTime.toISOString();
  const pools = Array.isArray(status.result?.pools) ? (status.result.pools as NodePoolSummary[]) : undefined;
  return record(context, armRetry(input.settings), {
    kind: "operationEnded",
    at,
    requestId: input.requestId,
    operation: operationOf(context, input),
    outcome: status.failure ? "failed" : "succeeded",
    ...(pools ? { pools } : {}),
  });
}
