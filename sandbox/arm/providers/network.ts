import { randomUUID } from "node:crypto";
import { armErrors } from "../errors.js";
import type { Reply, RequestContext } from "../http/context.js";
import type { Route } from "../http/router.js";
import { apiVersions } from "../policies/apiVersions.js";
import type { ArmServices } from "../services.js";
import { resourceKey } from "../store/armStore.js";
import { parseCidr } from "./cidr.js";
import {
  asyncHeaders,
  beginOperation,
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
  checkSubnet,
  deleteNetworkResource,
  NETWORK_NS,
  requireVnet,
  SUBNET_TYPE,
  subnetBody,
  subnetPrefix,
  subnetsOf,
  subnetUser,
  VNET_TYPE,
  VNETS,
  vnetId,
  vnetView,
} from "./networkModel.js";

/** Virtual networks: PUT (AAO) replacing their subnet list, GET, list, DELETE (AAO + Location). */
export function networkRoutes(services: ArmServices): Route[] {
  const v = apiVersions.network;
  return [
    {
      methods: ["GET"],
      pattern: VNETS,
      resourceType: VNET_TYPE,
      apiVersions: v,
      handler: (ctx) => listVnets(ctx, services),
    },
    {
      methods: ["PUT"],
      pattern: `${VNETS}/{vnet}`,
      resourceType: VNET_TYPE,
      apiVersions: v,
      handler: (ctx) => putVnet(ctx, services),
    },
    {
      methods: ["GET"],
      pattern: `${VNETS}/{vnet}`,
      resourceType: VNET_TYPE,
      apiVersions: v,
      handler: (ctx) => ({ status: 200, body: vnetView(services, requireVnet(ctx, services)) }),
    },
    {
      methods: ["DELETE"],
      pattern: `${VNETS}/{vnet}`,
      resourceType: VNET_TYPE,
      apiVersions: v,
      handler: (ctx) => deleteNetworkResource(ctx, services, vnetId(ctx)),
    },
  ];
}

function listVnets(ctx: RequestContext, services: ArmServices): Reply {
  requireResourceGroup(services, ctx.params.sub ?? "", ctx.params.rg ?? "");
  const prefix = `/subscriptions/${ctx.params.sub}/resourceGroups/${ctx.params.rg}/providers/${VNET_TYPE}`;
  return {
    status: 200,
    body: page(
      ctx,
      services,
      services.store.listResources({ prefix, type: VNET_TYPE }).map((r) => vnetView(services, r)),
    ),
  };
}

function putVnet(ctx: RequestContext, services: ArmServices): Reply {
  const { sub = "", rg = "", vnet: name = "" } = ctx.params;
  const group = requireResourceGroup(services, sub, rg);
  const input = objectBody(ctx);
  const location = normalizeLocation(input.location, VNET_TYPE);
  const id = `/subscriptions/${sub}/resourceGroups/${group.body.name}/providers/${VNET_TYPE}/${name}`;
  const existing = services.store.getResource(id);
  const rawSpace = (props(input).addressSpace as { addressPrefixes?: unknown[] } | undefined)?.addressPrefixes ?? [];
  const space = rawSpace.map((text) => {
    const cidr = parseCidr(text);
    if (!cidr) throw armErrors.invalidAddressPrefix(String(text));
    return cidr;
  });
  if (space.length === 0)
    throw armErrors.invalidParameter(
      "addressSpace",
      "The virtual network must have at least one address prefix in addressSpace.",
    );
  const requested = ((props(input).subnets as Record<string, unknown>[] | undefined) ?? []).map((s) => ({
    name: String(s.name ?? ""),
    body: s,
    ...subnetPrefix(s),
  }));
  for (const s of requested) checkSubnet(s.name, name, s.cidr, space, requested);
  // A VNet PUT replaces its subnet list, as ARM does; subnets in use cannot go.
  const current = existing ? subnetsOf(services, existing) : [];
  const dropped = current.filter(
    (c) => !requested.some((s) => s.name.toLowerCase() === String(c.body.name).toLowerCase()),
  );
  for (const d of dropped) {
    const user = subnetUser(services, d.id);
    if (user) throw armErrors.subnetInUse(d.id, user);
  }
  const key = resourceKey(id);
  const keys = [key, ...requested.map((s) => resourceKey(`${id}/subnets/${s.name}`))];
  const { op, retried } = beginOperation(ctx, services, {
    kind: "provision",
    subscriptionId: sub,
    resourceKey: key,
    duration: "virtualNetwork",
    data: { keys },
  });
  if (!retried) {
    for (const d of dropped) services.store.deleteResource(d.id);
    const tags = tagsOf(input);
    const p = props(input);
    const body = {
      id,
      name,
      type: VNET_TYPE,
      location,
      etag: `W/"${randomUUID()}"`,
      ...(tags ? { tags } : {}),
      properties: {
        provisioningState: "Updating",
        resourceGuid: (existing ? props(existing.body).resourceGuid : undefined) ?? randomUUID(),
        addressSpace: { addressPrefixes: space.map((c) => c.text) },
        ...(p.dhcpOptions ? { dhcpOptions: p.dhcpOptions } : {}),
        virtualNetworkPeerings: [],
        enableDdosProtection: p.enableDdosProtection ?? false,
        privateEndpointVNetPolicies: "Disabled",
      },
    };
    services.store.putResource(
      stored({ id, type: VNET_TYPE, subscriptionId: sub, resourceGroup: String(group.body.name), body }),
    );
    for (const s of requested) {
      const sid = `${id}/subnets/${s.name}`;
      services.store.putResource(
        stored({
          id: sid,
          type: SUBNET_TYPE,
          subscriptionId: sub,
          resourceGroup: String(group.body.name),
          parentKey: key,
          body: subnetBody(sid, s.name, s.text, s.body, "Updating"),
        }),
      );
    }
  }
  const reply = services.store.getResource(id);
  return {
    status: existing && !retried ? 200 : 201,
    body: reply ? vnetView(services, reply) : undefined,
    headers: asyncHeaders(
      ctx,
      services,
      operationUrls.regional(NETWORK_NS, op, location, ctx.query.get("api-version") ?? "", false),
    ),
  };
}
