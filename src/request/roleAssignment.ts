import type { RoleAssignmentCreateParameters } from "@azure/arm-authorization";
import { roleAssignmentName } from "./naming.js";
import type { RoleAssignmentWrite } from "./planTypes.js";
import { roleAssignmentId } from "./resourceIds.js";

/** A role assignment ready to PUT: `roleAssignments.create(scope, name, body)`. */
export interface ResolvedRoleAssignment {
  scope: string;
  name: string;
  resourceId: string;
  body: RoleAssignmentCreateParameters;
}

/** Completes a planned role assignment once the principal id is known (after the cluster exists). */
export function resolveRoleAssignment(write: RoleAssignmentWrite, principalId: string): ResolvedRoleAssignment {
  const name = roleAssignmentName(write.scope, write.body.roleDefinitionId, principalId);
  return {
    scope: write.scope,
    name,
    resourceId: roleAssignmentId(write.scope, name),
    body: { ...write.body, principalId },
  };
}
