import { randomUUID } from "node:crypto";
import type { Reply, RequestContext } from "../http/context.js";
import type { Route } from "../http/router.js";
import { apiVersions } from "../policies/apiVersions.js";
import type { ArmServices } from "../services.js";
import type { StoredResource } from "../store/armStore.js";
import {
  clone,
  normalizeLocation,
  objectBody,
  page,
  requireResource,
  requireResourceGroup,
  stored,
  tagsOf,
} from "./common.js";

const TYPE = "Microsoft.ManagedIdentity/userAssignedIdentities";
const BASE = "/subscriptions/{sub}/resourcegroups/{rg}/providers/microsoft.managedidentity/userassignedidentities";

/** User-assigned identities: synchronous PUT/GET/PATCH/DELETE with principal and client ids. */
export function managedIdentityRoutes(services: ArmServices): Route[] {
  const v = apiVersions.managedIdentity;
  return [
    { methods: ["GET"], pattern: BASE, resourceType: TYPE, apiVersions: v, handler: (ctx) => list(ctx, services) },
    {
      methods: ["PUT"],
      pattern: `${BASE}/{name}`,
      resourceType: TYPE,
      apiVersions: v,
      handler: (ctx) => put(ctx, services),
    },
    {
      methods: ["PATCH"],
      pattern: `${BASE}/{name}`,
      resourceType: TYPE,
      apiVersions: v,
      handler: (ctx) => patch(ctx, services),
    },
    {
      methods: ["GET"],
      pattern: `${BASE}/{name}`,
      resourceType: TYPE,
      apiVersions: v,
      handler: (ctx) => ({ status: 200, body: clone(identity(ctx, services).body) }),
    },
    {
      methods: ["DELETE"],
      pattern: `${BASE}/{name}`,
      resourceType: TYPE,
      apiVersions: v,
      handler: (ctx) => remove(ctx, services),
    },
  ];
}

function identityId(ctx: RequestContext): string {
  return `/subscriptions/${ctx.params.sub}/resourceGroups/${ctx.params.rg}/providers/${TYPE}/${ctx.params.name}`;
}

function identity(ctx: RequestContext, services: ArmServices): StoredResource {
  const p = ctx.params;
  return requireResource(services, identityId(ctx), {
    subscriptionId: p.sub ?? "",
    resourceGroup: p.rg ?? "",
    type: TYPE,
    name: p.name ?? "",
  });
}

/** A user-assigned identity record (also used for AKS kubelet identities). */
export function identityResource(init: {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  tenantId: string;
  tags?: Record<string, string>;
}): StoredResource {
  const id = `/subscriptions/${init.subscriptionId}/resourceGroups/${init.resourceGroup}/providers/${TYPE}/${init.name}`;
  return stored({
    id,
    type: TYPE,
    subscriptionId: init.subscriptionId,
    resourceGroup: init.resourceGroup,
    body: {
      id,
      name: init.name,
      type: TYPE,
      location: init.location,
      ...(init.tags ? { tags: init.tags } : {}),
      properties: {
        tenantId: init.tenantId,
        principalId: randomUUID(),
        clientId: randomUUID(),
        isolationScope: "None",
      },
    },
  });
}

function list(ctx: RequestContext, services: ArmServices): Reply {
  requireResourceGroup(services, ctx.params.sub ?? "", ctx.params.rg ?? "");
  const prefix = `/subscriptions/${ctx.params.sub}/resourceGroups/${ctx.params.rg}/providers/${TYPE}`;
  return {
    status: 200,
    body: page(
      ctx,
      services,
      services.store.listResources({ prefix, type: TYPE }).map((r) => clone(r.body)),
    ),
  };
}

function put(ctx: RequestContext, services: ArmServices): Reply {
  const { sub = "", rg = "", name = "" } = ctx.params;
  const group = requireResourceGroup(services, sub, rg);
  const input = objectBody(ctx);
  const location = normalizeLocation(input.location, TYPE);
  const existing = services.store.getResource(identityId(ctx));
  const tags = tagsOf(input);
  const record =
    existing ??
    identityResource({
      subscriptionId: sub,
      resourceGroup: String(group.body.name),
      name,
      location,
      tenantId: services.identity.tenantId,
    });
  if (tags) record.body.tags = tags;
  services.store.putResource(record);
  return { status: existing ? 200 : 201, body: clone(record.body) };
}

function patch(ctx: RequestContext, services: ArmServices): Reply {
  const record = identity(ctx, services);
  const tags = tagsOf(objectBody(ctx));
  if (tags) record.body.tags = tags;
  services.store.putResource(record);
  return { status: 200, body: clone(record.body) };
}

function remove(ctx: RequestContext, services: ArmServices): Reply {
  requireResourceGroup(services, ctx.params.sub ?? "", ctx.params.rg ?? "");
  const record = services.store.getResource(identityId(ctx));
  if (!record) return { status: 204 };
  services.store.deleteResource(record.id);
  return { status: 200 };
}
