import type { Reply, RequestContext } from "../../http/context.js";
import type { Route } from "../../http/router.js";
import { type ArmResourceType, apiVersions } from "../../policies/apiVersions.js";
import type { ArmServices } from "../../services.js";
import { page, requireResourceGroup, resourceGroupId } from "../common.js";
import { routeFor } from "../resourceTypeRoutes.js";
import { abortLatestOperation } from "./abort.js";
import { credentials, deleteCluster, patchCluster, powerAction, upgradeProfile } from "./clusterActions.js";
import { CLUSTER_TYPE, clusterView } from "./clusterModel.js";
import { CLUSTERS, requireCluster } from "./clusterRequest.js";
import { putCluster } from "./putCluster.js";
import { kubernetesVersionsBody } from "./versions.js";

/** Managed clusters: PUT/GET/PATCH/DELETE, credentials, stop/start, abort, upgrade profile, versions. */
export function managedClusterRoutes(services: ArmServices): Route[] {
  const one = `${CLUSTERS}/{name}`;
  const route = routeFor(CLUSTER_TYPE, apiVersions[CLUSTER_TYPE]);
  // Each type keeps its own versions: kubernetesVersions only exists from 2023-03-01 on.
  const typed = (type: ArmResourceType) => routeFor(type, apiVersions[type]);
  return [
    route("GET", "/subscriptions/{sub}/providers/microsoft.containerservice/managedclusters", (ctx) =>
      list(ctx, services, `/subscriptions/${ctx.params.sub}`),
    ),
    typed("Microsoft.ContainerService/locations/kubernetesVersions")(
      "GET",
      "/subscriptions/{sub}/providers/microsoft.containerservice/locations/{location}/kubernetesVersions",
      () => ({ status: 200, body: kubernetesVersionsBody() }),
    ),
    route("GET", CLUSTERS, (ctx) => {
      requireResourceGroup(services, ctx.params.sub ?? "", ctx.params.rg ?? "");
      return list(ctx, services, resourceGroupId(ctx.params.sub ?? "", ctx.params.rg ?? ""));
    }),
    route("PUT", one, (ctx) => putCluster(ctx, services)),
    route("GET", one, (ctx) => ({ status: 200, body: clusterView(services.store, requireCluster(ctx, services)) })),
    route("PATCH", one, (ctx) => patchCluster(ctx, services)),
    route("DELETE", one, (ctx) => deleteCluster(ctx, services)),
    route("POST", `${one}/listClusterUserCredential`, (ctx) => credentials(ctx, services, false)),
    route("POST", `${one}/listClusterAdminCredential`, (ctx) => credentials(ctx, services, true)),
    route("POST", `${one}/stop`, (ctx) => powerAction(ctx, services, "clusterStop")),
    route("POST", `${one}/start`, (ctx) => powerAction(ctx, services, "clusterStart")),
    typed("Microsoft.ContainerService/managedClusters/abort")("POST", `${one}/abort`, (ctx) =>
      abortLatestOperation(ctx, services, "cluster"),
    ),
    typed("Microsoft.ContainerService/managedClusters/upgradeProfiles")(
      "GET",
      `${one}/upgradeProfiles/default`,
      (ctx) => upgradeProfile(ctx, services),
    ),
  ];
}

function list(ctx: RequestContext, services: ArmServices, prefix: string): Reply {
  const value = services.store.listResources({ prefix, type: CLUSTER_TYPE }).map((c) => clusterView(services.store, c));
  return { status: 200, body: page(ctx, services, value) };
}
