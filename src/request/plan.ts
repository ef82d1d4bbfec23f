import { managedClusterBody } from "./clusterBody.js";
import type { ClusterRequest } from "./clusterRequest.js";
import { compact } from "./compact.js";
import { MAINTENANCE_CONFIGURATIONS } from "./maintenanceSchema.js";
import { defaultDnsPrefix, defaultVnetName, nodeResourceGroupName, requestTags } from "./naming.js";
import type { PlanBranch, ProvisioningPlan, RoleAssignmentWrite } from "./planTypes.js";
import {
  diskWrite,
  maintenanceConfigurationWrite,
  managedClusterWrite,
  registryWrites,
  resourceGroupWrite,
  roleAssignmentWrite,
  virtualNetworkWrite,
  type WriteContext,
} from "./planWrites.js";
import { subnetId } from "./resourceIds.js";
import type { BuiltInRole } from "./roles.js";
import { accessStepKind, type StepId, stepId } from "./steps.js";

/** Options of `plan`. */
export interface PlanOptions {
  /** Subscription used when the request names none (the service's `AZURE_SUBSCRIPTION_ID`). */
  defaultSubscriptionId?: string;
}

/** Thrown by `plan` when neither the request nor the options name a subscription. */
export class MissingSubscriptionError extends Error {
  override name = "MissingSubscriptionError";
  constructor() {
    super("the request names no subscriptionId and no defaultSubscriptionId was given");
  }
}

/** Type guard for `MissingSubscriptionError`, robust across duplicate package copies. */
export function isMissingSubscriptionError(e: unknown): e is MissingSubscriptionError {
  return e instanceof Error && e.name === "MissingSubscriptionError";
}

/**
 * The ARM writes a validated request turns into, in stages: resource group → network ‖ registry ‖ disks →
 * cluster (with its node pools) → its settings (maintenance configurations ‖ the provisioner's access) → role
 * assignments. Pure and deterministic: the same request gives the same plan.
 */
export function plan(request: ClusterRequest, options: PlanOptions = {}): ProvisioningPlan {
  const subscriptionId = request.subscriptionId ?? options.defaultSubscriptionId;
  if (!subscriptionId) throw new MissingSubscriptionError();
  const { resourceGroup, location, cluster } = request;
  const tags = requestTags(request.requestId, request.tags);
  const ctx: WriteContext = { subscriptionId, resourceGroup, location, tags };
  const roles: PlanBranch[] = [];
  const assignment = (
    scope: string,
    role: BuiltInRole,
    from: RoleAssignmentWrite["principalFrom"],
    step: StepId,
  ): PlanBranch => ({
    name: step,
    writes: [
      roleAssignmentWrite(ctx, scope, role, from, `aks-provisioner ${request.requestId}: ${role} for ${cluster.name}`),
    ],
  });
  const assign = (...args: Parameters<typeof assignment>) => roles.push(assignment(...args));
  const dependencies: PlanBranch[] = [];

  let subnet: string | undefined;
  const { network } = request;
  if (network.kind === "new") {
    const name = network.vnetName ?? defaultVnetName(cluster.name);
    subnet = subnetId(subscriptionId, resourceGroup, name, network.subnetName);
    dependencies.push({ name: stepId("network"), writes: [virtualNetworkWrite(ctx, { ...network, name })] });
  } else if (network.kind === "existing") {
    subnet = network.subnetId;
  }
  if (subnet) assign(subnet, "NetworkContributor", "clusterIdentity", stepId(accessStepKind("NetworkContributor")));

  let registry: string | undefined;
  if (request.registry.kind === "new") {
    const writes = registryWrites(ctx, request.registry);
    registry = writes[0].resourceId;
    dependencies.push({ name: stepId("registry"), writes });
  } else if (request.registry.kind === "existing") {
    registry = request.registry.id;
  }
  if (registry) assign(registry, "AcrPull", "kubeletIdentity", stepId(accessStepKind("AcrPull")));

  const disks = request.disks.map((disk) => diskWrite(ctx, disk));
  for (const disk of disks) {
    dependencies.push({ name: stepId("disk", disk.name), writes: [disk] });
    assign(disk.resourceId, "Contributor", "clusterIdentity", stepId(accessStepKind("Contributor"), disk.name));
  }

  const dnsPrefix = cluster.dnsPrefix ?? defaultDnsPrefix(cluster.name, resourceGroup, subscriptionId);
  const nodeResourceGroup = nodeResourceGroupName(resourceGroup, cluster.name, location);
  const clusterWrite = managedClusterWrite(
    ctx,
    cluster.name,
    managedClusterBody(request, { dnsPrefix, nodeResourceGroup, tags, subnetId: subnet }),
  );

  // Written on the cluster once it exists. With Azure RBAC the Kubernetes API answers only to role assignments, so
  // the provisioner grants itself the least role that reads nodes before readiness looks at them; without it, the
  // provisioner must be in one of the request's admin groups (src/request/README.md).
  const settings: PlanBranch[] = [];
  const windows = cluster.maintenanceWindows ?? {};
  const maintenance = (["autoUpgrade", "nodeOSUpgrade"] as const).flatMap((field) => {
    const window = windows[field];
    return window ? [maintenanceConfigurationWrite(ctx, cluster.name, MAINTENANCE_CONFIGURATIONS[field], window)] : [];
  });
  if (maintenance.length > 0) settings.push({ name: stepId("maintenance"), writes: maintenance });
  if (cluster.entra?.azureRbac) {
    settings.push(
      assignment(clusterWrite.resourceId, "AksRbacAdmin", "provisioner", stepId(accessStepKind("AksRbacAdmin"))),
    );
  }

  return {
    requestId: request.requestId,
    subscriptionId,
    resourceGroup,
    location,
    clusterName: cluster.name,
    clusterId: clusterWrite.resourceId,
    nodeResourceGroup,
    dnsPrefix,
    tags,
    references: compact({ subnetId: subnet, registryId: registry, diskIds: disks.map((d) => d.resourceId) }),
    stages: [
      { name: "resourceGroup", branches: [{ name: stepId("resourceGroup"), writes: [resourceGroupWrite(ctx)] }] },
      { name: "dependencies", branches: dependencies },
      { name: "cluster", branches: [{ name: stepId("cluster"), writes: [clusterWrite] }] },
      { name: "clusterSettings", branches: settings },
      { name: "roleAssignments", branches: roles },
    ],
  };
}
