import { randomUUID } from "node:crypto";
import { armErrors } from "../errors.js";
import type { Reply, RequestContext } from "../http/context.js";
import type { Route } from "../http/router.js";
import { apiVersions } from "../policies/apiVersions.js";
import type { ArmServices } from "../services.js";
import { type ArmBody, resourceKey, type StoredResource } from "../store/armStore.js";
import { type Cidr, cidrContains, cidrOverlaps, parseCidr } from "./cidr.js";
import {
  asyncHeaders,
  beginOperation,
  clone,
  normalizeLocation,
  objectBody,
  operationUrls,
  props,
  requireResource,
  requireResourceGroup,
  stored,
  tagsOf,
} from "./common.js";

const VNET_TYPE = "Microsoft.Network/virtualNetworks";
const SUBNET_TYPE = "Microsoft.Network/virtualNetworks/subnets";
const NS = "Microsoft.Network";
const BASE = "/subscriptions/{sub}/resourcegroups/{rg}/providers/microsoft.network/virtualnetworks";

/** Virtual networks and subnets: PUT (AAO), GET, list, DELETE (AAO + Location), CIDR validation. */
export function networkRoutes(services: ArmServices): Route[] {
  const v = apiVersions.network;
  return [
    {
      methods: ["GET"],
      pattern: BASE,
      resourceType: VNET_TYPE,
      apiVersions: v,
      handler: (ctx) => listVnets(ctx, services),
    },
    {
      methods: ["PUT"],
      pattern: `${BASE}/{vnet}`,
      resourceType: VNET_TYPE,
      apiVersions: v,
      handler: (ctx) => putVnet(ctx, services),
    },
    {
      methods: ["GET"],
      pattern: `${BASE}/{vnet}`,
      resourceType: VNET_TYPE,
      apiVersions: v,
      handler: (ctx) => ({ status: 200, body: vnetView(services, vnet(ctx, services)) }),
    },
    {
      methods: ["DELETE"],
      pattern: `${BASE}/{vnet}`,
      resourceType: VNET_TYPE,
      apiVersions: v,
      handler: (ctx) => deleteNetwork(ctx, services, vnetId(ctx)),
    },
    {
      methods: ["GET"],
      pattern: `${BASE}/{vnet}/subnets`,
      resourceType: SUBNET_TYPE,
      apiVersions: v,
      handler: (ctx) => ({
        status: 200,
        body: { value: subnetsOf(services, vnet(ctx, services)).map((s) => clone(s.body)) },
      }),
    },
    {
      methods: ["PUT"],
      pattern: `${BASE}/{vnet}/subnets/{subnet}`,
      resourceType: SUBNET_TYPE,
      apiVersions: v,
      handler: (ctx) => putSubnet(ctx, services),
    },
    {
      methods: ["GET"],
      pattern: `${BASE}/{vnet}/subnets/{subnet}`,
      resourceType: SUBNET_TYPE,
      apiVersions: v,
      handler: (ctx) => ({ status: 200, body: clone(subnet(ctx, services).body) }),
    },
    {
      methods: ["DELETE"],
      pattern: `${BASE}/{vnet}/subnets/{subnet}`,
      resourceType: SUBNET_TYPE,
      apiVersions: v,
      handler: (ctx) => deleteNetwork(ctx, services, `${vnetId(ctx)}/subnets/${ctx.params.subnet}`),
    },
  ];
}

function vnetId(ctx: RequestContext): string {
  return `/subscriptions/${ctx.params.sub}/resourceGroups/${ctx.params.rg}/providers/${VNET_TYPE}/${ctx.params.vnet}`;
}

function vnet(ctx: RequestContext, services: ArmServices): StoredResource {
  const p = ctx.params;
  return requireResource(services, vnetId(ctx), {
    subscriptionId: p.sub ?? "",
    resourceGroup: p.rg ?? "",
    type: VNET_TYPE,
    name: p.vnet ?? "",
  });
}

function subnet(ctx: RequestContext, services: ArmServices): StoredResource {
  const parent = vnet(ctx, services);
  const found = services.store.getResource(`${parent.id}/subnets/${ctx.params.subnet}`);
  if (!found)
    throw armErrors.resourceNotFound(SUBNET_TYPE, `${ctx.params.vnet}/${ctx.params.subnet}`, ctx.params.rg ?? "");
  return found;
}

function subnetsOf(services: ArmServices, parent: StoredResource): StoredResource[] {
  return services.store.listResources({ parentKey: resourceKey(parent.id), type: SUBNET_TYPE });
}

/** The VNet body with its subnets inline, as Network returns it. */
function vnetView(services: ArmServices, parent: StoredResource): Record<string, unknown> {
  const body = clone(parent.body);
  props(body).subnets = subnetsOf(services, parent).map((s) => clone(s.body));
  return body;
}

function listVnets(ctx: RequestContext, services: ArmServices): Reply {
  requireResourceGroup(services, ctx.params.sub ?? "", ctx.params.rg ?? "");
  const prefix = `/subscriptions/${ctx.params.sub}/resourceGroups/${ctx.params.rg}/providers/${VNET_TYPE}`;
  return {
    status: 200,
    body: { value: services.store.listResources({ prefix, type: VNET_TYPE }).map((r) => vnetView(services, r)) },
  };
}

