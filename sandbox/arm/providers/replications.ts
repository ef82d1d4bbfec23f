import { armErrors } from "../errors.js";
import type { Reply, RequestContext } from "../http/context.js";
import type { Route } from "../http/router.js";
import { apiVersions } from "../policies/apiVersions.js";
import type { ArmServices } from "../services.js";
import { resourceKey } from "../store/armStore.js";
import { asyncPut } from "./asyncWrites.js";
import { normalizeLocation, objectBody, operationUrls, stored, trackedBody } from "./common.js";
import { acrOperation, deleteRegistryResource, REPLICATION_TYPE, registries, replications } from "./registryModel.js";
import { resourceTypeRoutes } from "./resourceTypeRoutes.js";

/** Geo-replications of Premium registries: create (AAO), get, list (one page), delete. */
export function replicationRoutes(services: ArmServices): Route[] {
  return resourceTypeRoutes(services, {
    address: replications,
    apiVersions: apiVersions["Microsoft.ContainerRegistry/registries/replications"],
    paged: false,
    put: (ctx) => putReplication(ctx, services),
    delete: (ctx) => deleteRegistryResource(ctx, services, replications.id(ctx)),
  });
}

function putReplication(ctx: RequestContext, services: ArmServices): Reply {
  const parent = registries.require(ctx, services);
  const name = ctx.params.replication ?? "";
  if ((parent.body.sku as { name?: string }).name !== "Premium") {
    throw armErrors.geoReplicationNotSupported();
  }
  const input = objectBody(ctx);
  const location = normalizeLocation(input.location, REPLICATION_TYPE);
  if (location === parent.body.location)
    throw armErrors.badRequest(
      `The registry is already located in ${location}; a replication to its home region is implicit.`,
    );
  const id = `${parent.id}/replications/${name}`;
  return asyncPut(ctx, services, {
    id,
    subscriptionId: parent.subscriptionId,
    duration: "replication",
    operation: acrOperation("replications-"),
    urls: (op, apiVersion) => operationUrls.registry(parent.id, op, apiVersion, false),
    write(existing) {
      const body = {
        ...trackedBody({ id, name, type: REPLICATION_TYPE, location }, input),
        properties: {
          provisioningState: existing ? "Updating" : "Creating",
          status: { displayStatus: "Syncing" },
          regionEndpointEnabled: true,
          zoneRedundancy: "Disabled",
        },
      };
      services.store.putResource(
        stored({
          id,
          type: REPLICATION_TYPE,
          subscriptionId: parent.subscriptionId,
          resourceGroup: parent.resourceGroup,
          parentKey: resourceKey(parent.id),
          body,
        }),
      );
    },
  });
}
