import type { ArmFailure } from "../azure/armErrors.js";
import { type ResourceGroupWrite, type ResourceTarget, TAG_REQUEST_ID, targetOf } from "../request/index.js";
import type { ClientsFor } from "./clientsFor.js";
import { armCall, getOrUndefined } from "./errors.js";
import { ownerOf } from "./ownership.js";

/**
 * How the resource group step ended. `found`: it existed before this request and is used as it is (not
 * re-tagged, never deleted); `created`: this request made it (now, or before a restart: it carries our id).
 */
export type ResourceGroupOutcome =
  | { outcome: "created" | "found"; target: ResourceTarget }
  | { outcome: "failed"; error: ArmFailure };

/** The resource group activities. */
export function resourceGroupActivities(clients: ClientsFor) {
  return {
    /** Uses the group if it exists, otherwise creates it (synchronous PUT). */
    async ensureResourceGroup(write: ResourceGroupWrite): Promise<ResourceGroupOutcome> {
      const c = clients(write.subscriptionId);
      const target = targetOf(write);
      const existing = await getOrUndefined(() => c.resources.resourceGroups.get(write.name));
      if (!existing.ok) return { outcome: "failed", error: existing.error };
      if (existing.value) {
        const ours = ownerOf(existing.value) === write.body.tags?.[TAG_REQUEST_ID];
        return { outcome: ours ? "created" : "found", target };
      }
      const put = await armCall(() => c.resources.resourceGroups.createOrUpdate(write.name, write.body));
      return put.ok ? { outcome: "created", target } : { outcome: "failed", error: put.error };
    },
  };
}
