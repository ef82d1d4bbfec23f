import type { OperationKind } from "./clusterLock.js";
import type { ScaleSchedule } from "./clusterRequest.js";
import type { ProvisioningPlan } from "./planTypes.js";
import type { NodePoolSummary } from "./provisionStatus.js";

/**
 * The registry's row of one cluster (table `CLUSTER_TABLE_NAME`) and the pure rules that change it. The
 * orchestrations record facts through the `recordCluster` activity; this module decides what a fact does to a row.
 */

/**
 * What a user filtering `?state=` sees. `provisioning`: the first run is on; `provisioned`: it exists and runs;
 * `failed`: the provisioning failed and what it made was kept (or its rollback failed); `rolledBack`: it failed
 * and what it made is gone; `stopped`: stopped by a stop; `deleting`: a deprovision is on; `deleted`: deprovisioned.
 * A day-2 operation that fails leaves the state it found (a failed stop is still `provisioned`).
 */
export const CLUSTER_STATES = [
  "provisioning",
  "provisioned",
  "failed",
  "rolledBack",
  "stopped",
  "deleting",
  "deleted",
] as const;
export type ClusterState = (typeof CLUSTER_STATES)[number];

export function isClusterState(value: string): value is ClusterState {
  return (CLUSTER_STATES as readonly string[]).includes(value);
}

/** The Azure resources the cluster is made of or uses (from the plan, whether it created them or found them). */
export interface ClusterResourceIds {
  cluster: string;
  virtualNetwork?: string;
  subnet?: string;
  registry?: string;
  disks: string[];
}

/** The newest operation on the cluster: the provisioning, or a day-2 operation. */
export interface LastOperation {
  kind: OperationKind;
  /** The day-2 operation id of the operation URL (the provisioning has none: its request id is its id). */
  operationId?: string;
  instanceId: string;
  state: "running" | "succeeded" | "failed";
  /** When it took the lock (the orchestration's clock). */
  startedAt: string;
  endedAt?: string;
  /** The cluster's state when it started: where a failed operation leaves it. */
  fromState: ClusterState;
}

/** One cluster, as the registry keeps it. Times are ISO 8601 from the orchestrations' clocks. */
export interface ClusterRow {
  requestId: string;
  /** The request's `requester`. */
  owner?: string;
  subscriptionId: string;
  resourceGroup: string;
  clusterName: string;
  location: string;
  /** `requestHash(request)` of the provisioned request. */
  specHash: string;
  state: ClusterState;
  resourceIds: ClusterResourceIds;
  /** The request's schedules, for the schedule timer. */
  schedules: ScaleSchedule[];
  ttlHours?: number;
  /** `provisionedAt + ttlHours`, for the TTL timer. */
  expiresAt?: string;
  provisionedAt?: string;
  /** The pools as the last run that knew them left them (provisioning outputs, scale, pool changes). */
  pools?: NodePoolSummary[];
  provisionInstanceId: string;
  lastOperation?: LastOperation;
  /** The orchestration time of the newest fact applied: an older fact never overwrites the row. */
  updatedAt: string;
}

/** A fact an orchestration records, at its own clock (`context.df.currentUtcDateTime`): replays send the same. */
/** What a provisioning knows of its cluster: every record of it carries all of it, so any one can make the row. */
export interface ProvisionFacts {
  requestId: string;
  instanceId: string;
  owner?: string;
  specHash: string;
  plan: Pick<
    ProvisioningPlan,
    "subscriptionId" | "resourceGroup" | "location" | "clusterName" | "clusterId" | "references"
  >;
  schedules: ScaleSchedule[];
  ttlHours?: number;
}

/** A fact an orchestration records, at its own clock (`context.df.currentUtcDateTime`): replays send the same. */
export type ClusterChange =
  | ({ kind: "provisionStarted"; at: string } & ProvisionFacts)
  | ({
      kind: "provisionEnded";
      at: string;
      outcome: "provisioned" | "failed" | "rolledBack";
      pools?: NodePoolSummary[];
    } & ProvisionFacts)
  | {
      kind: "operationStarted";
      at: string;
      requestId: string;
      operation: { kind: OperationKind; operationId?: string; instanceId: string };
    }
  | {
      kind: "operationEnded";
      at: string;
      requestId: string;
      operation: { kind: OperationKind; operationId?: string; instanceId: string };
      outcome: "succeeded" | "failed";
      pools?: NodePoolSummary[];
    };

/** What the change did: `applied` (the row after), `stale` (older than the row: kept as it was), or `unknown`. */
export type ChangeResult =
  | { kind: "applied"; row: ClusterRow }
  | { kind: "stale"; row: ClusterRow }
  | { kind: "unknown"; reason: string };

