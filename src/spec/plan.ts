import { managedClusterBody } from "./clusterBody.js";
import type { ClusterRequest } from "./clusterRequest.js";
import { compact } from "./compact.js";
import { defaultDnsPrefix, defaultVnetName, nodeResourceGroupName, requestTags } from "./naming.js";
import type { ArmWrite, PlanBranch, ProvisioningPlan, RoleAssignmentWrite } from "./planTypes.js";
import {
  diskId,
  managedClusterId,
  registryId,
  replicationId,
  resourceGroupId,
  roleDefinitionId,
  subnetId,
  subscriptionOf,
  virtualNetworkId,
} from "./resourceIds.js";
import { BUILT_IN_ROLES, type BuiltInRole } from "./roles.js";

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
 * cluster (with its node pools) → role assignments. Pure and deterministic: the same request gives the same plan.
 */
export function plan(request: ClusterRequest, options: PlanOptions = {}): ProvisioningPlan {
  const sub = request.subscriptionId ?? options.defaultSubscriptionId;
  if (!sub) throw new MissingSubscriptionError();
  const { resourceGroup: rg, location } = request;
  const tags = requestTags(request.requestId, request.tags);
  const common = { subscriptionId: sub, resourceGroup: rg };
  const roles: RoleAssignmentWrite[] = [];
  const assign = (scope: string, role: BuiltInRole, principalFrom: RoleAssignmentWrite["principalFrom"]) =>
    roles.push({
      kind: "roleAssignment",
      resourceType: "Microsoft.Authorization/roleAssignments",
      operation: "roleAssignments.create",
      scope,
      role,
      principalFrom,
      body: {
        // Role definitions are addressed in the scope's subscription (an existing subnet may live elsewhere).
        roleDefinitionId: roleDefinitionId(subscriptionOf(scope) ?? sub, BUILT_IN_ROLES[role]),
        principalType: "ServicePrincipal",
        description: `aks-provisioner ${request.requestId}: ${role} for the ${principalFrom} of ${request.cluster.name}`,
      },
    });

  const dependencies: PlanBranch[] = [];
  let subnet: string | undefined;
  const { network } = request;
  if (network.kind === "new") {
    const vnetName = network.vnetName ?? defaultVnetName(request.cluster.name);
    subnet = subnetId(sub, rg, vnetName, network.subnetName);
    dependencies.push({
      name: "network",
      writes: [
        {
          kind: "virtualNetwork",
          resourceType: "Microsoft.Network/virtualNetworks",
          operation: "virtualNetworks.createOrUpdate",
          resourceId: virtualNetworkId(sub, rg, vnetName),
          ...common,
          name: vnetName,
          body: {
            location,
            tags,
            addressSpace: { addressPrefixes: network.addressPrefixes },
            subnets: [{ name: network.subnetName, addressPrefix: network.subnetPrefix }],
          },
        },
      ],
    });
  } else if (network.kind === "existing") {
    subnet = network.subnetId;
  }
  if (subnet) assign(subnet, "NetworkContributor", "clusterIdentity");

  let registry: string | undefined;
  if (request.registry.kind === "new") {
    const { name, sku, geoReplicas } = request.registry;
    registry = registryId(sub, rg, name);
    const writes: ArmWrite[] = [
      {
        kind: "registry",
        resourceType: "Microsoft.ContainerRegistry/registries",
        operation: "registries.create",
        resourceId: registry,
        ...common,
        name,
        body: { location, tags, sku: { name: sku }, adminUserEnabled: false },
      },
      ...geoReplicas.map(
        (replica): ArmWrite => ({
          kind: "replication",
          resourceType: "Microsoft.ContainerRegistry/registries/replications",
          operation: "replications.create",
          resourceId: replicationId(sub, rg, name, replica),
          ...common,
          registryName: name,
          name: replica,
          body: { location: replica, tags },
        }),
      ),
    ];
    dependencies.push({ name: "registry", writes });
  } else if (request.registry.kind === "existing") {
    registry = request.registry.id;
  }
  if (registry) assign(registry, "AcrPull", "kubeletIdentity");

  const diskIds = request.disks.map((disk) => diskId(sub, rg, disk.name));
  request.disks.forEach((disk, i) => {
    const id = diskIds[i] as string;
    dependencies.push({
      name: `disk:${disk.name}`,
      writes: [
        {
          kind: "disk",
          resourceType: "Microsoft.Compute/disks",
          operation: "disks.createOrUpdate",
          resourceId: id,
          ...common,
          name: disk.name,
          body: compact({
            location,
            tags,
            sku: { name: disk.sku },
            diskSizeGB: disk.sizeGb,
            creationData: { createOption: "Empty" },
            zones: disk.zone ? [disk.zone] : undefined,
          }),
        },
      ],
    });
    assign(id, "Contributor", "clusterIdentity");
  });

  const dnsPrefix = request.cluster.dnsPrefix ?? defaultDnsPrefix(request.cluster.name, rg, sub);
  const nodeResourceGroup = nodeResourceGroupName(rg, request.cluster.name, location);
  const clusterId = managedClusterId(sub, rg, request.cluster.name);
  return {
    requestId: request.requestId,
    subscriptionId: sub,
    resourceGroup: rg,
    location,
    clusterName: request.cluster.name,
    clusterId,
    nodeResourceGroup,
    dnsPrefix,
    tags,
    references: compact({ subnetId: subnet, registryId: registry, diskIds }),
    stages: [
      {
        name: "resourceGroup",
        branches: [
          {
            name: "resourceGroup",
            writes: [
              {
                kind: "resourceGroup",
                resourceType: "Microsoft.Resources/resourceGroups",
                operation: "resourceGroups.createOrUpdate",
                resourceId: resourceGroupId(sub, rg),
                ...common,
                name: rg,
                body: { location, tags },
              },
            ],
          },
        ],
      },
      { name: "dependencies", branches: dependencies },
      {
        name: "cluster",
        branches: [
          {
            name: "cluster",
            writes: [
              {
                kind: "managedCluster",
                resourceType: "Microsoft.ContainerService/managedClusters",
                operation: "managedClusters.createOrUpdate",
                resourceId: clusterId,
                ...common,
                name: request.cluster.name,
                body: managedClusterBody(request, { dnsPrefix, nodeResourceGroup, tags, subnetId: subnet }),
              },
            ],
          },
        ],
      },
      {
        name: "roleAssignments",
        branches: roles.map((write) => ({ name: `${write.role}:${write.scope}`, writes: [write] })),
      },
    ],
  };
}
