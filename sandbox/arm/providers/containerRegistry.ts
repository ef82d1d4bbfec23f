import { armErrors } from "../errors.js";
import type { Reply, RequestContext } from "../http/context.js";
import type { Route } from "../http/router.js";
import { apiVersions } from "../policies/apiVersions.js";
import type { ArmServices } from "../services.js";
import { resourceKey } from "../store/armStore.js";
import {
  asyncHeaders,
  beginOperation,
  clone,
  normalizeLocation,
  objectBody,
  operationUrls,
  page,
  props,
  requireResourceGroup,
  stored,
  tagsOf,
} from "./common.js";
import {
  deleteRegistryResource,
  holderOf,
  REGISTRIES,
  REGISTRY_TYPE,
  registryId,
  requireRegistry,
} from "./registryModel.js";

const NAME = /^[a-zA-Z0-9]{5,50}$/;
const SKUS = ["Basic", "Standard", "Premium"];

/** Container registries: create (AAO), get, list, delete, globally unique names, checkNameAvailability. */
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
      pattern: REGISTRIES,
      resourceType: REGISTRY_TYPE,
      apiVersions: v,
      handler: (ctx) => list(ctx, services),
    },
    {
      methods: ["PUT"],
      pattern: `${REGISTRIES}/{name}`,
      resourceType: REGISTRY_TYPE,
      apiVersions: v,
      handler: (ctx) => putRegistry(ctx, services),
    },
    {
      methods: ["GET"],
      pattern: `${REGISTRIES}/{name}`,
      resourceType: REGISTRY_TYPE,
      apiVersions: v,
      handler: (ctx) => ({ status: 200, body: clone(requireRegistry(ctx, services).body) }),
    },
    {
      methods: ["DELETE"],
      pattern: `${REGISTRIES}/{name}`,
      resourceType: REGISTRY_TYPE,
      apiVersions: v,
      handler: (ctx) => deleteRegistryResource(ctx, services, registryId(ctx)),
    },
  ];
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
    body: page(
      ctx,
      services,
      services.store.listResources({ prefix, type: REGISTRY_TYPE }).map((r) => clone(r.body)),
    ),
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
  const location = normalizeLocation(input.location, REGISTRY_TYPE);
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
