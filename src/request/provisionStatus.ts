import type { ApprovalStatus } from "./approvalDecision.js";
import type { EventLog } from "./eventLog.js";
import type { ProvisioningPlan } from "./planTypes.js";
import type { ResourceTarget } from "./resourceTarget.js";
import { type ProvisioningStep, type StageName, type StepId, type StepKind, stepId, stepKindOf } from "./steps.js";

/**
 * Where a whole provisioning stands (the status API's `state`). `awaitingApproval`: nothing written yet, waiting
 * for a decision; `rejected` and `expired` end an approval with nothing created.
 */
export type ProvisionState =
  | "accepted"
  | "awaitingApproval"
  | "running"
  | "succeeded"
  | "failed"
  | "rolledBack"
  | "rejected"
  | "expired";

/**
 * Where one step stands. `found`: the step used something that already existed (a resource group) instead
 * of creating it; `waiting`: the step is polling Azure or Kubernetes; `skipped`: a failure came first.
 */
export type StepState = "pending" | "running" | "waiting" | "succeeded" | "found" | "failed" | "skipped";

/** Azure's error, word for word (code and message; never a body). */
export interface AzureError {
  code: string;
  message: string;
  statusCode?: number;
}

/** One step as the status API shows it. */
export interface StepStatus {
  id: StepId;
  kind: StepKind;
  stage: StageName;
  state: StepState;
  /** Orchestration time (ISO 8601) the step started and ended. */
  startedAt?: string;
  endedAt?: string;
  /** ARM writes sent for this step, retries included (0 for reads-only steps). */
  attempts: number;
  /** The Azure resource the step writes (or waits on), known before the first poll. */
  resourceId?: string;
  /** The last `provisioningState` (or readiness summary) seen. */
  lastSeen?: string;
  error?: AzureError;
}

/** A node pool as ARM reports it: the summary the outputs, the events and the activities share. */
export interface NodePoolSummary {
  name: string;
  mode: "System" | "User";
  vmSize: string;
  count: number;
  minCount?: number;
  maxCount?: number;
}

/** A node pool as provisioned, with its Ready nodes. */
export interface PoolOutput extends NodePoolSummary {
  readyNodes: number;
}

/** What a succeeded provisioning hands back (never a kubeconfig, key or token). */
export interface ProvisionOutputs {
  clusterId: string;
  fqdn?: string;
  nodeResourceGroup: string;
  kubeletIdentityObjectId?: string;
  registryLoginServer?: string;
  diskIds: string[];
  pools: PoolOutput[];
  kubernetesVersion: string;
}

/** A resource this request created (or started to), in creation order: what a rollback may delete. */
export type CreatedResource = ResourceTarget;

/** What the rollback did. */
export interface RollbackReport {
  deletedResourceIds: string[];
  failures: { resourceId: string; error: AzureError }[];
  /** Resources left in place because they were not this request's (or held something that was not). */
  keptResourceIds: string[];
}

/** The provision orchestration's custom status and output: everything the status API shows. */
export interface ProvisionStatus extends EventLog {
  requestId: string;
  state: ProvisionState;
  /** Whether the resource group existed before this request (it is then never deleted). */
  resourceGroupFound?: boolean;
  steps: StepStatus[];
  created: CreatedResource[];
  outputs?: ProvisionOutputs;
  /** The step that failed (or `lock`, when another operation held the cluster) and Azure's error. */
  failure?: { step: ProvisioningStep; error: AzureError };
  rollback?: RollbackReport;
  /** The approval, when the run had to wait for one: the estimate, the decision and who took it. */
  approval?: ApprovalStatus;
}

/** The steps of a plan in the order they run, each `pending`: the status before anything happened. */
export function initialSteps(plan: ProvisioningPlan): StepStatus[] {
  const steps: StepStatus[] = [];
  const add = (id: StepId, stage: StageName, resourceId?: string) =>
    steps.push({
      id,
      kind: stepKindOf(id),
      stage,
      state: "pending",
      attempts: 0,
      ...(resourceId ? { resourceId } : {}),
    });
  // Readiness follows the cluster's settings (a plan made before that stage existed: the cluster).
  const beforeReadiness = plan.stages.some((s) => s.name === "clusterSettings") ? "clusterSettings" : "cluster";
  for (const stage of plan.stages) {
    for (const branch of stage.branches) {
      const first = branch.writes[0];
      add(branch.name, stage.name, first && "resourceId" in first ? first.resourceId : undefined);
    }
    if (stage.name === beforeReadiness) add(stepId("readiness"), "readiness", plan.clusterId);
  }
  return steps;
}
