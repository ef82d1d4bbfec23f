import { armErrors } from "../errors.js";
import type { Reply, RequestContext } from "../http/context.js";
import type { Route } from "../http/router.js";
import { apiVersions } from "../policies/apiVersions.js";
import type { ArmServices } from "../services.js";
import { resourceKey, type StoredResource } from "../store/armStore.js";
import {
  asyncHeaders,
  beginOperation,
  clone,
  normalizeLocation,
  objectBody,
  operationUrls,
  stored,
  tagsOf,
} from "./common.js";
import { deleteRegistryResource, REGISTRIES, registryId, requireRegistry } from "./registryModel.js";

const REPLICATION_TYPE = "Microsoft.ContainerRegistry/registries/replications";

/** Geo-replications of Premium registries: create (AAO), get, list, delete. */
export function replicationRoutes(services: ArmServices): Route[] {
  const v = apiVersions.containerRegistry;
  return [
    {
      methods: ["GET"],
      pattern: `${REGISTRIES}/{name}/replications`,
      resourceType: REPLICATION_TYPE,
      apiVersions: v,
      handler: (ctx) => ({
        status: 200,
        body: {
          value: services.store
            .listResources({ parentKey: resourceKey(requireRegistry(ctx, services).id) })
            .map((r) => clone(r.body)),
        },
      }),
    },
    {
      methods: ["PUT"],
      pattern: `${REGISTRIES}/{name}/replications/{replication}`,
      resourceType: REPLICATION_TYPE,
      apiVersions: v,
      handler: (ctx) => putReplication(ctx, services),
    },
    {
      methods: ["GET"],
      pattern: `${REGISTRIES}/{name}/replications/{replication}`,
      resourceType: REPLICATION_TYPE,
      apiVersions: v,
      handler: (ctx) => ({ status: 200, body: clone(replication(ctx, services).body) }),
    },
    {
      methods: ["DELETE"],
      pattern: `${REGISTRIES}/{name}/replications/{replication}`,
      resourceType: REPLICATION_TYPE,
      apiVersions: v,
      handler: (ctx) =>
        deleteRegistryResource(ctx, services, `${registryId(ctx)}/replications/${ctx.params.replication}`),
    },
  ];
}

function replication(ctx: RequestContext, services: ArmServices): StoredResource {
  const found = services.store.getResource(
    `${requireRegistry(ctx, services).id}/replications/${ctx.params.replication}`,
  );
  if (!found)
    throw armErrors.resourceNotFound(
      REPLICATION_TYPE,
      `${ctx.params.name}/${ctx.params.replication}`,
      ctx.params.rg ?? "",
    );
  return found;
}

function putReplication(ctx: RequestContext, services: ArmServices): Reply {
  const parent = requireRegistry(ctx, services);
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
  const existing = services.store.getResource(id);
  const key = resourceKey(id);
  const { op, retried } = beginOperation(ctx, services, {
    kind: "provision",
    subscriptionId: parent.subscriptionId,
    resourceKey: key,
    duration: "replication",
    statusStyle: "acr",
    idPrefix: "replications-",
  });
  if (!retried) {
    const tags = tagsOf(input);
    const body = {
      id,
      name,
      type: REPLICATION_TYPE,
      location,
      ...(tags ? { tags } : {}),
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
  }
  return {
    status: existing && !retried ? 200 : 201,
    body: clone(services.store.getResource(id)?.body),
    headers: asyncHeaders(
      ctx,
      services,
      operationUrls.registry(parent.id, op, ctx.query.get("api-version") ?? "", false),
    ),
  };
}
