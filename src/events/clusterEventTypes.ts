import type { OperationKind } from "../request/clusterLock.js";
import type { CostEstimate } from "../request/costEstimate.js";
import type { PlanSummary } from "../request/planSummary.js";
import type { AzureError as EventError, NodePoolSummary } from "../request/provisionStatus.js";
import type { ProvisioningStep } from "../request/steps.js";

/** Every event type the provisioner publishes: the one catalogue (documented in docs/events.md). */
export const clusterEventTypes = {
  provisioningStarted: "cluster.provisioning.started",
  provisioningProgress: "cluster.provisioning.progress",
  provisioned: "cluster.provisioned",
  provisioningFailed: "cluster.provisioning.failed",
  requestAccepted: "cluster.request.accepted",
  requestRejected: "cluster.request.rejected",
  rolledBack: "cluster.rolledback",
  scaled: "cluster.scaled",
  stopped: "cluster.stopped",
  started: "cluster.started",
  deleted: "cluster.deleted",
  upgraded: "cluster.upgraded",
  poolAdded: "cluster.pool.added",
  poolRemoved: "cluster.pool.removed",
  operationProgress: "cluster.operation.progress",
  operationFailed: "cluster.operation.failed",
  approvalRequested: "cluster.approval.requested",
  approvalGranted: "cluster.approval.granted",
  approvalRejected: "cluster.approval.rejected",
  approvalExpired: "cluster.approval.expired",
  scheduleSkipped: "cluster.schedule.skipped",
  expiring: "cluster.expiring",
} as const;

/** A cluster event type, e.g. `cluster.provisioned`. */
export type ClusterEventType = (typeof clusterEventTypes)[keyof typeof clusterEventTypes];

/** CloudEvents `source` of every event. */
export const EVENT_SOURCE = "/aks-provisioner";

/** Azure's error, as ARM returned it (code, message and status only; never request bodies). */
/** Node pool summary carried by provisioned and scaled events. */
export type { AzureError as EventError, NodePoolSummary } from "../request/provisionStatus.js";
/** A provisioning step, as named in progress and failure events: the one vocabulary of `src/request/steps.ts`. */
export type { ProvisioningStep } from "../request/steps.js";

/** What triggered an operation: a request (HTTP/queue) or a scale schedule. */
export type EventTrigger = { kind: "request" } | { kind: "schedule"; scheduleName: string };

/** The data of each event type. */
export interface ClusterEventData {
  "cluster.provisioning.started": { requester?: string; kubernetesVersion?: string; nodePoolCount: number };
  "cluster.provisioning.progress": {
    step: ProvisioningStep;
    status: "started" | "succeeded" | "failed" | "waiting";
    /** Monotonic per request; part of the message id so each progress event is kept once. */
    sequence: number;
    message?: string;
  };
  "cluster.provisioned": {
    kubernetesVersion: string;
    fqdn?: string;
    nodePools: NodePoolSummary[];
    registryLoginServer?: string;
    durationSeconds: number;
  };
  "cluster.provisioning.failed": { step: ProvisioningStep; error: EventError; rollbackRequested: boolean };
  "cluster.request.accepted": {
    /** The queued message's operation (`provision`, `scale`, `pools.add`, …; `docs/queue-message.schema.json`). */
    operation: string;
    requestId: string;
    /** The day-2 operation's id (derived from the message, so a redelivery names the same run). */
    operationId?: string;
    instanceId: string;
    statusUrl: string;
    /** Where to wait for the end: the provisioning's or the day-2 operation's operation URL. */
    operationUrl: string;
  };
  "cluster.request.rejected": {
    /** The API's error code: `InvalidRequest`, `InvalidJson`, `NotFound`, `ClusterBusy`, `RequestIdInUse`, … */
    code?: string;
    message?: string;
    /** The message's operation, when it named one. */
    operation?: string;
    /** What the refusal is about (the run holding the cluster, the id in use). */
    target?: string;
    errors: { path: string; code?: string; message: string }[];
  };
  "cluster.rolledback": { deletedResourceIds: string[]; failures: { resourceId: string; error: EventError }[] };
  "cluster.scaled": { nodePool: string; fromCount?: number; toCount: number; trigger: EventTrigger };
  "cluster.stopped": { trigger: EventTrigger };
  "cluster.started": { trigger: EventTrigger };
  "cluster.deleted": { deletedResourceIds: string[]; keptResourceIds: string[] };
  "cluster.upgraded": {
    fromVersion?: string;
    toVersion: string;
    nodePools: { name: string; version: string }[];
  };
  "cluster.pool.added": { nodePool: NodePoolSummary };
  "cluster.pool.removed": { nodePool: string };
  "cluster.operation.progress": {
    operationId: string;
    kind: OperationKind;
    step: string;
    status: "started" | "succeeded" | "failed" | "waiting";
    /** `{operationId}/{n}`: numbered within the operation, part of the message id. */
    sequence: string;
    message?: string;
  };
  "cluster.operation.failed": { operationId: string; kind: OperationKind; step: string; error: EventError };
  "cluster.approval.requested": {
    reasons: string[];
    expiresAt: string;
    plan: PlanSummary;
    estimate: CostEstimate;
    /** The preflight's warnings (a failed preflight ends the run before anyone is asked). */
    preflightNotes: string[];
  };
  "cluster.approval.granted": { approver: string; comment?: string };
  "cluster.approval.rejected": { approver: string; comment?: string };
  "cluster.approval.expired": { requestedAt: string; expiresAt: string };
  "cluster.schedule.skipped": {
    scheduleName: string;
    action: "scale" | "stop" | "start";
    /** `pastGrace`: missed by more than SCHEDULE_GRACE_MINUTES (the host was down); `invalidAction`: it no longer fits. */
    reason: "pastGrace" | "invalidAction";
    /** Occurrences skipped (at least this many when `truncated`), the first and the last (UTC). */
    count: number;
    truncated?: boolean;
    firstOccurrence: string;
    lastOccurrence: string;
    message: string;
  };
  "cluster.expiring": { expiresAt: string; ttlHours?: number };
}

/** Whether a string is one of the catalogue's event types. */
export function isClusterEventType(type: string): type is ClusterEventType {
  return (Object.values(clusterEventTypes) as string[]).includes(type);
}
