import { randomUUID } from "node:crypto";
import { armErrors } from "../errors.js";
import type { Reply, RequestContext } from "../http/context.js";
import type { Route } from "../http/router.js";
import { apiVersions } from "../policies/apiVersions.js";
import type { ArmServices } from "../services.js";
import { resourceKey } from "../store/armStore.js";
import { asyncPut } from "./asyncWrites.js";
import { parseCidr } from "./cidr.js";
import { normalizeLocation, objectBody, operationUrls, props, requireResourceGroup, stored, tagsOf } from "./common.js";
import {
  checkSubnet,
  deleteNetworkResource,
  NETWORK_NS,
  SUBNET_TYPE,
  subnetBody,
  subnetPrefix,
  subnetsOf,
  subnetUser,
  VNET_TYPE,
  vnets,
  vnetView,
} from "./networkModel.js";
import { resourceTypeRoutes } from "./resourceTypeRoutes.js";

/** Virtual networks: PUT (AAO) replacing their subnet list, GET, list, DELETE (AAO + Location). */
export function networkRoutes(services: ArmServices): Route[] {
  return resourceTypeRoutes(services, {
    address: vnets,
    apiVersions: apiVersions["Microsoft.Network/virtualNetworks"],
    view: (r) => vnetView(services, r),
    put: (ctx) => putVnet(ctx, services),
    delete: (ctx) => deleteNetworkResource(ctx, services, vnets.id(ctx)),
  });
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
  return asyncPut(ctx, services, {
    id,
    subscriptionId: sub,
    duration: "virtualNetwork",
    operation: { data: { keys: [key, ...requested.map((s) => resourceKey(`${id}/subnets/${s.name}`))] } },
    view: (r) => vnetView(services, r),
    urls: (op, apiVersion) => operationUrls.regional(NETWORK_NS, op, location, apiVersion, false),
    write() {
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
    },
  });
}
