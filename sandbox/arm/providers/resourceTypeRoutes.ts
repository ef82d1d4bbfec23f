import type { Handler, Route } from "../http/router.js";
import type { ArmServices } from "../services.js";
import type { StoredResource } from "../store/armStore.js";
import { clone, page } from "./common.js";
import type { ResourceAddress } from "./resourceAddress.js";

/** What is particular to one resource type; the collection GET and the item GET come from its address. */
export interface ResourceTypeSpec {
  address: ResourceAddress;
  apiVersions: readonly string[];
  /** Wire body of a stored item. Defaults to a copy of its body. */
  view?: (resource: StoredResource) => unknown;
  /** Whether the collection GET pages with `nextLink`. Defaults to true (ACR replications answer one page). */
  paged?: boolean;
  put: Handler;
  /** Answered with 405 when absent. */
  patch?: Handler;
  delete: Handler;
}

/** A route factory for one resource type: every route of a type shares its name and api-versions. */
export function routeFor(
  resourceType: string,
  apiVersions: readonly string[],
): (method: string, pattern: string, handler: Handler) => Route {
  return (method, pattern, handler) => ({ methods: [method], pattern, resourceType, apiVersions, handler });
}

/** The routes of one resource type: GET of the collection, PUT/GET/DELETE (and PATCH) of one item. */
export function resourceTypeRoutes(services: ArmServices, spec: ResourceTypeSpec): Route[] {
  const { address } = spec;
  const view = spec.view ?? ((r: StoredResource) => clone(r.body));
  const route = routeFor(address.type, spec.apiVersions);
  return [
    route("GET", address.collection, (ctx) => {
      const items = address.list(ctx, services).map(view);
      return { status: 200, body: spec.paged === false ? { value: items } : page(ctx, services, items) };
    }),
    route("PUT", address.item, spec.put),
    ...(spec.patch ? [route("PATCH", address.item, spec.patch)] : []),
    route("GET", address.item, (ctx) => ({ status: 200, body: view(address.require(ctx, services)) })),
    route("DELETE", address.item, spec.delete),
  ];
}
