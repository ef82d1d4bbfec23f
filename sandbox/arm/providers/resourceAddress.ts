import { armErrors } from "../errors.js";
import type { RequestContext } from "../http/context.js";
import type { ArmServices } from "../services.js";
import { resourceKey, type StoredResource } from "../store/armStore.js";
import { requireResource, requireResourceGroup } from "./common.js";

/** Where one resource type lives: its route patterns, the id a request names and the 404s ARM answers. */
export interface ResourceAddress {
  /** ARM type, e.g. `Microsoft.Compute/disks`. */
  type: string;
  /** Route pattern of the collection. */
  collection: string;
  /** Route pattern of one item: the collection plus `/{param}`. */
  item: string;
  /** Route parameter that names one item. */
  param: string;
  /** Id of the item a request names, in the caller's casing. */
  id(ctx: RequestContext): string;
  /** The item a request names: 404 ResourceGroupNotFound / ResourceNotFound. */
  require(ctx: RequestContext, services: ArmServices): StoredResource;
  /** The items of the collection a request names; 404 when their group or parent is missing. */
  list(ctx: RequestContext, services: ArmServices): StoredResource[];
}

/** A type whose items sit directly in a resource group: `…/resourceGroups/{rg}/providers/{type}/{param}`. */
export function inResourceGroup(type: string, param = "name"): ResourceAddress {
  const collection = `/subscriptions/{sub}/resourcegroups/{rg}/providers/${type.toLowerCase()}`;
  const providerPath = (ctx: RequestContext) =>
    `/subscriptions/${ctx.params.sub}/resourceGroups/${ctx.params.rg}/providers/${type}`;
  const id = (ctx: RequestContext) => `${providerPath(ctx)}/${ctx.params[param]}`;
  return {
    type,
    collection,
    item: `${collection}/{${param}}`,
    param,
    id,
    require: (ctx, services) =>
      requireResource(services, id(ctx), {
        subscriptionId: ctx.params.sub ?? "",
        resourceGroup: ctx.params.rg ?? "",
        type,
        name: ctx.params[param] ?? "",
      }),
    list(ctx, services) {
      requireResourceGroup(services, ctx.params.sub ?? "", ctx.params.rg ?? "");
      return services.store.listResources({ prefix: providerPath(ctx), type });
    },
  };
}

/** A child type below an item of `parent`: `{parent item}/{segment}/{param}` (subnets, replications). */
export function childOf(parent: ResourceAddress, segment: string, type: string, param: string): ResourceAddress {
  const collection = `${parent.item}/${segment}`;
  return {
    type,
    collection,
    item: `${collection}/{${param}}`,
    param,
    id: (ctx) => `${parent.id(ctx)}/${segment}/${ctx.params[param]}`,
    require(ctx, services) {
      const found = services.store.getResource(`${parent.require(ctx, services).id}/${segment}/${ctx.params[param]}`);
      if (found) return found;
      throw armErrors.resourceNotFound(type, `${ctx.params[parent.param]}/${ctx.params[param]}`, ctx.params.rg ?? "");
    },
    list: (ctx, services) =>
      services.store.listResources({ parentKey: resourceKey(parent.require(ctx, services).id), type }),
  };
}
