import type { ClusterReading } from "../activities/index.js";
import type {
  MaintenanceConfigurationWrite,
  PlanBranch,
  ResourceGroupWrite,
  RoleAssignmentWrite,
  TaggedWrite,
} from "../request/index.js";
import { type Branch, call } from "./activityCalls.js";
import { type Run, writeAndWait } from "./armSteps.js";
import { azureError, fail, ok, type StepResult } from "./stepResult.js";

/** The resource group step: an existing group is used as it is (and marked found); otherwise it is created. */
export function* resourceGroupStep(run: Run, write: ResourceGroupWrite): Branch<StepResult> {
  const { progress } = run;
  progress.started("resourceGroup", write.resourceId);
  const outcome = yield* call("ensureResourceGroup", write, "resourceGroup");
  if (outcome.outcome === "failed") return fail("resourceGroup", azureError(outcome.error));
  progress.status.resourceGroupFound = outcome.outcome === "found";
  if (outcome.outcome === "created") progress.status.created.push(outcome.target);
  progress.succeeded("resourceGroup", outcome.outcome === "found" ? "found" : "succeeded");
  return ok(undefined);
}

/** A dependency branch (network, registry with its replicas, one disk): its writes in order, each to a terminal state. */
export function* writesStep(run: Run, branch: PlanBranch): Branch<StepResult> {
  for (const write of branch.writes) {
    const written = yield* writeAndWait(run, branch.name, write as TaggedWrite);
    if (!written.ok) return written;
  }
  run.progress.succeeded(branch.name, undefined, "Succeeded");
  return ok(undefined);
}

/**
 * The maintenance step: the cluster's maintenance configurations, one synchronous PUT after the other. They are part
 * of the cluster (deleted with it), so they are not listed as created for a rollback to delete.
 */
export function* maintenanceStep(run: Run, branch: PlanBranch): Branch<StepResult> {
  const { progress } = run;
  progress.started(
    branch.name,
    branch.writes[0] && "resourceId" in branch.writes[0] ? branch.writes[0].resourceId : undefined,
  );
  for (const write of branch.writes as MaintenanceConfigurationWrite[]) {
    const outcome = yield* call("putMaintenanceConfiguration", write, branch.name);
    if (outcome.outcome === "failed") return fail(branch.name, azureError(outcome.error));
  }
  progress.succeeded(branch.name, undefined, branch.writes.map((w) => ("name" in w ? w.name : "")).join(", "));
  return ok(undefined);
}

/**
 * A role-assignment step: the planned role for the identity the cluster now has, or for the provisioner itself
 * (whose principal the activity reads from its own token).
 */
export function* roleAssignmentStep(run: Run, branch: PlanBranch, cluster: ClusterReading): Branch<StepResult> {
  const { progress } = run;
  const write = branch.writes[0] as RoleAssignmentWrite;
  progress.started(branch.name);
  if (write.principalFrom === "provisioner") return yield* assigned(run, branch, write);
  const principalId = write.principalFrom === "kubeletIdentity" ? cluster.kubeletObjectId : cluster.clusterPrincipalId;
  if (!principalId) {
    return fail(branch.name, {
      code: "PrincipalNotFound",
      message: `the cluster reports no ${write.principalFrom === "kubeletIdentity" ? "kubelet identity object id" : "identity principal id"}`,
    });
  }
  return yield* assigned(run, branch, write, principalId);
}

function* assigned(run: Run, branch: PlanBranch, write: RoleAssignmentWrite, principalId?: string): Branch<StepResult> {
  const { progress } = run;
  const outcome = yield* call("assignRole", { write, ...(principalId ? { principalId } : {}) }, branch.name);
  if (outcome.outcome === "failed") return fail(branch.name, azureError(outcome.error));
  const step = progress.step(branch.name);
  step.resourceId = outcome.target.resourceId;
  if (!outcome.existed) progress.status.created.push(outcome.target);
  progress.succeeded(branch.name, undefined, outcome.existed ? "RoleAssignmentExists" : "Created");
  return ok(undefined);
}
