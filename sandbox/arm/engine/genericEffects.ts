import { type ArmStore, resourceKey } from "../store/armStore.js";
import type { OperationEngine } from "./operationEngine.js";

/** Sets `properties.provisioningState` of each stored resource in `keys`. */
export function setProvisioningState(store: ArmStore, keys: readonly string[], state: string): void {
  for (const key of keys) {
    const r = store.getResource(key);
    if (!r) continue;
    if (typeof r.body.properties !== "object" || r.body.properties === null) r.body.properties = {};
    (r.body.properties as Record<string, unknown>).provisioningState = state;
    store.putResource(r);
  }
}

/**
 * Deletes the resource at `id` with everything under it, and the resource groups any of it manages
 * (`managedBy`: an AKS cluster's node resource group goes with the cluster, or with the cluster's group).
 */
export function deleteTree(store: ArmStore, id: string): void {
  const prefix = resourceKey(id);
  const inTree = (key: string) => key === prefix || key.startsWith(`${prefix}/`);
  for (const rg of store.listResources({ type: "Microsoft.Resources/resourceGroups" })) {
    const manager = resourceKey(String(rg.body.managedBy ?? ""));
    if (manager && inTree(manager) && !inTree(resourceKey(rg.id))) deleteTree(store, rg.id);
  }
  for (const r of store.listResources({ prefix })) store.deleteResource(r.id);
}

/**
 * Effects shared by simple resources: `provision` (data.keys → Succeeded, or Failed) and `delete`
 * (`deleteTree`; a failed delete leaves the resource Failed).
 */
export function registerGenericEffects(engine: OperationEngine): void {
  engine.register("provision", {
    succeed: (op, { store }) =>
      setProvisioningState(store, (op.data.keys as string[]) ?? [op.resourceKey], "Succeeded"),
    fail: (op, { store }) => setProvisioningState(store, (op.data.keys as string[]) ?? [op.resourceKey], "Failed"),
  });
  engine.register("delete", {
    succeed: (op, { store }) => deleteTree(store, op.resourceKey),
    fail: (op, { store }) => setProvisioningState(store, [op.resourceKey], "Failed"),
  });
}
