import type { ArmStore } from "../store/armStore.js";
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
 * Effects shared by simple resources: `provision` (data.keys → Succeeded, or Failed) and `delete`
 * (the resource and everything under its id disappear; a failed delete leaves it Failed).
 */
export function registerGenericEffects(engine: OperationEngine): void {
  engine.register("provision", {
    succeed: (op, { store }) =>
      setProvisioningState(store, (op.data.keys as string[]) ?? [op.resourceKey], "Succeeded"),
    fail: (op, { store }) => setProvisioningState(store, (op.data.keys as string[]) ?? [op.resourceKey], "Failed"),
  });
  engine.register("delete", {
    succeed: (op, { store }) => {
      for (const r of store.listResources({ prefix: op.resourceKey })) store.deleteResource(r.id);
    },
    fail: (op, { store }) => setProvisioningState(store, [op.resourceKey], "Failed"),
  });
}
