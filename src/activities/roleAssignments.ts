import type { ArmFailure } from "../azure/armErrors.js";
import type { ResourceTarget } from "../request/index.js";
import { type RoleAssignmentWrite, resolveRoleAssignment, subscriptionOf } from "../request/index.js";
import type { ClientsFor } from "./clientsFor.js";
import { armCall, getOrUndefined } from "./errors.js";
import { ownPrincipal } from "./ownPrincipal.js";

/** How a role assignment ended. */
export type RoleAssignmentOutcome =
  /** `existed`: the same grant was already there under another name (someone else's; left alone on rollback). */
  { outcome: "done"; target: ResourceTarget; existed: boolean } | { outcome: "failed"; error: ArmFailure };

/**
 * The role-assignment activities (AcrPull, Network Contributor, disk Contributor for the cluster's identities; AKS RBAC
 * Admin on the cluster for the provisioner itself).
 */
export function roleAssignmentActivities(clients: ClientsFor) {
  return {
    /**
     * PUTs a planned assignment for `principalId` under its deterministic name, so a retry writes the same one;
     * `RoleAssignmentExists` (the same assignment made before) is success. A `provisioner` assignment comes without
     * `principalId`: it is the app's own, read from its token here.
     */
    async assignRole(input: { write: RoleAssignmentWrite; principalId?: string }): Promise<RoleAssignmentOutcome> {
      // Every scope the plan assigns at is a resource id, so it names its subscription.
      const subscriptionId = subscriptionOf(input.write.scope) ?? "";
      const own = input.write.principalFrom === "provisioner" ? await ownPrincipal(clients(subscriptionId)) : undefined;
      const principalId = own?.principalId ?? input.principalId;
      if (!principalId) {
        return {
          outcome: "failed",
          error: {
            kind: "invalid",
            code: "PrincipalNotFound",
            message: `no principal id for the ${input.write.principalFrom} (the app's token carries no oid claim)`,
            retryable: false,
          },
        };
      }
      // A user's token (a developer's Azure CLI sign-in) makes a User assignment; ARM refuses a mismatched type.
      const write = own
        ? { ...input.write, body: { ...input.write.body, principalType: own.principalType } }
        : input.write;
      const resolved = resolveRoleAssignment(write, principalId);
      const target: ResourceTarget = {
        kind: "roleAssignment",
        resourceId: resolved.resourceId,
        subscriptionId,
        resourceGroup: "",
        name: resolved.name,
        scope: resolved.scope,
      };
      const put = await armCall(() =>
        clients(subscriptionId).authorization.roleAssignments.create(resolved.scope, resolved.name, resolved.body),
      );
      if (put.ok) return { outcome: "done", target, existed: false };
      if (put.error.code !== "RoleAssignmentExists") return { outcome: "failed", error: put.error };
      // The same grant exists: under our deterministic name it is ours (an earlier attempt made it), under
      // another name it is someone else's and a rollback must leave it.
      const ours = await getOrUndefined(() =>
        clients(subscriptionId).authorization.roleAssignments.get(resolved.scope, resolved.name),
      );
      return { outcome: "done", target, existed: !(ours.ok && ours.value) };
    },
  };
}
