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
  props,
  requireResource,
  requireResourceGroup,
  stored,
  tagsOf,
} from "./common.js";

const REGISTRY_TYPE = "Microsoft.ContainerRegistry/registries";
const REPLICATION_TYPE = "Microsoft.ContainerRegistry/registries/replications";
const BASE = "/subscriptions/{sub}/resourcegroups/{rg}/providers/microsoft.containerregistry/registries";
const NAME = /^[a-zA-Z0-9]{5,50}$/;
const SKUS = ["Basic", "Standard", "Premium"];

/** Container registries (+ globally unique names, checkNameAvailability) and geo-replications. */
export function containerRegistryRoutes(services: ArmServices): Route[] {
  const v = apiVersions.containerRegistry;
  return [
    {
      methods: ["POST"],
      pattern: "/subscriptions/{sub}/providers/microsoft.containerregistry/checkNameAvailability",
      resourceType: REGISTRY_TYPE,
      apiVersions: v,
      handler: (ctx) => checkName(ctx, services),
    },
    {
      methods: ["GET"],
      pattern: BASE,
      resourceType: REGISTRY_TYPE,
      apiVersions: v,
      handler: (ctx) => list(ctx, services),
    },
    {
      methods: ["PUT"],
      pattern: `${BASE}/{name}`,
      resourceType: REGISTRY_TYPE,
      apiVersions: v,
      handler: (ctx) => putRegistry(ctx, services),
    },
    {
      methods: ["GET"],
      pattern: `${BASE}/{name}`,
      resourceType: REGISTRY_TYPE,
      apiVersions: v,
      handler: (ctx) => ({ status: 200, body: clone(registry(ctx, services).body) }),
    },
    {
      methods: ["DELETE"],
      pattern: `${BASE}/{name}`,
      resourceType: REGISTRY_TYPE,
      apiVersions: v,
      handler: (ctx) => deleteRegistry(ctx, services, registryId(ctx)),
    },
    {
      methods: ["GET"],
      pattern: `${BASE}/{name}/replications`,
      resourceType: REPLICATION_TYPE,
      apiVersions: v,
      handler: (ctx) => ({
        status: 200,
        body: {
          value: services.store
            .listResources({ parentKey: resourceKey(registry(ctx, services).id) })
            .map((r) => clone(r.body)),
        },
      }),
    },
    {
      methods: ["PUT"],
      pattern: `${BASE}/{name}/replications/{replication}`,
      resourceType: REPLICATION_TYPE,
      apiVersions: v,
      handler: (ctx) => putReplication(ctx, services),
    },
    {
      methods: ["GET"],
      pattern: `${BASE}/{name}/replications/{replication}`,
      resourceType: REPLICATION_TYPE,
      apiVersions: v,
      handler: (ctx) => ({ status: 200, body: clone(replication(ctx, services).body) }),
    },
    {
      methods: ["DELETE"],
      pattern: `${BASE}/{name}/replications/{replication}`,
      resourceType: REPLICATION_TYPE,
      apiVersions: v,
      handler: (ctx) => deleteRegistry(ctx, services, `${registryId(ctx)}/replications/${ctx.params.replication}`),
    },
  ];
}

function registryId(ctx: RequestContext): string {
  return `/subscriptions/${ctx.params.sub}/resourceGroups/${ctx.params.rg}/providers/${REGISTRY_TYPE}/${ctx.params.name}`;
}

function registry(ctx: RequestContext, services: ArmServices): StoredResource {
  const p = ctx.params;
  return requireResource(services, registryId(ctx), {
    subscriptionId: p.sub ?? "",
    resourceGroup: p.rg ?? "",
    type: REGISTRY_TYPE,
    name: p.name ?? "",
  });
}

function replication(ctx: RequestContext, services: ArmServices): StoredResource {
  const found = services.store.getResource(`${registry(ctx, services).id}/replications/${ctx.params.replication}`);
  if (!found)
    throw armErrors.resourceNotFound(
      REPLICATION_TYPE,
      `${ctx.params.name}/${ctx.params.replication}`,
      ctx.params.rg ?? "",
    );
  return found;
}

/** The registry anywhere (any subscription) that holds this name: names are global DNS labels. */
function holderOf(services: ArmServices, name: string): StoredResource | undefined {
  return services.store
    .listResources({ type: REGISTRY_TYPE })
    .find((r) => String(r.body.name).toLowerCase() === name.toLowerCase());
}

function checkName(ctx: RequestContext, services: ArmServices): Reply {
  const { name } = objectBody(ctx) as { name?: string };
  if (typeof name !== "string" || !NAME.test(name)) {
    return {
      status: 200,
      body: {
        nameAvailable: false,
        reason: "Invalid",
        message:
          "The specified resource name is invalid. Registry names may contain only alpha-numeric characters and must be between 5 and 50 characters.",
      },
    };
  }
  if (holderOf(services, name)) {
    return {
      status: 200,
      body: { nameAvailable: false, reason: "AlreadyExists", message: `The registry ${name} is already in use.` },
    };
  }
  return { status: 200, body: { nameAvailable: true, availableLoginServerName: `${name.toLowerCase()}.azurecr.io` } };
}

