import type { ArmWrite, ProvisioningPlan } from "./planTypes.js";

/** A write to a named resource (every kind but role assignments, which are addressed by scope). */
export type ResourceWrite = Exclude<ArmWrite, { kind: "roleAssignment" }>;

/**
 * A write of a resource that carries the request's tags, so an existing one is this request's or someone else's:
 * every kind but role assignments and maintenance configurations (proxy resources, owned through their cluster).
 */
export type TaggedWrite = Exclude<ResourceWrite, { kind: "maintenanceConfiguration" }>;

/** An ARM resource a step writes, reads or deletes: enough to address it again with the SDK. */
export interface ResourceTarget {
  kind: ArmWrite["kind"];
  resourceId: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  /** The registry a replication belongs to, or the cluster a maintenance configuration does. */
  parent?: string;
  /** The scope a role assignment is made at. */
  scope?: string;
}

/** Where a planned write lands: the target a later poll, rollback or delete addresses. */
export function targetOf(w: ResourceWrite): ResourceTarget {
  return {
    kind: w.kind,
    resourceId: w.resourceId,
    subscriptionId: w.subscriptionId,
    resourceGroup: w.resourceGroup,
    name: w.name,
    ...(w.kind === "replication" ? { parent: w.registryName } : {}),
    ...(w.kind === "maintenanceConfiguration" ? { parent: w.clusterName } : {}),
  };
}

/** A provisioned request's cluster: what every day-2 read and write addresses. */
export function clusterTargetOf(plan: ProvisioningPlan): ResourceTarget {
  return {
    kind: "managedCluster",
    resourceId: plan.clusterId,
    subscriptionId: plan.subscriptionId,
    resourceGroup: plan.resourceGroup,
    name: plan.clusterName,
  };
}

/** The target of a registry id (new or existing): `/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.ContainerRegistry/registries/{name}`. */
export function registryTargetOf(registryId: string): ResourceTarget | undefined {
  const m =
    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ContainerRegistry\/registries\/([^/]+)$/i.exec(
      registryId,
    );
  if (!m) return undefined;
  const [, subscriptionId = "", resourceGroup = "", name = ""] = m;
  return { kind: "registry", resourceId: registryId, subscriptionId, resourceGroup, name };
}