/**
 * The row after `change`. Pure and idempotent: applying the same change twice gives the same row, and a change
 * older than the row's `updatedAt` leaves it as it is (a retried activity of an earlier step never undoes a later
 * one). A day-2 change to a row that does not exist is `unknown` (nothing to attach it to).
 */
export function applyClusterChange(before: ClusterRow | undefined, change: ClusterChange): ChangeResult {
  if (before && change.at < before.updatedAt) return { kind: "stale", row: before };
  switch (change.kind) {
    case "provisionStarted":
      return { kind: "applied", row: provisioningRow(before, change) };
    case "provisionEnded": {
      // Its start may have gone unrecorded (table unreachable then): the end's facts make the row alone.
      const base =
        before && before.provisionInstanceId === change.instanceId ? before : provisioningRow(before, change);
      const provisioned = change.outcome === "provisioned";
      const expiresAt =
        provisioned && base.ttlHours !== undefined
          ? new Date(Date.parse(change.at) + base.ttlHours * 3_600_000).toISOString()
          : undefined;
      const { expiresAt: _, provisionedAt: __, ...rest } = base;
      return {
        kind: "applied",
        row: {
          ...rest,
          state: change.outcome,
          ...(provisioned ? { provisionedAt: change.at } : {}),
          ...(expiresAt ? { expiresAt } : {}),
          ...(change.pools ? { pools: change.pools } : {}),
          lastOperation: {
            ...(base.lastOperation ?? provisionOperation(change.instanceId, change.at)),
            state: provisioned ? "succeeded" : "failed",
            endedAt: change.at,
          },
          updatedAt: change.at,
        },
      };
    }
    case "operationStarted": {
      if (!before) return { kind: "unknown", reason: `no row for ${change.requestId}` };
      // A replayed start of the running operation keeps the state it found, not the `deleting` it set.
      const same =
        before.lastOperation?.instanceId === change.operation.instanceId &&
        before.lastOperation.operationId === change.operation.operationId;
      const fromState = same && before.lastOperation ? before.lastOperation.fromState : before.state;
      return {
        kind: "applied",
        row: {
          ...before,
          state: change.operation.kind === "deprovision" ? "deleting" : before.state,
          lastOperation: { ...change.operation, state: "running", startedAt: change.at, fromState },
          updatedAt: change.at,
        },
      };
    }
    case "operationEnded": {
      if (!before) return { kind: "unknown", reason: `no row for ${change.requestId}` };
      const last = before.lastOperation;
      const started =
        last && last.instanceId === change.operation.instanceId && last.operationId === change.operation.operationId
          ? last
          : { ...change.operation, state: "running" as const, startedAt: change.at, fromState: before.state };
      const state =
        change.outcome === "succeeded" ? (stateAfter(change.operation.kind) ?? started.fromState) : started.fromState;
      return {
        kind: "applied",
        row: {
          ...before,
          state,
          ...(change.outcome === "succeeded" && change.pools ? { pools: change.pools } : {}),
          lastOperation: { ...started, state: change.outcome, endedAt: change.at },
          updatedAt: change.at,
        },
      };
    }
  }
}

/** The state a successful day-2 operation leaves (undefined: the state it found). */
function stateAfter(kind: OperationKind): ClusterState | undefined {
  switch (kind) {
    case "stop":
      return "stopped";
    case "start":
      return "provisioned";
    case "deprovision":
      return "deleted";
    default:
      return undefined;
  }
}

function provisionOperation(instanceId: string, at: string): LastOperation {
  return { kind: "provision", instanceId, state: "running", startedAt: at, fromState: "provisioning" };
}

function provisioningRow(before: ClusterRow | undefined, change: ProvisionFacts & { at: string }): ClusterRow {
  const { plan } = change;
  const subnet = plan.references.subnetId;
  return {
    requestId: change.requestId,
    ...(change.owner ? { owner: change.owner } : {}),
    subscriptionId: plan.subscriptionId,
    resourceGroup: plan.resourceGroup,
    clusterName: plan.clusterName,
    location: plan.location,
    specHash: change.specHash,
    state: "provisioning",
    resourceIds: {
      cluster: plan.clusterId,
      ...(subnet ? { virtualNetwork: subnet.replace(/\/subnets\/[^/]+$/i, ""), subnet } : {}),
      ...(plan.references.registryId ? { registry: plan.references.registryId } : {}),
      disks: plan.references.diskIds,
    },
    schedules: change.schedules,
    ...(change.ttlHours !== undefined ? { ttlHours: change.ttlHours } : {}),
    provisionInstanceId: change.instanceId,
    // A replayed start keeps the operation's first start time.
    lastOperation:
      before?.lastOperation?.instanceId === change.instanceId && before.lastOperation.kind === "provision"
        ? { ...before.lastOperation, state: "running" }
        : provisionOperation(change.instanceId, change.at),
    updatedAt: change.at,
  };
}
