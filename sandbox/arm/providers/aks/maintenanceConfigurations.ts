import { armErrors } from "../../errors.js";
import type { Reply, RequestContext } from "../../http/context.js";
import type { Route } from "../../http/router.js";
import { apiVersions } from "../../policies/apiVersions.js";
import type { ArmServices } from "../../services.js";
import { resourceKey } from "../../store/armStore.js";
import { clone, objectBody, page, props, stored } from "../common.js";
import { routeFor } from "../resourceTypeRoutes.js";
import { CLUSTERS, requireCluster } from "./clusterRequest.js";
import { MAINTENANCE_CONFIG_NAMES, validateMaintenanceConfiguration } from "./maintenanceWindow.js";

/** Type of a planned-maintenance configuration (child of a managed cluster). */
export const MAINTENANCE_TYPE = "Microsoft.ContainerService/managedClusters/maintenanceConfigurations" as const;

/**
 * Planned maintenance: `…/managedClusters/{name}/maintenanceConfigurations[/{configName}]` PUT, GET,
 * DELETE and list, all synchronous. Stored under the cluster, so they go when it goes; the sandbox
 * keeps them but schedules nothing.
 */
export function maintenanceConfigurationRoutes(services: ArmServices): Route[] {
  const base = `${CLUSTERS}/{name}/maintenanceConfigurations`;
  const route = routeFor(MAINTENANCE_TYPE, apiVersions[MAINTENANCE_TYPE]);
  const list = (ctx: RequestContext) => {
    const cluster = requireCluster(ctx, services);
    const items = services.store.listResources({ parentKey: resourceKey(cluster.id), type: MAINTENANCE_TYPE });
    return page(
      ctx,
      services,
      items.map((r) => clone(r.body)),
    );
  };
  return [
    route("GET", base, (ctx) => ({ status: 200, body: list(ctx) })),
    route("PUT", `${base}/{config}`, (ctx) => put(ctx, services)),
    route("GET", `${base}/{config}`, (ctx) => {
      const id = configId(ctx, services);
      const found = services.store.getResource(id);
      if (!found)
        throw armErrors.resourceNotFound(
          MAINTENANCE_TYPE,
          `${ctx.params.name}/maintenanceConfigurations/${ctx.params.config}`,
          ctx.params.rg ?? "",
        );
      return { status: 200, body: clone(found.body) };
    }),
    route("DELETE", `${base}/{config}`, (ctx) => {
      const id = configId(ctx, services);
      if (!services.store.getResource(id)) return { status: 204 };
      services.store.deleteResource(id);
      return { status: 200 };
    }),
  ];
}

/** The canonical name (AKS's spelling) of a configuration a request names; 400 for any other name. */
function canonicalName(name: string): string {
  const known = MAINTENANCE_CONFIG_NAMES.find((n) => n.toLowerCase() === name.toLowerCase());
  if (!known) {
    throw armErrors.invalidParameter(
      "configName",
      `The value of parameter configName is invalid. Error details: maintenance configuration name '${name}' is not supported; use one of ${MAINTENANCE_CONFIG_NAMES.join(", ")}.`,
    );
  }
  return known;
}

function configId(ctx: RequestContext, services: ArmServices): string {
  const cluster = requireCluster(ctx, services);
  return `${cluster.id}/maintenanceConfigurations/${canonicalName(ctx.params.config ?? "")}`;
}

function put(ctx: RequestContext, services: ArmServices): Reply {
  const cluster = requireCluster(ctx, services);
  const name = canonicalName(ctx.params.config ?? "");
  const p = props(objectBody(ctx));
  validateMaintenanceConfiguration(name, p);
  const id = `${cluster.id}/maintenanceConfigurations/${name}`;
  const body = { id, name, type: MAINTENANCE_TYPE, properties: clone(p) };
  services.store.putResource(
    stored({
      id,
      type: MAINTENANCE_TYPE,
      subscriptionId: cluster.subscriptionId,
      resourceGroup: cluster.resourceGroup,
      parentKey: resourceKey(cluster.id),
      body,
    }),
  );
  return { status: 200, body: clone(body) };
}
