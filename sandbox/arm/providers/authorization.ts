import { ArmError, armErrors } from "../errors.js";
import type { Reply, RequestContext } from "../http/context.js";
import type { Route } from "../http/router.js";
import { apiVersions } from "../policies/apiVersions.js";
import type { ArmServices } from "../services.js";
import type { StoredResource } from "../store/armStore.js";
import { objectBody, props, resourceGroupId, stored } from "./common.js";
import type { ResourceAddress } from "./resourceAddress.js";
import { resourceTypeRoutes, routeFor } from "./resourceTypeRoutes.js";
import { builtInRoles } from "./roleDefinitions.js";

/** Type of role assignments (at any scope). */
export const ASSIGNMENT_TYPE = "Microsoft.Authorization/roleAssignments";
const DEFINITION_TYPE = "Microsoft.Authorization/roleDefinitions";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const BASE = "{...scope}/providers/microsoft.authorization";

/** Role assignments at any scope; the collection GET honours `$filter`. */
const assignments: ResourceAddress = {
  type: ASSIGNMENT_TYPE,
  collection: `${BASE}/roleAssignments`,
  item: `${BASE}/roleAssignments/{name}`,
  param: "name",
  id: (ctx) => assignmentId(ctx.params.scope ?? "", ctx.params.name ?? ""),
  require: assignment,
  list: listAssignments,
};

/** Role assignments at any scope (PUT/GET/DELETE/list with $filter) and built-in role definitions. */
export function authorizationRoutes(services: ArmServices): Route[] {
  const v = apiVersions[ASSIGNMENT_TYPE];
  const definitionRoute = routeFor(DEFINITION_TYPE, apiVersions[DEFINITION_TYPE]);
  return [
    ...resourceTypeRoutes(services, {
      address: assignments,
      apiVersions: v,
      put: (ctx) => put(ctx, services),
      delete: (ctx) => remove(ctx, services),
    }),
    definitionRoute("GET", `${BASE}/roleDefinitions/{name}`, (ctx) => ({
      status: 200,
      body: definition(ctx.params.scope ?? "", ctx.params.name ?? ""),
    })),
    definitionRoute("GET", `${BASE}/roleDefinitions`, (ctx) => ({
      status: 200,
      body: { value: Object.keys(builtInRoles).map((id) => definition(ctx.params.scope ?? "", id)) },
    })),
  ];
}

function definition(scope: string, name: string): Record<string, unknown> {
  const role = builtInRoles[name.toLowerCase()];
  if (!role)
    throw new ArmError(
      404,
      "RoleDefinitionDoesNotExist",
      `The specified role definition with ID '${name}' does not exist.`,
    );
  return {
    id: `${scope}/providers/${DEFINITION_TYPE}/${name}`,
    name,
    type: DEFINITION_TYPE,
    properties: {
      roleName: role.roleName,
      type: "BuiltInRole",
      description: role.roleName,
      assignableScopes: ["/"],
      permissions: role.permissions,
    },
  };
}

function assignmentId(scope: string, name: string): string {
  return `${scope}/providers/${ASSIGNMENT_TYPE}/${name}`;
}

function assignment(ctx: RequestContext, services: ArmServices): StoredResource {
  const found = services.store.getResource(assignments.id(ctx));
  if (!found)
    throw new ArmError(404, "RoleAssignmentNotFound", `The role assignment '${ctx.params.name}' is not found.`);
  return found;
}

/** Checks that the scope exists when it is a resource group or a resource the sandbox knows. */
function checkScope(services: ArmServices, scope: string): { subscriptionId: string; resourceGroup: string } {
  const parts = scope.split("/").filter(Boolean);
  const subscriptionId = parts[0]?.toLowerCase() === "subscriptions" ? (parts[1] ?? "") : "";
  const resourceGroup = parts[2]?.toLowerCase() === "resourcegroups" ? (parts[3] ?? "") : "";
  if (subscriptionId && resourceGroup && !services.store.getResource(resourceGroupId(subscriptionId, resourceGroup))) {
    throw armErrors.resourceGroupNotFound(resourceGroup);
  }
  if (parts.length > 4 && !services.store.getResource(scope)) {
    throw armErrors.resourceNotFound(
      parts.slice(5, 7).join("/"),
      parts.slice(7).join("/") || (parts[parts.length - 1] ?? ""),
      resourceGroup,
    );
  }
  return { subscriptionId, resourceGroup };
}

