import { v5 as uuidv5 } from "uuid";

/** Namespace of the UUIDv5 names (role assignments, long node resource groups); fixed forever, or names would change. */
export const NAMING_NAMESPACE = "5f0c5a3e-6a7b-4f7e-9d1c-2b8e4a6d9c10";

/** Longest node resource group name AKS accepts (docs/specs/arm.md §4.9); ordinary resource groups may have 90. */
export const MAX_NODE_RESOURCE_GROUP_NAME_LENGTH = 80;

/** Tag carrying the request id on everything the request creates. */
export const TAG_REQUEST_ID = "aks-provisioner.request-id";

/** Tag marking resources this service manages. */
export const TAG_MANAGED_BY = "aks-provisioner.managed-by";

/** Prefix of tags the service owns; requests may not set them. */
export const RESERVED_TAG_PREFIX = "aks-provisioner.";

/**
 * Node resource group AKS creates: `MC_{rg}_{cluster}_{location}`. Past 80 characters it is cut to 71 and
 * suffixed with `_` and 8 hex digits of a UUIDv5 of the full name, so it stays within ARM's limit and distinct.
 */
export function nodeResourceGroupName(resourceGroup: string, cluster: string, location: string): string {
  const full = `MC_${resourceGroup}_${cluster}_${location}`;
  if (full.length <= MAX_NODE_RESOURCE_GROUP_NAME_LENGTH) return full;
  const hash = uuidv5(full.toLowerCase(), NAMING_NAMESPACE).replaceAll("-", "").slice(0, 8);
  return `${full.slice(0, MAX_NODE_RESOURCE_GROUP_NAME_LENGTH - 9)}_${hash}`;
}

/** The Azure CLI's default DNS prefix: `{name[:10]}-{rg[:16]}-{sub[:6]}`, non-alphanumerics dropped. */
export function defaultDnsPrefix(cluster: string, resourceGroup: string, subscriptionId: string): string {
  let name = cluster.replace(/[^A-Za-z0-9-]/g, "").slice(0, 10);
  if (!/^[A-Za-z]/.test(name)) name = `a${name}`.slice(0, 10);
  const rg = resourceGroup.replace(/[^A-Za-z0-9-]/g, "").slice(0, 16);
  return `${name}-${rg}-${subscriptionId.slice(0, 6)}`;
}

/** Default name of a VNet the request creates: `{cluster}-vnet`, within the 64-character limit. */
export function defaultVnetName(cluster: string): string {
  return `${cluster.slice(0, 59)}-vnet`;
}

/**
 * Deterministic role assignment name: UUIDv5 over `scope|roleDefinitionId|principalId`, lower-cased because ARM
 * ids are case-insensitive. Retrying an assignment thus PUTs the same name (409 RoleAssignmentExists = done).
 */
export function roleAssignmentName(scope: string, roleDefinitionId: string, principalId: string): string {
  return uuidv5(`${scope}|${roleDefinitionId}|${principalId}`.toLowerCase(), NAMING_NAMESPACE);
}

/** The request's tags plus the service's own (which win). */
export function requestTags(requestId: string, tags: Record<string, string>): Record<string, string> {
  return { ...tags, [TAG_REQUEST_ID]: requestId, [TAG_MANAGED_BY]: "aks-provisioner" };
}
