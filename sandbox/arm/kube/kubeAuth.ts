import { header, type Reply, type RequestContext } from "../http/context.js";
import { verifyToken } from "../identity/jwt.js";
import type { ClusterInternal } from "../providers/aks/clusterModel.js";
import { ASSIGNMENT_TYPE } from "../providers/authorization.js";
import { props } from "../providers/common.js";
import { builtInRoles, grantsDataAction } from "../providers/roleDefinitions.js";
import type { ArmServices } from "../services.js";
import type { StoredResource } from "../store/armStore.js";
import { AKS_SERVER_APP_ID } from "./kubeconfig.js";
import { kubeStatus, targetOf } from "./resourceApi.js";

/** Who a request to a cluster's API server is: a local account (static token) or an Entra principal. */
export type KubeCaller = { kind: "local" } | { kind: "entra"; oid: string; groups: string[] };

interface EntraSettings {
  managed?: boolean;
  enableAzureRBAC?: boolean;
  adminGroupObjectIDs?: string[];
  tenantID?: string;
}

// What any authenticated caller may read (system:discovery, system:public-info-viewer, health checks).
const OPEN_PATHS = new Set(["readyz", "livez", "healthz", "version", "api", "apis", "api/v1"]);

const unauthorized = () => kubeStatus(401, "Unauthorized", "Unauthorized");

/**
 * Authenticates as AKS's API server does: the cluster's static tokens while local accounts are enabled; on a
 * managed-Entra cluster, an RS256 token from the sandbox identity endpoint (its signature, not just any JWT)
 * for the AKS server application, unexpired, from the cluster's tenant. Anything else is 401.
 */
export function authenticate(ctx: RequestContext, services: ArmServices, cluster: StoredResource): KubeCaller | Reply {
  const p = props(cluster.body);
  const internal = cluster.internal as ClusterInternal;
  const token = header(ctx, "authorization")?.replace(/^bearer\s+/i, "") ?? "";
  if (token === internal.userToken || token === internal.adminToken)
    return p.disableLocalAccounts === true ? unauthorized() : { kind: "local" };
  const aad = p.aadProfile as EntraSettings | undefined;
  if (aad?.managed !== true) return unauthorized();
  const verified = verifyToken(token, services.caPem, Date.now());
  if (!verified.ok) return unauthorized();
  const { aud, tid, oid, groups } = verified.claims;
  if (aud.replace(/^spn:/, "") !== AKS_SERVER_APP_ID) return unauthorized();
  if (tid.toLowerCase() !== String(aad.tenantID ?? services.identity.tenantId).toLowerCase()) return unauthorized();
  return { kind: "entra", oid, groups };
}

/**
 * Authorizes an Entra caller as AKS does: health, version and discovery for anyone authenticated; the rest, with
 * Azure RBAC, through a role assignment of the caller (or one of its groups) at the cluster or above whose role's
 * dataActions cover the read (`…/managedClusters/nodes/read`); without it, through membership of an admin group
 * (bound to cluster-admin). Undefined when allowed, else 403 with the API server's message.
 */
export function authorize(
  ctx: RequestContext,
  services: ArmServices,
  cluster: StoredResource,
  caller: KubeCaller,
  parts: string[],
): Reply | undefined {
  if (caller.kind === "local" || OPEN_PATHS.has(parts.join("/"))) return undefined;
  const target = targetOf(parts);
  if (!target) return undefined;
  const aad = props(cluster.body).aadProfile as EntraSettings;
  const verb =
    target.name !== undefined ? "get" : ["true", "1"].includes(ctx.query.get("watch") ?? "") ? "watch" : "list";
  const scope = target.namespace ? `in the namespace "${target.namespace}"` : "at the cluster scope";
  const denied = `${target.resource} is forbidden: User "${caller.oid}" cannot ${verb} resource "${target.resource}" in API group "" ${scope}`;
  if (aad.enableAzureRBAC === true) {
    const dataAction = `Microsoft.ContainerService/managedClusters/${target.resource}/read`;
    if (allowedByAzureRbac(services, cluster.id, [caller.oid, ...caller.groups], dataAction)) return undefined;
    return forbidden(
      `${denied}: User does not have access to the resource in Azure. Update role assignment to allow access.`,
      target.resource,
    );
  }
  const admins = new Set((aad.adminGroupObjectIDs ?? []).map((g) => g.toLowerCase()));
  if (caller.groups.some((g) => admins.has(g.toLowerCase()))) return undefined;
  return forbidden(denied, target.resource);
}

function forbidden(message: string, kind: string): Reply {
  return kubeStatus(403, "Forbidden", message, { kind });
}

function allowedByAzureRbac(services: ArmServices, clusterId: string, principals: string[], dataAction: string) {
  const ids = new Set(principals.map((p) => p.toLowerCase()));
  const resource = clusterId.toLowerCase();
  return services.store.listResources({ type: ASSIGNMENT_TYPE }).some((assignment) => {
    const a = props(assignment.body);
    const scope = String(a.scope).toLowerCase().replace(/\/$/, "");
    const covers = scope === "" || resource === scope || resource.startsWith(`${scope}/`);
    if (!covers || !ids.has(String(a.principalId).toLowerCase())) return false;
    const role = builtInRoles[String(a.roleDefinitionId).split("/").pop()?.toLowerCase() ?? ""];
    return role !== undefined && grantsDataAction(role, dataAction);
  });
}
