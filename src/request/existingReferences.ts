import { writeOf, writesOf } from "./planLookup.js";
import type { ProvisioningPlan } from "./planTypes.js";

/** The kinds of resource a request may bring instead of having them created. */
export type ReferenceKind = "subnet" | "registry" | "userAssignedIdentity" | "logAnalyticsWorkspace";

/** A resource the plan names but does not create: it must exist before the first write. */
export interface ExistingReference {
  kind: ReferenceKind;
  /** The request field that names it, e.g. `network.subnetId`. */
  field: string;
  /** ARM resource id as the request gave it. */
  resourceId: string;
  /** Where it lives, read from the id: the SDK's arguments for its GET. */
  subscriptionId: string;
  resourceGroup: string;
  /** The names in the id after the provider, outermost first (a subnet's: its VNet's, then its own). */
  names: string[];
}

/**
 * Every resource `plan` references without creating it, in request order: an existing node subnet, an existing
 * registry to attach, the user-assigned control-plane identity, the Log Analytics workspaces of Container Insights
 * and Defender. Read from the plan's own writes, so it is what the cluster PUT and the role assignments will name.
 */
export function existingReferencesOf(plan: ProvisioningPlan): ExistingReference[] {
  const refs: ExistingReference[] = [];
  const add = (kind: ReferenceKind, field: string, resourceId: string) =>
    refs.push({ kind, field, resourceId, ...addressOf(resourceId) });
  const subnet = plan.references.subnetId;
  const created = writesOf(plan).some(
    (w) => w.kind === "virtualNetwork" && subnet?.toLowerCase().startsWith(`${w.resourceId.toLowerCase()}/`),
  );
  if (subnet && !created) add("subnet", "network.subnetId", subnet);
  const registry = plan.references.registryId;
  if (registry && !writeOf(plan, "registry")) add("registry", "registry.id", registry);
  const body = writeOf(plan, "managedCluster")?.body;
  for (const id of Object.keys(body?.identity?.userAssignedIdentities ?? {}))
    add("userAssignedIdentity", "cluster.userAssignedIdentityId", id);
  const monitoring = body?.addonProfiles?.omsagent?.config?.logAnalyticsWorkspaceResourceID;
  if (monitoring) add("logAnalyticsWorkspace", "cluster.addons.monitoring.logAnalyticsWorkspaceId", monitoring);
  const defender = body?.securityProfile?.defender?.logAnalyticsWorkspaceResourceId;
  if (defender) add("logAnalyticsWorkspace", "cluster.defender.logAnalyticsWorkspaceId", defender);
  return refs;
}

// The schema's patterns guarantee the shape; a name segment is every second one after the provider.
function addressOf(resourceId: string): Pick<ExistingReference, "subscriptionId" | "resourceGroup" | "names"> {
  const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/[^/]+\/(.+)$/i.exec(resourceId);
  const names = (m?.[3] ?? "").split("/").filter((_, i) => i % 2 === 1);
  return { subscriptionId: m?.[1] ?? "", resourceGroup: m?.[2] ?? "", names };
}
