import type { Reply, RequestContext } from "../http/context.js";
import type { ArmServices } from "../services.js";
import { resourceKey, type StoredResource } from "../store/armStore.js";
import { asyncHeaders, beginOperation, operationUrls, props, requireResource, requireResourceGroup } from "./common.js";

/** Type of a registry. */
export const REGISTRY_TYPE = "Microsoft.ContainerRegistry/registries";
/** Route pattern of the registry collection in a resource group. */
export const REGISTRIES = "/subscriptions/{sub}/resourcegroups/{rg}/providers/microsoft.containerregistry/registries";

/** Id of the registry a request names. */
export function registryId(ctx: RequestContext): string {
  return `/subscriptions/${ctx.params.sub}/resourceGroups/${ctx.params.rg}/providers/${REGISTRY_TYPE}/${ctx.params.name}`;
}

/** The registry a request names: 404 ResourceGroupNotFound / ResourceNotFound. */
export function requireRegistry(ctx: RequestContext, services: ArmServices): StoredResource {
  const p = ctx.params;
  return requireResource(services, registryId(ctx), {
    subscriptionId: p.sub ?? "",
    resourceGroup: p.rg ?? "",
    type: REGISTRY_TYPE,
    name: p.name ?? "",
  });
}

/** The registry anywhere (any subscription) that holds this name: names are global DNS labels. */
export function holderOf(services: ArmServices, name: string): StoredResource | undefined {
  return services.store
    .listResources({ type: REGISTRY_TYPE })
    .find((r) => String(r.body.name).toLowerCase() === name.toLowerCase());
}

/** DELETE of a registry or replication: 202 with Location (ACR's operationResults form); 204 when absent. */
export function deleteRegistryResource(ctx: RequestContext, services: ArmServices, id: string): Reply {
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
