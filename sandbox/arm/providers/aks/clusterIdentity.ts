import { randomUUID } from "node:crypto";
import { ArmError, armErrors } from "../../errors.js";
import type { ArmServices } from "../../services.js";
import { props, resourceGroupId, stored } from "../common.js";
import { identityResource } from "../managedIdentity.js";

/** The `identity` block: system-assigned by default; user-assigned ones must exist. */
export function clusterIdentity(services: ArmServices, requested: unknown, existing: unknown): Record<string, unknown> {
  if (existing && !requested) return existing as Record<string, unknown>;
  const r = (requested ?? { type: "SystemAssigned" }) as {
    type?: string;
    userAssignedIdentities?: Record<string, unknown>;
  };
  if (r.type === "UserAssigned" && r.userAssignedIdentities) {
    const identities: Record<string, unknown> = {};
    for (const id of Object.keys(r.userAssignedIdentities)) {
      const found = services.store.getResource(id);
      if (!found)
        throw armErrors.invalidParameter(
          "identity.userAssignedIdentities",
          `The user-assigned identity '${id}' does not exist.`,
        );
      identities[id] = { principalId: props(found.body).principalId, clientId: props(found.body).clientId };
    }
    return { type: "UserAssigned", userAssignedIdentities: identities };
  }
  const previous = existing as { principalId?: string } | undefined;
  return {
    type: "SystemAssigned",
    principalId: previous?.principalId ?? randomUUID(),
    tenantId: services.identity.tenantId,
  };
}

/** The node resource group `MC_…` (managedBy the cluster) with the kubelet identity in it. */
export function createNodeResourceGroup(
  services: ArmServices,
  init: { sub: string; nodeRg: string; location: string; clusterIdValue: string; clusterName: string },
): void {
  const { store } = services;
  const rgId = resourceGroupId(init.sub, init.nodeRg);
  if (store.getResource(rgId))
    throw new ArmError(
      400,
      "NodeResourceGroupAlreadyExists",
      `Node resource group '${init.nodeRg}' already exists and is not managed by this cluster.`,
      "nodeResourceGroup",
    );
  store.putResource(
    stored({
      id: rgId,
      type: "Microsoft.Resources/resourceGroups",
      subscriptionId: init.sub,
      resourceGroup: init.nodeRg,
      body: {
        id: rgId,
        name: init.nodeRg,
        type: "Microsoft.Resources/resourceGroups",
        location: init.location,
        managedBy: init.clusterIdValue,
        tags: { "aks-managed-cluster-name": init.clusterName },
        properties: { provisioningState: "Succeeded" },
      },
    }),
  );
  store.putResource(
    identityResource({
      subscriptionId: init.sub,
      resourceGroup: init.nodeRg,
      name: `${init.clusterName}-agentpool`,
      location: init.location,
      tenantId: services.identity.tenantId,
    }),
  );
}
