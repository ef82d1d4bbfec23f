import {
  type CreatedResource,
  type PlanBranch,
  type ProvisioningPlan,
  type ResourceTarget,
  resourceGroupId,
  stageOf,
  targetOf,
} from "../request/index.js";

/** The stages of a delete, in the order they run (the index of each in what `deleteStages` returns). */
export const DELETE_STAGES = ["roleAssignments", "cluster", "dependencies", "resourceGroup"] as const;

/** A stage of a delete. */
export type DeleteStageName = (typeof DELETE_STAGES)[number];

/**
 * What deleting a request's resources takes, stage by stage, in reverse order of creation: the role assignments
 * the run made, the cluster, then the dependencies (replicas before their registry), and last the resource group,
 * only when this request created it. Each stage's branches run in parallel, each branch's targets in order.
 * Every planned resource is listed, created or not: the delete activity checks each by its request-id tag first
 * (404 is done, someone else's is kept, a group that still holds anything is kept). Pure: the rollback of a
 * failed provisioning and the deprovision of a cluster both build their deletes with it.
 */
export function deleteStages(plan: ProvisioningPlan, created: CreatedResource[]): ResourceTarget[][][] {
  const roleAssignments = created.filter((c) => c.kind === "roleAssignment").reverse();
  const branchTargets = (b: PlanBranch) =>
    b.writes.flatMap((w) => (w.kind === "roleAssignment" || w.kind === "resourceGroup" ? [] : [targetOf(w)])).reverse();
  const [rg, deps, cluster] = (["resourceGroup", "dependencies", "cluster"] as const).map((name) =>
    stageOf(plan, name),
  );
  const rgCreated = created.filter((c) => c.kind === "resourceGroup");
  return [
    roleAssignments.map((t) => [t]),
    (cluster?.branches ?? []).map(branchTargets).filter((b) => b.length > 0),
    (deps?.branches ?? []).map(branchTargets).filter((b) => b.length > 0),
    rg && rgCreated.length > 0 ? [rgCreated] : [],
  ];
}

/**
 * What a request uses but did not create, so no delete touches it: a resource group it found, an existing subnet
 * or registry it referenced. Listed as kept, for the record.
 */
export function referencedNotOwned(
  plan: ProvisioningPlan,
  created: CreatedResource[],
  resourceGroupFound: boolean,
): string[] {
  const targets = deleteStages(plan, created)
    .flat(2)
    .map((t) => t.resourceId.toLowerCase());
  const ours = (id: string) => targets.some((t) => id.toLowerCase() === t || id.toLowerCase().startsWith(`${t}/`));
  const { subnetId, registryId } = plan.references;
  return [
    ...(resourceGroupFound ? [resourceGroupId(plan.subscriptionId, plan.resourceGroup)] : []),
    ...[subnetId, registryId].filter((id): id is string => id !== undefined && !ours(id)),
  ];
}