function list(ctx: RequestContext, services: ArmServices): Reply {
  requireResourceGroup(services, ctx.params.sub ?? "", ctx.params.rg ?? "");
  const prefix = `/subscriptions/${ctx.params.sub}/resourceGroups/${ctx.params.rg}/providers/${REGISTRY_TYPE}`;
  return {
    status: 200,
    body: { value: services.store.listResources({ prefix, type: REGISTRY_TYPE }).map((r) => clone(r.body)) },
  };
}

function putRegistry(ctx: RequestContext, services: ArmServices): Reply {
  const { sub = "", rg = "", name = "" } = ctx.params;
  const group = requireResourceGroup(services, sub, rg);
  if (!NAME.test(name)) {
    throw armErrors.invalidParameter(
      "registryName",
      `The registry name '${name}' is invalid. Registry names may contain only alpha-numeric characters and must be between 5 and 50 characters.`,
    );
  }
  const input = objectBody(ctx);
  const location = normalizeLocation(input.location);
  const skuName = (input.sku as { name?: string } | undefined)?.name;
  if (!skuName || !SKUS.includes(skuName))
    throw armErrors.invalidParameter(
      "sku.name",
      `The SKU '${skuName ?? ""}' is not valid. Valid SKUs are ${SKUS.join(", ")}.`,
    );
  const id = `/subscriptions/${sub}/resourceGroups/${group.body.name}/providers/${REGISTRY_TYPE}/${name}`;
  const existing = services.store.getResource(id);
  const holder = holderOf(services, name);
  if (holder && resourceKey(holder.id) !== resourceKey(id)) throw armErrors.registryNameInUse(name);
  const key = resourceKey(id);
  const { op, retried } = beginOperation(ctx, services, {
    kind: "provision",
    subscriptionId: sub,
    resourceKey: key,
    duration: "registry",
    statusStyle: "acr",
    idPrefix: "registries-",
  });
  if (!retried) {
    const p = props(input);
    const tags = tagsOf(input);
    const before = existing ? props(existing.body) : {};
    const body = {
      id,
      name,
      type: REGISTRY_TYPE,
      location,
      ...(tags ? { tags } : {}),
      sku: { name: skuName, tier: skuName },
      systemData: {
        createdBy: "sandbox",
        createdByType: "Application",
        createdAt: before.creationDate ?? new Date().toISOString(),
      },
      properties: {
        loginServer: `${name.toLowerCase()}.azurecr.io`,
        creationDate: before.creationDate ?? new Date().toISOString(),
        provisioningState: existing ? "Updating" : "Creating",
        adminUserEnabled: p.adminUserEnabled ?? false,
        publicNetworkAccess: p.publicNetworkAccess ?? "Enabled",
        zoneRedundancy: p.zoneRedundancy ?? "Disabled",
        networkRuleBypassOptions: "AzureServices",
        dataEndpointEnabled: false,
        dataEndpointHostNames: [],
        anonymousPullEnabled: p.anonymousPullEnabled ?? false,
        encryption: { status: "disabled" },
        policies: {
          quarantinePolicy: { status: "disabled" },
          trustPolicy: { type: "Notary", status: "disabled" },
          retentionPolicy: { days: 7, status: "disabled" },
          exportPolicy: { status: "enabled" },
        },
      },
    };
    services.store.putResource(
      stored({ id, type: REGISTRY_TYPE, subscriptionId: sub, resourceGroup: String(group.body.name), body }),
    );
  }
  return {
    status: existing && !retried ? 200 : 201,
    body: clone(services.store.getResource(id)?.body),
    headers: asyncHeaders(ctx, services, operationUrls.registry(id, op, ctx.query.get("api-version") ?? "", false)),
  };
}

function putReplication(ctx: RequestContext, services: ArmServices): Reply {
  const parent = registry(ctx, services);
  const name = ctx.params.replication ?? "";
  if ((parent.body.sku as { name?: string }).name !== "Premium") {
    throw armErrors.geoReplicationNotSupported();
  }
  const input = objectBody(ctx);
  const location = normalizeLocation(input.location);
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

function deleteRegistry(ctx: RequestContext, services: ArmServices, id: string): Reply {
  requireResourceGroup(services, ctx.params.sub ?? "", ctx.params.rg ?? "");
  const target = services.store.getResource(id);
  if (!target) return { status: 204 };
  const key = resourceKey(target.id);
  const { op } = beginOperation(ctx, services, {
    kind: "delete",
    subscriptionId: target.subscriptionId,
    resourceKey: key,
    duration: "registryDelete",
    statusStyle: "acr",
    idPrefix: "registries-",
  });
  props(target.body).provisioningState = "Deleting";
  services.store.putResource(target);
  const registryIdOf = target.parentKey ? (services.store.getResource(target.parentKey)?.id ?? target.id) : target.id;
  return {
    status: 202,
    headers: asyncHeaders(
      ctx,
      services,
      operationUrls.registry(registryIdOf, op, ctx.query.get("api-version") ?? "", true),
    ),
  };
}
