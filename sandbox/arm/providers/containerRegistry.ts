import { armErrors } from "../errors.js";
import type { Reply, RequestContext } from "../http/context.js";
import type { Route } from "../http/router.js";
import { apiVersions } from "../policies/apiVersions.js";
import type { ArmServices } from "../services.js";
import { resourceKey } from "../store/armStore.js";
import { asyncPut } from "./asyncWrites.js";
import {
  normalizeLocation,
  objectBody,
  operationUrls,
  props,
  requireResourceGroup,
  stored,
  trackedBody,
} from "./common.js";
import { acrOperation, deleteRegistryResource, holderOf, REGISTRY_TYPE, registries } from "./registryModel.js";
import { resourceTypeRoutes, routeFor } from "./resourceTypeRoutes.js";

const NAME = /^[a-zA-Z0-9]{5,50}$/;
const SKUS = ["Basic", "Standard", "Premium"];

/** Container registries: create (AAO), get, list, delete, globally unique names, checkNameAvailability. */
export function containerRegistryRoutes(services: ArmServices): Route[] {
  const v = apiVersions[REGISTRY_TYPE];
  const checkNameType = "Microsoft.ContainerRegistry/checkNameAvailability";
  return [
    routeFor(checkNameType, apiVersions[checkNameType])(
      "POST",
      "/subscriptions/{sub}/providers/microsoft.containerregistry/checkNameAvailability",
      (ctx) => checkName(ctx, services),
    ),
    ...resourceTypeRoutes(services, {
      address: registries,
      apiVersions: v,
      put: (ctx) => putRegistry(ctx, services),
      delete: (ctx) => deleteRegistryResource(ctx, services, registries.id(ctx)),
    }),
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
  const holder = holderOf(services, name);
  if (holder && resourceKey(holder.id) !== resourceKey(id)) throw armErrors.registryNameInUse(name);
  return asyncPut(ctx, services, {
    id,
    subscriptionId: sub,
    duration: "registry",
    operation: acrOperation("registries-"),
    urls: (op, apiVersion) => operationUrls.registry(id, op, apiVersion, false),
    write(existing) {
      const p = props(input);
      const before = existing ? props(existing.body) : {};
      const body = {
        ...trackedBody({ id, name, type: REGISTRY_TYPE, location }, input),
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
    },
  });
}
