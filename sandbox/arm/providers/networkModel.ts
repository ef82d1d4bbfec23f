import { randomUUID } from "node:crypto";
import { armErrors } from "../errors.js";
import type { Reply, RequestContext } from "../http/context.js";
import type { ArmServices } from "../services.js";
import { type ArmBody, resourceKey, type StoredResource } from "../store/armStore.js";
import { type Cidr, cidrContains, cidrOverlaps, parseCidr } from "./cidr.js";
import {
  asyncHeaders,
  beginOperation,
  clone,
  operationUrls,
  props,
  requireResource,
  requireResourceGroup,
} from "./common.js";

/** Type of a virtual network. */
export const VNET_TYPE = "Microsoft.Network/virtualNetworks";
/** Type of a subnet. */
export const SUBNET_TYPE = "Microsoft.Network/virtualNetworks/subnets";
/** Provider namespace in operation URLs. */
export const NETWORK_NS = "Microsoft.Network";
/** Route pattern of the VNet collection in a resource group. */
export const VNETS = "/subscriptions/{sub}/resourcegroups/{rg}/providers/microsoft.network/virtualnetworks";

/** Id of the VNet a request names. */
export function vnetId(ctx: RequestContext): string {
  return `/subscriptions/${ctx.params.sub}/resourceGroups/${ctx.params.rg}/providers/${VNET_TYPE}/${ctx.params.vnet}`;
}

/** The VNet a request names: 404 ResourceGroupNotFound / ResourceNotFound. */
export function requireVnet(ctx: RequestContext, services: ArmServices): StoredResource {
  const p = ctx.params;
  return requireResource(services, vnetId(ctx), {
    subscriptionId: p.sub ?? "",
    resourceGroup: p.rg ?? "",
    type: VNET_TYPE,
    name: p.vnet ?? "",
  });
}

/** The subnet a request names. */
export function requireSubnet(ctx: RequestContext, services: ArmServices): StoredResource {
  const parent = requireVnet(ctx, services);
  const found = services.store.getResource(`${parent.id}/subnets/${ctx.params.subnet}`);
  if (!found)
    throw armErrors.resourceNotFound(SUBNET_TYPE, `${ctx.params.vnet}/${ctx.params.subnet}`, ctx.params.rg ?? "");
  return found;
}

/** Subnets of a VNet. */
export function subnetsOf(services: ArmServices, parent: StoredResource): StoredResource[] {
  return services.store.listResources({ parentKey: resourceKey(parent.id), type: SUBNET_TYPE });
}

/** The VNet body with its subnets inline, as Network returns it. */
export function vnetView(services: ArmServices, parent: StoredResource): Record<string, unknown> {
  const body = clone(parent.body);
  props(body).subnets = subnetsOf(services, parent).map((s) => clone(s.body));
  return body;
}

/** The prefix of a subnet body (addressPrefix or addressPrefixes[0]); 400 when malformed. */
export function subnetPrefix(body: Record<string, unknown>): { text: string; cidr: Cidr } {
  const p = props(body);
  const text = (p.addressPrefix ?? (Array.isArray(p.addressPrefixes) ? p.addressPrefixes[0] : undefined)) as unknown;
  const cidr = parseCidr(text);
  if (!cidr) throw armErrors.invalidAddressPrefix(String(text));
  return { text: String(text), cidr };
}

/** NetcfgSubnetRangeOutsideVnet / NetcfgSubnetRangesOverlap. */
export function checkSubnet(
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

/** The cluster whose pools use a subnet, if any. */
export function subnetUser(services: ArmServices, subnetId: string): string | undefined {
  const pool = services.store
    .listResources({ type: "Microsoft.ContainerService/managedClusters/agentPools" })
    .find((p) => String(props(p.body).vnetSubnetID ?? "").toLowerCase() === subnetId.toLowerCase());
  return pool ? `${pool.id.split("/agentPools/")[0]}` : undefined;
}

/** Subnet body as Network returns it. */
export function subnetBody(
  id: string,
  name: string,
  prefix: string,
  input: Record<string, unknown>,
  state: string,
): ArmBody {
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

/** DELETE of a VNet or subnet: 202 AAO + Location; 204 when absent; 400 while a cluster uses it. */
export function deleteNetworkResource(ctx: RequestContext, services: ArmServices, id: string): Reply {
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
      operationUrls.regional(NETWORK_NS, op, location, ctx.query.get("api-version") ?? "", true),
    ),
  };
}
