import { deleteTree } from "../engine/genericEffects.js";
import { armErrors } from "../errors.js";
import type { Reply, RequestContext } from "../http/context.js";
import type { Route } from "../http/router.js";
import { apiVersions } from "../policies/apiVersions.js";
import type { ArmServices } from "../services.js";
import { resourceKey, type StoredResource } from "../store/armStore.js";
import {
  asyncHeaders,
  beginOperation,
  normalizeLocation,
  objectBody,
  operationUrls,
  page,
  patchTags,
  props,
  resourceGroupId,
  stored,
  tagsOf,
} from "./common.js";
import type { ResourceAddress } from "./resourceAddress.js";
import { resourceTypeRoutes, routeFor } from "./resourceTypeRoutes.js";

const RG_TYPE = "Microsoft.Resources/resourceGroups";
const RG_NAME = /^[-\w._()]{1,90}$/;

/** Resource groups of a subscription: `/subscriptions/{sub}/resourcegroups/{rg}`. */
const groups: ResourceAddress = {
  type: RG_TYPE,
  collection: "/subscriptions/{sub}/resourcegroups",
  item: "/subscriptions/{sub}/resourcegroups/{rg}",
  param: "rg",
  id: (ctx) => resourceGroupId(ctx.params.sub ?? "", ctx.params.rg ?? ""),
  require: requireGroup,
  list: (ctx, services) => services.store.listResources({ prefix: `/subscriptions/${ctx.params.sub}`, type: RG_TYPE }),
};

/** Resource groups (PUT/GET/HEAD/PATCH/DELETE with cascade) and the resources in one. */
export function resourceRoutes(services: ArmServices): Route[] {
  // AKS node resource groups (managedBy a cluster in the group) go too.
  services.engine.register("resourceGroupDelete", { succeed: (op, { store }) => deleteTree(store, op.resourceKey) });
  const v = apiVersions["Microsoft.Resources/resourceGroups"];
  return [
    ...resourceTypeRoutes(services, {
      address: groups,
      apiVersions: v,
      put: (ctx) => putGroup(ctx, services),
      patch: (ctx) => patchTags(ctx, services, requireGroup(ctx, services)),
      delete: (ctx) => deleteGroup(ctx, services),
    }),
    routeFor(RG_TYPE, v)("HEAD", groups.item, (ctx) => headGroup(ctx, services)),
    routeFor("Microsoft.Resources/resources", apiVersions["Microsoft.Resources/resources"])(
      "GET",
      `${groups.item}/resources`,
      (ctx) => listResourcesIn(ctx, services),
    ),
  ];
}

function requireGroup(ctx: RequestContext, services: ArmServices): StoredResource {
  const rg = services.store.getResource(resourceGroupId(ctx.params.sub ?? "", ctx.params.rg ?? ""));
  if (!rg) throw armErrors.resourceGroupNotFound(ctx.params.rg ?? "");
  return rg;
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

function headGroup(ctx: RequestContext, services: ArmServices): Reply {
  return { status: services.store.getResource(groups.id(ctx)) ? 204 : 404 };
}

function deleteGroup(ctx: RequestContext, services: ArmServices): Reply {
  const rg = requireGroup(ctx, services);
  const key = resourceKey(rg.id);
  // Another DELETE while the group is being deleted joins the running operation, as a retry does.
  const running = services.store
    .listOperations()
    .find((o) => o.resourceKey === key && o.kind === "resourceGroupDelete" && o.status === "InProgress");
  const { op, retried } = running
    ? { op: running, retried: true }
    : beginOperation(ctx, services, {
        kind: "resourceGroupDelete",
        subscriptionId: rg.subscriptionId,
        resourceKey: key,
        duration: "resourceGroupDelete",
      });
  if (!retried) {
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
  const rg = requireGroup(ctx, services);
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
