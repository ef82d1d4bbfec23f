import { armErrors } from "../errors.js";
import type { Reply, RequestContext } from "../http/context.js";
import type { Route } from "../http/router.js";
import { apiVersions } from "../policies/apiVersions.js";
import { type ArmServices, stepDuration } from "../services.js";
import { resourceKey } from "../store/armStore.js";
import {
  asyncHeaders,
  normalizeLocation,
  objectBody,
  operationUrls,
  page,
  props,
  resourceGroupId,
  stored,
  tagsOf,
  view,
} from "./common.js";

const RG_TYPE = "Microsoft.Resources/resourceGroups";
const RG_NAME = /^[-\w._()]{1,90}$/;

/** Resource groups (PUT/GET/HEAD/PATCH/DELETE with cascade) and the resources in one. */
export function resourceRoutes(services: ArmServices): Route[] {
  services.engine.register("resourceGroupDelete", {
    succeed: (op, { store }) => {
      for (const r of store.listResources({ prefix: op.resourceKey })) store.deleteResource(r.id);
      // AKS node resource groups go with their cluster.
      for (const clusterId of (op.data.clusterIds as string[] | undefined) ?? []) {
        for (const rg of store.listResources({ type: RG_TYPE })) {
          if (String(rg.body.managedBy ?? "").toLowerCase() === clusterId.toLowerCase()) {
            for (const r of store.listResources({ prefix: rg.id })) store.deleteResource(r.id);
          }
        }
      }
    },
  });
  const rgRoute = "/subscriptions/{sub}/resourcegroups/{rg}";
  const versions = apiVersions.resources;
  return [
    {
      methods: ["GET"],
      pattern: "/subscriptions/{sub}/resourcegroups",
      resourceType: RG_TYPE,
      apiVersions: versions,
      handler: (ctx) => listGroups(ctx, services),
    },
    {
      methods: ["PUT"],
      pattern: rgRoute,
      resourceType: RG_TYPE,
      apiVersions: versions,
      handler: (ctx) => putGroup(ctx, services),
    },
    {
      methods: ["PATCH"],
      pattern: rgRoute,
      resourceType: RG_TYPE,
      apiVersions: versions,
      handler: (ctx) => patchGroup(ctx, services),
    },
    {
      methods: ["GET"],
      pattern: rgRoute,
      resourceType: RG_TYPE,
      apiVersions: versions,
      handler: (ctx) => ({ status: 200, body: view(group(ctx, services)) }),
    },
    {
      methods: ["HEAD"],
      pattern: rgRoute,
      resourceType: RG_TYPE,
      apiVersions: versions,
      handler: (ctx) => headGroup(ctx, services),
    },
    {
      methods: ["DELETE"],
      pattern: rgRoute,
      resourceType: RG_TYPE,
      apiVersions: versions,
      handler: (ctx) => deleteGroup(ctx, services),
    },
    {
      methods: ["GET"],
      pattern: `${rgRoute}/resources`,
      resourceType: "Microsoft.Resources/resources",
      apiVersions: versions,
      handler: (ctx) => listResourcesIn(ctx, services),
    },
  ];
}

function group(ctx: RequestContext, services: ArmServices) {
  const rg = services.store.getResource(resourceGroupId(ctx.params.sub ?? "", ctx.params.rg ?? ""));
  if (!rg) throw armErrors.resourceGroupNotFound(ctx.params.rg ?? "");
  return rg;
}

function listGroups(ctx: RequestContext, services: ArmServices): Reply {
  const prefix = `/subscriptions/${ctx.params.sub}`;
  const value = services.store.listResources({ prefix, type: RG_TYPE }).map(view);
  return { status: 200, body: page(ctx, services, value) };
}

