import { randomUUID } from "node:crypto";
import type { Reply, RequestContext } from "../http/context.js";
import type { Route } from "../http/router.js";
import { apiVersions } from "../policies/apiVersions.js";
import type { ArmServices } from "../services.js";
import type { StoredResource } from "../store/armStore.js";
import { clone, normalizeLocation, objectBody, patchTags, requireResourceGroup, stored, tagsOf } from "./common.js";
import { inResourceGroup } from "./resourceAddress.js";
import { resourceTypeRoutes } from "./resourceTypeRoutes.js";

const TYPE = "Microsoft.ManagedIdentity/userAssignedIdentities";
const identities = inResourceGroup(TYPE);

/** User-assigned identities: synchronous PUT/GET/PATCH/DELETE with principal and client ids. */
export function managedIdentityRoutes(services: ArmServices): Route[] {
  return resourceTypeRoutes(services, {
    address: identities,
    apiVersions: apiVersions["Microsoft.ManagedIdentity/userAssignedIdentities"],
    put: (ctx) => put(ctx, services),
    patch: (ctx) => patchTags(ctx, services, identities.require(ctx, services)),
    delete: (ctx) => remove(ctx, services),
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

function put(ctx: RequestContext, services: ArmServices): Reply {
  const { sub = "", rg = "", name = "" } = ctx.params;
  const group = requireResourceGroup(services, sub, rg);
  const input = objectBody(ctx);
  const location = normalizeLocation(input.location, TYPE);
  const existing = services.store.getResource(identities.id(ctx));
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

function remove(ctx: RequestContext, services: ArmServices): Reply {
  requireResourceGroup(services, ctx.params.sub ?? "", ctx.params.rg ?? "");
  const record = services.store.getResource(identities.id(ctx));
  if (!record) return { status: 204 };
  services.store.deleteResource(record.id);
  return { status: 200 };
}
