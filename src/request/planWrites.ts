import type { ManagedCluster } from "@azure/arm-containerservice";
import type { ClusterRequest, DiskRequest } from "./clusterRequest.js";
import { compact } from "./compact.js";
import type { MaintenanceWindowRequest } from "./maintenanceSchema.js";
import type {
  DiskWrite,
  MaintenanceConfigurationWrite,
  ManagedClusterWrite,
  RegistryWrite,
  ReplicationWrite,
  ResourceGroupWrite,
  RoleAssignmentWrite,
  VirtualNetworkWrite,
} from "./planTypes.js";
import {
  diskId,
  maintenanceConfigurationId,
  managedClusterId,
  registryId,
  replicationId,
  resourceGroupId,
  roleDefinitionId,
  subscriptionOf,
  virtualNetworkId,
} from "./resourceIds.js";
import { BUILT_IN_ROLES, type BuiltInRole } from "./roles.js";

/** What every write of one plan shares. */
export interface WriteContext {
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  tags: Record<string, string>;
}

/** The resource group PUT. */
export function resourceGroupWrite(ctx: WriteContext): ResourceGroupWrite {
  const { subscriptionId, resourceGroup, location, tags } = ctx;
  return {
    kind: "resourceGroup",
    resourceType: "Microsoft.Resources/resourceGroups",
    operation: "resourceGroups.createOrUpdate",
    resourceId: resourceGroupId(subscriptionId, resourceGroup),
    subscriptionId,
    resourceGroup,
    name: resourceGroup,
    body: { location, tags },
  };
}

/** A VNet PUT with its one node subnet inline. */
export function virtualNetworkWrite(
  ctx: WriteContext,
  vnet: { name: string; addressPrefixes: string[]; subnetName: string; subnetPrefix: string },
): VirtualNetworkWrite {
  const { subscriptionId, resourceGroup, location, tags } = ctx;
  return {
    kind: "virtualNetwork",
    resourceType: "Microsoft.Network/virtualNetworks",
    operation: "virtualNetworks.createOrUpdate",
    resourceId: virtualNetworkId(subscriptionId, resourceGroup, vnet.name),
    subscriptionId,
    resourceGroup,
    name: vnet.name,
    body: {
      location,
      tags,
      addressSpace: { addressPrefixes: vnet.addressPrefixes },
      subnets: [{ name: vnet.subnetName, addressPrefix: vnet.subnetPrefix }],
    },
  };
}

/** The registry PUT followed by one PUT per geo-replica (a replication is named after its location). */
export function registryWrites(
  ctx: WriteContext,
  registry: Extract<ClusterRequest["registry"], { kind: "new" }>,
): [RegistryWrite, ...ReplicationWrite[]] {
  const { subscriptionId, resourceGroup, location, tags } = ctx;
  const { name } = registry;
  return [
    {
      kind: "registry",
      resourceType: "Microsoft.ContainerRegistry/registries",
      operation: "registries.create",
      resourceId: registryId(subscriptionId, resourceGroup, name),
      subscriptionId,
      resourceGroup,
      name,
      body: { location, tags, sku: { name: registry.sku }, adminUserEnabled: false },
    },
    ...registry.geoReplicas.map(
      (replica): ReplicationWrite => ({
        kind: "replication",
        resourceType: "Microsoft.ContainerRegistry/registries/replications",
        operation: "replications.create",
        resourceId: replicationId(subscriptionId, resourceGroup, name, replica),
        subscriptionId,
        resourceGroup,
        registryName: name,
        name: replica,
        body: { location: replica, tags },
      }),
    ),
  ];
}

/** An empty managed data disk PUT. */
export function diskWrite(ctx: WriteContext, disk: DiskRequest): DiskWrite {
  const { subscriptionId, resourceGroup, location, tags } = ctx;
  return {
    kind: "disk",
    resourceType: "Microsoft.Compute/disks",
    operation: "disks.createOrUpdate",
    resourceId: diskId(subscriptionId, resourceGroup, disk.name),
    subscriptionId,
    resourceGroup,
    name: disk.name,
    body: compact({
      location,
      tags,
      sku: { name: disk.sku },
      diskSizeGB: disk.sizeGb,
      creationData: { createOption: "Empty" },
      zones: disk.zone ? [disk.zone] : undefined,
    }),
  };
}

/** The cluster PUT; its node pools travel inside the body as `agentPoolProfiles`. */
export function managedClusterWrite(ctx: WriteContext, name: string, body: ManagedCluster): ManagedClusterWrite {
  const { subscriptionId, resourceGroup } = ctx;
  return {
    kind: "managedCluster",
    resourceType: "Microsoft.ContainerService/managedClusters",
    operation: "managedClusters.createOrUpdate",
    resourceId: managedClusterId(subscriptionId, resourceGroup, name),
    subscriptionId,
    resourceGroup,
    name,
    body,
  };
}

/** A maintenance configuration PUT on the cluster: the request's window under AKS's configuration name. */
export function maintenanceConfigurationWrite(
  ctx: WriteContext,
  clusterName: string,
  name: string,
  window: MaintenanceWindowRequest,
): MaintenanceConfigurationWrite {
  const { subscriptionId, resourceGroup } = ctx;
  const { weekly, absoluteMonthly, relativeMonthly } = window.schedule;
  return {
    kind: "maintenanceConfiguration",
    resourceType: "Microsoft.ContainerService/managedClusters/maintenanceConfigurations",
    operation: "maintenanceConfigurations.createOrUpdate",
    resourceId: maintenanceConfigurationId(subscriptionId, resourceGroup, clusterName, name),
    subscriptionId,
    resourceGroup,
    clusterName,
    name,
    body: {
      maintenanceWindow: compact({
        schedule: compact({ weekly, absoluteMonthly, relativeMonthly }),
        durationHours: window.durationHours,
        utcOffset: window.utcOffset,
        startDate: window.startDate,
        startTime: window.startTime,
        notAllowedDates: window.notAllowedDates,
      }),
    },
  };
}

/** A built-in role on `scope` for an identity of the cluster, completed at run time by `resolveRoleAssignment`. */
export function roleAssignmentWrite(
  ctx: Pick<WriteContext, "subscriptionId">,
  scope: string,
  role: BuiltInRole,
  principalFrom: RoleAssignmentWrite["principalFrom"],
  description: string,
): RoleAssignmentWrite {
  return {
    kind: "roleAssignment",
    resourceType: "Microsoft.Authorization/roleAssignments",
    operation: "roleAssignments.create",
    scope,
    role,
    principalFrom,
    body: {
      // Role definitions are addressed in the scope's subscription (an existing subnet may live elsewhere).
      roleDefinitionId: roleDefinitionId(subscriptionOf(scope) ?? ctx.subscriptionId, BUILT_IN_ROLES[role]),
      principalType: "ServicePrincipal",
      description,
    },
  };
}
