import type { ArmFailure } from "../azure/armErrors.js";
import { isTerminalState, type ResourceTarget } from "../request/index.js";
import type { ClientsFor } from "./clientsFor.js";
import { armCall, getOrUndefined } from "./errors.js";
import type { OperationRef } from "./outcomes.js";
import { ownerOf } from "./ownership.js";
import { bindingOf, type Poller } from "./resourceKinds.js";

/** How starting a delete ended. */
export type DeleteOutcome =
  /** Nothing there (404 counts as done): never created, or already deleted. */
  | { outcome: "gone" }
  /** Deleted synchronously (role assignments). */
  | { outcome: "deleted" }
  | { outcome: "deleting"; ref: OperationRef }
  /** An operation is still running on it (it is being created): wait for a terminal state, then delete. */
  | { outcome: "busy"; state: string }
  /** Left in place: not this request's, or it holds something that is not. */
  | { outcome: "kept"; reason: string }
  | { outcome: "failed"; error: ArmFailure };

/** The delete activities of a rollback and of a deprovision. */
export function deleteActivities(clients: ClientsFor) {
  return {
    /**
     * Starts deleting a resource this request created. It is checked first: gone is done, someone else's tag
     * keeps it, a running operation is waited out, and a resource group is deleted only when it is empty, so
     * nothing this request did not create goes with it.
     */
    async startDelete(input: { target: ResourceTarget; requestId: string }): Promise<DeleteOutcome> {
      const { target, requestId } = input;
      const c = clients(target.subscriptionId);
      const binding = bindingOf(target.kind);
      const existing = await getOrUndefined(() => binding.get(c, target));
      if (!existing.ok) return { outcome: "failed", error: existing.error };
      if (!existing.value) return { outcome: "gone" };
      if (target.kind !== "roleAssignment") {
        const owner = ownerOf(existing.value);
        if (owner !== requestId)
          return { outcome: "kept", reason: `tagged for ${owner ?? "no request"}, not ${requestId}` };
      }
      const state = existing.value.provisioningState;
      if (!isTerminalState(state) && state?.toLowerCase() !== "deleting")
        return { outcome: "busy", state: state ?? "" };
      if (target.kind === "resourceGroup") {
        const inside = await armCall(async () => {
          for await (const resource of c.resources.resources.listByResourceGroup(target.name)) return resource.id;
          return undefined;
        });
        if (!inside.ok) return { outcome: "failed", error: inside.error };
        if (inside.value) return { outcome: "kept", reason: `it still holds ${inside.value}` };
      }
      const started = await armCall(async () => {
        const result = binding.delete(c, target);
        if (!isPoller(result)) {
          await result;
          return undefined;
        }
        await result.submitted();
        return result.serialize();
      });
      if (!started.ok)
        return started.error.kind === "notFound" ? { outcome: "gone" } : { outcome: "failed", error: started.error };
      return started.value === undefined
        ? { outcome: "deleted" }
        : { outcome: "deleting", ref: { target, operation: "delete", poller: started.value } };
    },
  };
}

function isPoller(value: Poller | Promise<unknown>): value is Poller {
  return typeof (value as Poller).submitted === "function";
}
