import type * as df from "durable-functions";
import { clusterLockId } from "../orchestrators/entities.js";
import { operationInstanceId } from "../orchestrators/operationInput.js";
import { type ProvisionInput, provisionInstanceId } from "../orchestrators/provisionInput.js";
import type { LockState, OperationStatus, OperationSummary, ProvisionStatus } from "../request/index.js";
import { findRun } from "./findRun.js";
import { hasEnded } from "./http/statusView.js";

/** What intake knows of a provisioned cluster: its provisioning run, and its day-2 operations. */
export interface ClusterRecord {
  provisioning: df.DurableOrchestrationStatus;
  input: ProvisionInput;
  /** The provisioning's final status, once it has ended normally. */
  outcome?: ProvisionStatus;
  /** The request's day-2 operations instance (one at a time), if it ever ran. */
  operation?: df.DurableOrchestrationStatus;
  lock: LockState;
}

/** The record of a request id, or undefined when nothing was ever provisioned for it. */
export async function findCluster(client: df.DurableClient, requestId: string): Promise<ClusterRecord | undefined> {
  const provisioning = await findRun(client, provisionInstanceId(requestId));
  if (!provisioning) return undefined;
  const input = provisioning.input as ProvisionInput;
  const operation = await findRun(client, operationInstanceId(requestId));
  const lock = await client.readEntityState<LockState>(clusterLockId(input.plan.clusterId));
  return {
    provisioning,
    input,
    ...(provisioning.runtimeStatus === "Completed" ? { outcome: provisioning.output as ProvisionStatus } : {}),
    ...(operation ? { operation } : {}),
    lock: lock.entityExists ? (lock.entityState ?? {}) : {},
  };
}

/** The request's day-2 operations, newest first: the one running (if any), then what the lock remembers. */
export function operationsOf(record: ClusterRecord): OperationSummary[] {
  const history = record.lock.history ?? [];
  const current = record.operation;
  if (!current) return history;
  const status = (hasEnded(current) && current.runtimeStatus === "Completed" ? current.output : current.customStatus) as
    | OperationStatus
    | undefined;
  const operationId = (current.input as { operationId?: string } | undefined)?.operationId;
  if (!operationId || history.some((h) => h.operationId === operationId)) return history;
  const running: OperationSummary = {
    operationId,
    instanceId: current.instanceId,
    kind: (current.input as { kind: OperationSummary["kind"] }).kind,
    state: hasEnded(current) ? (status?.state ?? "failed") : (status?.state ?? "accepted"),
    ...(status?.startedAt ? { startedAt: status.startedAt } : {}),
  };
  return [running, ...history];
}

/** The deprovision that deleted the cluster, if one has succeeded (newest first, so the latest such). */
export function deprovisionedBy(record: ClusterRecord): OperationSummary | undefined {
  return operationsOf(record).find((o) => o.kind === "deprovision" && o.state === "succeeded");
}
