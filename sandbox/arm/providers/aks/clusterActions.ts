import { armErrors } from "../../errors.js";
import type { Reply, RequestContext } from "../../http/context.js";
import { kubeconfigYaml } from "../../kube/kubeconfig.js";
import type { ArmServices } from "../../services.js";
import { resourceKey } from "../../store/armStore.js";
import { beginOperation, objectBody, props, requireResourceGroup, tagsOf } from "../common.js";
import { assertNotBusy, checkPreconditions } from "./busy.js";
import { type ClusterInternal, clusterView, poolsOf } from "./clusterModel.js";
import { clusterId, clusterLro, quotaCheck, requireCluster } from "./clusterRequest.js";
import { upgradeProfileBody } from "./versions.js";

/** PATCH (updateTags): synchronous, refused while an operation runs. */
export function patchCluster(ctx: RequestContext, services: ArmServices): Reply {
  const found = requireCluster(ctx, services);
  assertNotBusy(services.store, found);
  const tags = tagsOf(objectBody(ctx));
  if (tags) found.body.tags = tags;
  services.store.putResource(found);
  return { status: 200, body: clusterView(services.store, found) };
}

/** DELETE: pools and the node resource group go with the cluster. */
export function deleteCluster(ctx: RequestContext, services: ArmServices): Reply {
  const { sub = "", rg = "", name = "" } = ctx.params;
  requireResourceGroup(services, sub, rg);
  const found = services.store.getResource(clusterId(sub, rg, name));
  if (!found) return { status: 204 };
  checkPreconditions(ctx, found);
  const key = resourceKey(found.id);
  const { op, retried } = beginOperation(ctx, services, {
    kind: "clusterDelete",
    subscriptionId: sub,
    resourceKey: key,
    duration: "clusterDelete",
  });
  if (!retried) {
    services.engine.cancelUnder(key, op.id);
    props(found.body).provisioningState = "Deleting";
    services.store.putResource(found);
    for (const pool of poolsOf(services.store, found)) {
      props(pool.body).provisioningState = "Deleting";
      services.store.putResource(pool);
    }
  }
  return clusterLro(ctx, services, 202, op, String(found.body.location), true);
}

/** POST stop/start: powerState follows when the operation ends; start checks quota again. */
export function powerAction(ctx: RequestContext, services: ArmServices, kind: "clusterStop" | "clusterStart"): Reply {
  const found = requireCluster(ctx, services);
  const key = resourceKey(found.id);
  const previous = services.engine.findRetried(key, ctx.clientRequestId);
  if (previous) return clusterLro(ctx, services, 202, previous, String(found.body.location), true);
  assertNotBusy(services.store, found);
  const stopped = (props(found.body).powerState as { code?: string } | undefined)?.code === "Stopped";
  if (kind === "clusterStart" && stopped) {
    quotaCheck(ctx, services, {
      subscriptionId: found.subscriptionId,
      location: String(found.body.location),
      // What the pools will hold once running again (stopped, they hold nothing).
      pools: poolsOf(services.store, found)
        .filter((pool) => pool.internal.stoppedOnItsOwn !== true)
        .map((pool) => ({ ...props(pool.body), powerState: { code: "Running" } })),
    });
  }
  const { op } = beginOperation(ctx, services, {
    kind,
    subscriptionId: found.subscriptionId,
    resourceKey: key,
    duration: kind,
  });
  const state = kind === "clusterStop" ? "Stopping" : "Starting";
  props(found.body).provisioningState = state;
  services.store.putResource(found);
  for (const pool of poolsOf(services.store, found)) {
    props(pool.body).provisioningState = state;
    services.store.putResource(pool);
  }
  return clusterLro(ctx, services, 202, op, String(found.body.location), true);
}

/**
 * POST listClusterUserCredential / listClusterAdminCredential: a kubeconfig for the sandbox Kubernetes API. On a
 * managed-Entra cluster the user kubeconfig is kubelogin's exec entry (no token); admin credentials are refused
 * (400 BadRequest) once local accounts are disabled.
 */
export function credentials(ctx: RequestContext, services: ArmServices, admin: boolean): Reply {
  const found = requireCluster(ctx, services);
  const p = props(found.body);
  if (admin && p.disableLocalAccounts === true) {
    throw armErrors.badRequest(
      "Getting static credential is not allowed because this cluster is set to disable local accounts.",
    );
  }
  const internal = found.internal as ClusterInternal;
  const aad = p.aadProfile as { managed?: boolean; tenantID?: string } | undefined;
  const yaml = kubeconfigYaml({
    clusterName: String(found.body.name),
    resourceGroup: found.resourceGroup,
    server: `${ctx.baseUrl.replace(/^http:/, "https:")}/k8s/${String(p.resourceUID)}`,
    caPem: services.caPem,
    user: admin
      ? { token: internal.adminToken }
      : aad?.managed === true
        ? { entraTenantId: String(aad.tenantID ?? services.identity.tenantId) }
        : { token: internal.userToken },
    admin,
  });
  return {
    status: 200,
    body: {
      kubeconfigs: [{ name: admin ? "clusterAdmin" : "clusterUser", value: Buffer.from(yaml).toString("base64") }],
    },
  };
}

/** GET upgradeProfiles/default. */
export function upgradeProfile(ctx: RequestContext, services: ArmServices): Reply {
  const found = requireCluster(ctx, services);
  const current = String(props(found.body).currentKubernetesVersion);
  const pools = poolsOf(services.store, found).map((pool) => ({
    name: String(pool.body.name),
    version: String(props(pool.body).currentOrchestratorVersion ?? current),
  }));
  return { status: 200, body: upgradeProfileBody(found.id, current, pools) };
}