function put(ctx: RequestContext, services: ArmServices): Reply {
  const scope = ctx.params.scope ?? "";
  const name = ctx.params.name ?? "";
  if (!GUID.test(name)) throw armErrors.invalidRoleAssignmentId(name);
  const where = checkScope(services, scope);
  const input = props(objectBody(ctx));
  const roleDefinitionId = String(input.roleDefinitionId ?? "");
  const principalId = String(input.principalId ?? "");
  if (!/\/providers\/Microsoft\.Authorization\/roleDefinitions\/[0-9a-f-]{36}$/i.test(roleDefinitionId)) {
    throw new ArmError(400, "InvalidRoleDefinitionId", `The role definition ID '${roleDefinitionId}' is not valid.`);
  }
  if (!GUID.test(principalId))
    throw new ArmError(
      400,
      "InvalidPrincipalId",
      `A valid principal ID must be provided for role assignment. '${principalId}' is not.`,
    );
  const id = assignmentId(scope, name);
  const existing = services.store.getResource(id);
  const duplicate = services.store.listResources({ type: ASSIGNMENT_TYPE }).find((r) => {
    const p = props(r.body);
    return (
      String(p.scope).toLowerCase() === scope.toLowerCase() &&
      String(p.roleDefinitionId).split("/").pop()?.toLowerCase() === roleDefinitionId.split("/").pop()?.toLowerCase() &&
      String(p.principalId).toLowerCase() === principalId.toLowerCase()
    );
  });
  if (duplicate && duplicate.id.toLowerCase() !== id.toLowerCase()) throw armErrors.roleAssignmentExists();
  if (existing && !duplicate)
    throw new ArmError(
      400,
      "RoleAssignmentUpdateNotPermitted",
      "Tenant ID, application ID, principal ID, and scope are not allowed to be updated.",
    );
  const now = new Date().toISOString();
  const body = {
    id,
    name,
    type: ASSIGNMENT_TYPE,
    properties: {
      roleDefinitionId,
      principalId,
      principalType: input.principalType ?? "ServicePrincipal",
      scope,
      condition: input.condition ?? null,
      conditionVersion: input.conditionVersion ?? null,
      createdOn: existing ? props(existing.body).createdOn : now,
      updatedOn: now,
      createdBy: ctx.caller?.oid ?? null,
      updatedBy: ctx.caller?.oid ?? null,
      delegatedManagedIdentityResourceId: null,
      description: input.description ?? null,
    },
  };
  services.store.putResource(
    stored({
      id,
      type: ASSIGNMENT_TYPE,
      subscriptionId: where.subscriptionId,
      resourceGroup: where.resourceGroup,
      body,
    }),
  );
  return { status: existing ? 200 : 201, body };
}

function remove(ctx: RequestContext, services: ArmServices): Reply {
  const found = services.store.getResource(assignments.id(ctx));
  if (!found) return { status: 204 };
  services.store.deleteResource(found.id);
  return { status: 200, body: found.body };
}

/** `$filter`: `atScope()`, `principalId eq '…'`, `assignedTo('…')`; otherwise at, above and below the scope. */
function listAssignments(ctx: RequestContext, services: ArmServices): StoredResource[] {
  const scope = (ctx.params.scope ?? "").toLowerCase();
  const filter = ctx.query.get("$filter") ?? "";
  const principal = /(?:principalId eq|assignedTo\()\s*'([^']+)'/i.exec(filter)?.[1]?.toLowerCase();
  const atScope = /atScope\(\)/i.test(filter);
  return services.store.listResources({ type: ASSIGNMENT_TYPE }).filter((r) => {
    const s = String(props(r.body).scope).toLowerCase();
    const related = atScope
      ? scope === s || scope.startsWith(`${s}/`) || s === ""
      : s === scope || scope.startsWith(`${s}/`) || s.startsWith(`${scope}/`) || scope === "";
    return related && (!principal || String(props(r.body).principalId).toLowerCase() === principal);
  });
}
