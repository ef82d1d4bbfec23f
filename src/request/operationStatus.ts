import type { OperationKind } from "./clusterLock.js";
import type { EventLog } from "./eventLog.js";
import type { AzureError, CreatedResource, NodePoolSummary, StepStatus } from "./provisionStatus.js";
import type { ProvisioningStep } from "./steps.js";

/** Where a day-2 operation stands. */
export type OperationState = "accepted" | "running" | "succeeded" | "failed";

/** A day-2 operation's custom status and output (deprovision, scale, pools, stop/start, upgrade). */
export interface OperationStatus extends EventLog {
  operationId: string;
  requestId: string;
  kind: OperationKind;
  state: OperationState;
  steps: StepStatus[];
  /** What the operation created (a pool), for the record. */
  created: CreatedResource[];
  failure?: { step: ProvisioningStep | string; error: AzureError };
  /** What it achieved, by kind (pools and counts, versions, deleted ids). */
  result?: Record<string, unknown>;
  startedAt?: string;
  endedAt?: string;
}

/** An operation as the cluster's lock remembers it once it has ended (the status API lists these). */
export interface OperationSummary {
  operationId: string;
  instanceId: string;
  kind: OperationKind;
  state: OperationState;
  startedAt?: string;
  endedAt?: string;
  failure?: OperationStatus["failure"];
  /** Every pool as a scale or pool add/remove left it (the status API shows the newest as the cluster's pools). */
  pools?: NodePoolSummary[];
}
