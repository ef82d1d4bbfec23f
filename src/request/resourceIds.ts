/** ARM resource id builders; canonical casing (ARM compares ids case-insensitively). */

/** `/subscriptions/{sub}/resourceGroups/{rg}`. */
export function resourceGroupId(subscriptionId: string, resourceGroup: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
}

function providerId(
  subscriptionId: string,
  resourceGroup: string,
  provider: string,
  ...typeNamePairs: string[]
): string {
  return `${resourceGroupId(subscriptionId, resourceGroup)}/providers/${provider}/${typeNamePairs.join("/")}`;
}

/** Managed cluster id. */
export function managedClusterId(subscriptionId: string, resourceGroup: string, name: string): string {
  return providerId(subscriptionId, resourceGroup, "Microsoft.ContainerService", "managedClusters", name);
}

/** A cluster's maintenance configuration id (`…/managedClusters/{cluster}/maintenanceConfigurations/{name}`). */
export function maintenanceConfigurationId(
  subscriptionId: string,
  resourceGroup: string,
  clusterName: string,
  name: string,
): string {
  return `${managedClusterId(subscriptionId, resourceGroup, clusterName)}/maintenanceConfigurations/${name}`;
}

/** Virtual network id. */
export function virtualNetworkId(subscriptionId: string, resourceGroup: string, name: string): string {
  return providerId(subscriptionId, resourceGroup, "Microsoft.Network", "virtualNetworks", name);
}

/** Subnet id. */
export function subnetId(subscriptionId: string, resourceGroup: string, vnet: string, subnet: string): string {
  return `${virtualNetworkId(subscriptionId, resourceGroup, vnet)}/subnets/${subnet}`;
}

/** Container registry id. */
export function registryId(subscriptionId: string, resourceGroup: string, name: string): string {
  return providerId(subscriptionId, resourceGroup, "Microsoft.ContainerRegistry", "registries", name);
}

/** Registry geo-replica id; ARM names a replication after its location. */
export function replicationId(
  subscriptionId: string,
  resourceGroup: string,
  registry: string,
  location: string,
): string {
  return `${registryId(subscriptionId, resourceGroup, registry)}/replications/${location}`;
}

/** Managed disk id. */
export function diskId(subscriptionId: string, resourceGroup: string, name: string): string {
  return providerId(subscriptionId, resourceGroup, "Microsoft.Compute", "disks", name);
}

/** Subscription-scoped role definition id, the form role assignments carry. */
export function roleDefinitionId(subscriptionId: string, roleGuid: string): string {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`;
}

/** Role assignment id under a scope (scope starts with `/`). */
export function roleAssignmentId(scope: string, name: string): string {
  return `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
}

/** The subscription id a resource id or scope starts with, if any. */
export function subscriptionOf(id: string): string | undefined {
  return /^\/subscriptions\/([^/]+)/i.exec(id)?.[1];
}