function putGroup(ctx: RequestContext, services: ArmServices): Reply {
  const sub = ctx.params.sub ?? "";
  const name = ctx.params.rg ?? "";
  if (!RG_NAME.test(name) || name.endsWith(".")) {
    throw armErrors.invalidParameter(
      "resourceGroupName",
      `Resource group name '${name}' is invalid. It must be 1-90 characters of letters, digits, '_', '-', '.', '(' or ')' and must not end with '.'.`,
    );
  }
  const body = objectBody(ctx);
  const location = normalizeLocation(body.location, RG_TYPE);
  const existing = services.store.getResource(resourceGroupId(sub, name));
  if (existing) {
    if (props(existing.body).provisioningState === "Deleting") throw armErrors.resourceGroupBeingDeleted(name);
    if (existing.body.location !== location)
      throw armErrors.invalidResourceGroupLocation(name, String(existing.body.location), location);
  }
  const id = existing?.id ?? resourceGroupId(sub, name);
  const tags = tagsOf(body);
  const rgBody = {
    id,
    name: existing?.body.name ?? name,
    type: RG_TYPE,
    location,
    ...(body.managedBy
      ? { managedBy: body.managedBy }
      : existing?.body.managedBy
        ? { managedBy: existing.body.managedBy }
        : {}),
    ...(tags ? { tags } : {}),
    properties: { provisioningState: "Succeeded" },
  };
  services.store.putResource(
    stored({ id, type: RG_TYPE, subscriptionId: sub, resourceGroup: String(rgBody.name), body: rgBody }),
  );
  return { status: existing ? 200 : 201, body: rgBody };
}

function patchGroup(ctx: RequestContext, services: ArmServices): Reply {
  const rg = group(ctx, services);
  const tags = tagsOf(objectBody(ctx));
  if (tags) rg.body.tags = tags;
  services.store.putResource(rg);
  return { status: 200, body: view(rg) };
}

function headGroup(ctx: RequestContext, services: ArmServices): Reply {
  const rg = services.store.getResource(resourceGroupId(ctx.params.sub ?? "", ctx.params.rg ?? ""));
  return { status: rg ? 204 : 404 };
}

function deleteGroup(ctx: RequestContext, services: ArmServices): Reply {
  const rg = group(ctx, services);
  const key = resourceKey(rg.id);
  const retried = services.engine.findRetried(key, ctx.clientRequestId);
  const inFlight =
    retried ??
    services.store
      .listOperations()
      .find((o) => o.resourceKey === key && o.kind === "resourceGroupDelete" && o.status === "InProgress");
  const op =
    inFlight ??
    services.engine.start({
      kind: "resourceGroupDelete",
      subscriptionId: rg.subscriptionId,
      resourceKey: key,
      method: "DELETE",
      durationMs: stepDuration(services, "resourceGroupDelete", rg.id),
      clientRequestId: ctx.clientRequestId,
      error: ctx.asyncFailure,
      data: {
        clusterIds: services.store
          .listResources({ prefix: rg.id, type: "Microsoft.ContainerService/managedClusters" })
          .map((c) => c.id),
      },
    });
  if (!inFlight) {
    services.engine.cancelUnder(key, op.id);
    for (const r of services.store.listResources({ prefix: rg.id })) {
      if (r.body.properties !== undefined || r.type === RG_TYPE) {
        props(r.body).provisioningState = "Deleting";
        services.store.putResource(r);
      }
    }
  }
  return {
    status: 202,
    headers: asyncHeaders(ctx, services, operationUrls.subscription(op, ctx.query.get("api-version") ?? "2025-04-01")),
  };
}

function listResourcesIn(ctx: RequestContext, services: ArmServices): Reply {
  const rg = group(ctx, services);
  const value = services.store
    .listResources({ prefix: rg.id })
    .filter((r) => r.type !== RG_TYPE && !r.parentKey && !r.type.toLowerCase().startsWith("microsoft.authorization/"))
    .map((r) => ({
      id: r.body.id,
      name: r.body.name,
      type: r.body.type,
      location: r.body.location,
      ...(r.body.tags ? { tags: r.body.tags } : {}),
    }));
  return { status: 200, body: page(ctx, services, value) };
}
