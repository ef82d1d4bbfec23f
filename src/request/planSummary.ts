import type { ClusterRequest } from "./clusterRequest.js";
import { writesOf } from "./planLookup.js";
import type { ProvisioningPlan } from "./planTypes.js";
import type { NodePoolSummary } from "./provisionStatus.js";

/** What an approver sees of a plan: where, which resources it would create, and the node pools. */
export interface PlanSummary {
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  /** `kind` and resource id of every resource the plan writes (role assignments are counted, not listed). */
  resources: { kind: string; resourceId: string }[];
  roleAssignments: number;
  nodePools: NodePoolSummary[];
  skuTier: string;
}

/** The plan, shortened for an approval request (pure). */
export function planSummaryOf(plan: ProvisioningPlan, request: ClusterRequest): PlanSummary {
  const writes = writesOf(plan);
  return {
    subscriptionId: plan.subscriptionId,
    resourceGroup: plan.resourceGroup,
    location: plan.location,
    resources: writes.flatMap((w) => (w.kind === "roleAssignment" ? [] : [{ kind: w.kind, resourceId: w.resourceId }])),
    roleAssignments: writes.filter((w) => w.kind === "roleAssignment").length,
    nodePools: request.nodePools.map((p) => ({
      name: p.name,
      mode: p.mode,
      vmSize: p.vmSize,
      count: p.count,
      ...(p.autoscale ? { minCount: p.autoscale.min, maxCount: p.autoscale.max } : {}),
    })),
    skuTier: request.cluster.skuTier,
  };
}