function subnetPrefix(body: Record<string, unknown>): { text: string; cidr: Cidr } {
  const p = props(body);
  const text = (p.addressPrefix ?? (Array.isArray(p.addressPrefixes) ? p.addressPrefixes[0] : undefined)) as unknown;
  const cidr = parseCidr(text);
  if (!cidr) throw armErrors.invalidAddressPrefix(String(text));
  return { text: String(text), cidr };
}

function checkSubnet(
  name: string,
  vnetName: string,
  cidr: Cidr,
  space: Cidr[],
  siblings: { name: string; cidr: Cidr }[],
): void {
  if (!space.some((range) => cidrContains(range, cidr))) throw armErrors.subnetOutsideVnet(name, vnetName);
  if (siblings.some((s) => s.name.toLowerCase() !== name.toLowerCase() && cidrOverlaps(s.cidr, cidr))) {
    throw armErrors.subnetsOverlap(name, vnetName);
  }
}

function subnetUser(services: ArmServices, subnetId: string): string | undefined {
  const pool = services.store
    .listResources({ type: "Microsoft.ContainerService/managedClusters/agentPools" })
    .find((p) => String(props(p.body).vnetSubnetID ?? "").toLowerCase() === subnetId.toLowerCase());
  return pool ? `${pool.id.split("/agentPools/")[0]}` : undefined;
}

function subnetBody(id: string, name: string, prefix: string, input: Record<string, unknown>, state: string): ArmBody {
  const p = props(input);
  return {
    id,
    name,
    etag: `W/"${randomUUID()}"`,
    type: SUBNET_TYPE,
    properties: {
      provisioningState: state,
      addressPrefix: prefix,
      delegations: p.delegations ?? [],
      privateEndpointNetworkPolicies: p.privateEndpointNetworkPolicies ?? "Disabled",
      privateLinkServiceNetworkPolicies: p.privateLinkServiceNetworkPolicies ?? "Enabled",
      ...(p.serviceEndpoints ? { serviceEndpoints: p.serviceEndpoints } : {}),
      ...(p.networkSecurityGroup ? { networkSecurityGroup: p.networkSecurityGroup } : {}),
      ...(p.routeTable ? { routeTable: p.routeTable } : {}),
    },
  };
}

function putVnet(ctx: RequestContext, services: ArmServices): Reply {
  const { sub = "", rg = "", vnet: name = "" } = ctx.params;
  const group = requireResourceGroup(services, sub, rg);
  const input = objectBody(ctx);
  const location = normalizeLocation(input.location);
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
      operationUrls.regional(NS, op, location, ctx.query.get("api-version") ?? "", false),
    ),
  };
}

function putSubnet(ctx: RequestContext, services: ArmServices): Reply {
  const parent = vnet(ctx, services);
  requireResourceGroup(services, ctx.params.sub ?? "", ctx.params.rg ?? "");
  const name = ctx.params.subnet ?? "";
  const input = objectBody(ctx);
  const { text, cidr } = subnetPrefix(input);
  const space = ((props(parent.body).addressSpace as { addressPrefixes?: string[] }).addressPrefixes ?? []).flatMap(
    (t) => parseCidr(t) ?? [],
  );
  const siblings = subnetsOf(services, parent).map((s) => ({
    name: String(s.body.name),
    cidr: subnetPrefix(s.body).cidr,
  }));
  checkSubnet(name, String(parent.body.name), cidr, space, siblings);
  const id = `${parent.id}/subnets/${name}`;
  const key = resourceKey(id);
  const existing = services.store.getResource(id);
  const { op, retried } = beginOperation(ctx, services, {
    kind: "provision",
    subscriptionId: parent.subscriptionId,
    resourceKey: key,
    duration: "subnet",
    data: { keys: [key] },
  });
  if (!retried) {
    services.store.putResource(
      stored({
        id,
        type: SUBNET_TYPE,
        subscriptionId: parent.subscriptionId,
        resourceGroup: parent.resourceGroup,
        parentKey: resourceKey(parent.id),
        body: subnetBody(id, existing ? String(existing.body.name) : name, text, input, "Updating"),
      }),
    );
  }
  return {
    status: existing && !retried ? 200 : 201,
    body: clone(services.store.getResource(id)?.body),
    headers: asyncHeaders(
      ctx,
      services,
      operationUrls.regional(NS, op, String(parent.body.location), ctx.query.get("api-version") ?? "", false),
    ),
  };
}

function deleteNetwork(ctx: RequestContext, services: ArmServices, id: string): Reply {
  requireResourceGroup(services, ctx.params.sub ?? "", ctx.params.rg ?? "");
  const target = services.store.getResource(id);
  if (!target) return { status: 204 };
  const subnets = target.type === VNET_TYPE ? subnetsOf(services, target) : [target];
  for (const s of subnets) {
    const user = subnetUser(services, s.id);
    if (user) throw armErrors.subnetInUse(s.id, user);
  }
  const key = resourceKey(target.id);
  const { op } = beginOperation(ctx, services, {
    kind: "delete",
    subscriptionId: target.subscriptionId,
    resourceKey: key,
    duration: "networkDelete",
  });
  props(target.body).provisioningState = "Deleting";
  services.store.putResource(target);
  const location = String(
    target.body.location ?? services.store.getResource(target.parentKey ?? "")?.body.location ?? "eastus",
  );
  return {
    status: 202,
    headers: asyncHeaders(
      ctx,
      services,
      operationUrls.regional(NS, op, location, ctx.query.get("api-version") ?? "", true),
    ),
  };
}
