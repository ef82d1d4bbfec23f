import type { Reply, RequestContext } from "../http/context.js";
import type { ArmServices } from "../services.js";
import type { StoredResource } from "../store/armStore.js";
import { asyncDelete, type OperationOptions } from "./asyncWrites.js";
import { operationUrls } from "./common.js";
import { childOf, inResourceGroup } from "./resourceAddress.js";

/** Type of a registry. */
export const REGISTRY_TYPE = "Microsoft.ContainerRegistry/registries";
/** Type of a geo-replication. */
export const REPLICATION_TYPE = "Microsoft.ContainerRegistry/registries/replications";
/** Registries in a resource group. */
export const registries = inResourceGroup(REGISTRY_TYPE);
/** Geo-replications of a registry. */
export const replications = childOf(registries, "replications", REPLICATION_TYPE, "replication");

/** ACR operations: `{status}` bodies and ids prefixed with the collection (`registries-…`). */
export function acrOperation(idPrefix: string): OperationOptions {
  return { statusStyle: "acr", idPrefix };
}

/** The registry anywhere (any subscription) that holds this name: names are global DNS labels. */
export function holderOf(services: ArmServices, name: string): StoredResource | undefined {
  return services.store
    .listResources({ type: REGISTRY_TYPE })
    .find((r) => String(r.body.name).toLowerCase() === name.toLowerCase());
}

/** DELETE of a registry or replication: 202 with Location (ACR's operationResults form); 204 when absent. */
export function deleteRegistryResource(ctx: RequestContext, services: ArmServices, id: string): Reply {
  return asyncDelete(ctx, services, {
    id,
    duration: "registryDelete",
    operation: acrOperation("registries-"),
    urls(op, target, apiVersion) {
      const registryId = target.parentKey ? (services.store.getResource(target.parentKey)?.id ?? target.id) : target.id;
      return operationUrls.registry(registryId, op, apiVersion, true);
    },
  });
}
