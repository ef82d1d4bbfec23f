import { randomUUID } from "node:crypto";
import { armErrors } from "../errors.js";
import type { Reply, RequestContext } from "../http/context.js";
import type { ArmServices } from "../services.js";
import { type ArmBody, resourceKey, type StoredResource } from "../store/armStore.js";
import { asyncDelete } from "./asyncWrites.js";
import { type Cidr, cidrContains, cidrOverlaps, parseCidr } from "./cidr.js";
import { clone, operationUrls, props } from "./common.js";
import { childOf, inResourceGroup } from "./resourceAddress.js";

/** Type of a virtual network. */
export const VNET_TYPE = "Microsoft.Network/virtualNetworks";
/** Type of a subnet. */
export const SUBNET_TYPE = "Microsoft.Network/virtualNetworks/subnets";
/** Provider namespace in operation URLs. */
export const NETWORK_NS = "Microsoft.Network";
/** VNets in a resource group. */
export const vnets = inResourceGroup(VNET_TYPE, "vnet");
/** Subnets, child resources of a VNet. */
export const subnets = childOf(vnets, "subnets", SUBNET_TYPE, "subnet");

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

/** The address space of a stored VNet (validated when it was written). */
export function vnetSpace(vnet: StoredResource): Cidr[] {
  const prefixes = (props(vnet.body).addressSpace as { addressPrefixes?: unknown[] } | undefined)?.addressPrefixes;
  return (prefixes ?? []).flatMap((text) => parseCidr(text) ?? []);
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
  return asyncDelete(ctx, services, {
    id,
    duration: "networkDelete",
    check(target) {
      for (const s of target.type === VNET_TYPE ? subnetsOf(services, target) : [target]) {
        const user = subnetUser(services, s.id);
        if (user) throw armErrors.subnetInUse(s.id, user);
      }
    },
    urls(op, target, apiVersion) {
      const location = String(
        target.body.location ?? services.store.getResource(target.parentKey ?? "")?.body.location ?? "eastus",
      );
      return operationUrls.regional(NETWORK_NS, op, location, apiVersion, true);
    },
  });
}
