import { createHash } from "node:crypto";
import { ArmError, armErrors } from "../../errors.js";
import type { ArmStore } from "../../store/armStore.js";
import { addressIn, type Cidr, cidrOverlaps, parseCidr } from "../cidr.js";
import { vnetSpace } from "../networkModel.js";

/** Address spaces of the VNets behind the pools' subnets; 400 when a subnet does not exist. */
export function subnetSpaces(store: ArmStore, pools: Record<string, unknown>[]): Cidr[] {
  const spaces: Cidr[] = [];
  pools.forEach((pool, i) => {
    const subnetId = pool.vnetSubnetID;
    if (subnetId === undefined || subnetId === null || subnetId === "") return;
    const subnet = store.getResource(String(subnetId));
    if (!subnet) {
      throw armErrors.invalidParameter(
        `agentPoolProfiles[${i}].vnetSubnetID`,
        `The subnet '${String(subnetId)}' referenced by agent pool ${i} does not exist. Please see https://aka.ms/aks-byo-vnet for more details.`,
      );
    }
    const vnet = subnet.parentKey ? store.getResource(subnet.parentKey) : undefined;
    if (vnet) spaces.push(...vnetSpace(vnet));
  });
  return spaces;
}

function cidrOf(value: unknown, target: string): Cidr {
  const cidr = parseCidr(value);
  if (!cidr)
    throw armErrors.invalidParameter(
      target,
      `The value of parameter ${target} is invalid: '${String(value)}' is not a valid CIDR.`,
    );
  return cidr;
}

/** Where the profile's made-up public IPs live: the node resource group of the cluster. */
export interface OutboundIpScope {
  clusterId: string;
  subscriptionId: string;
  nodeResourceGroup: string;
}

/** Fields fixed at creation: an update keeps the stored ones whatever it sends. */
const IMMUTABLE = [
  "networkPlugin",
  "networkPluginMode",
  "networkPolicy",
  "networkDataplane",
  "podCidr",
  "podCidrs",
  "serviceCidr",
  "serviceCidrs",
  "dnsServiceIP",
  "outboundType",
  "loadBalancerSku",
  "ipFamilies",
];

/**
 * The network profile AKS stores: the request as sent, with the defaults and server-filled fields
 * (outbound IPs) added. On create the checks of docs/specs/arm.md §5 run; on update the fields fixed at
 * creation keep their stored values and the outbound profiles may change (`managedOutboundIPs.count`).
 */
export function networkProfileFor(
  input: Record<string, unknown> | undefined,
  before: Record<string, unknown> | undefined,
  vnetSpaces: Cidr[],
  scope: OutboundIpScope,
): Record<string, unknown> {
  const requested = input ?? {};
  const base = before
    ? {
        ...before,
        ...requested,
        ...Object.fromEntries(IMMUTABLE.filter((k) => k in before).map((k) => [k, before[k]])),
      }
    : { ...requested, ...createdNetworkProfile(requested, vnetSpaces) };
  const outboundType = String(base.outboundType);
  const lb = base.loadBalancerProfile as Record<string, unknown> | undefined;
  const nat = base.natGatewayProfile as Record<string, unknown> | undefined;
  return {
    ...base,
    ...(outboundType === "loadBalancer" ? { loadBalancerProfile: loadBalancerProfile(lb, scope) } : {}),
    ...(outboundType === "managedNATGateway" ? { natGatewayProfile: natGatewayProfile(nat, scope) } : {}),
  };
}

/** Defaults by plugin (kubenet/overlay get a pod CIDR) and the CIDR checks of docs/specs/arm.md §5, at creation. */
function createdNetworkProfile(p: Record<string, unknown>, vnetSpaces: Cidr[]): Record<string, unknown> {
  const plugin = String(p.networkPlugin ?? "kubenet");
  const mode = p.networkPluginMode as string | undefined;
  const usesPodCidr = plugin === "kubenet" || mode === "overlay" || plugin === "none";
  const serviceCidrText = String(p.serviceCidr ?? "10.0.0.0/16");
  const serviceCidr = cidrOf(serviceCidrText, "networkProfile.serviceCidr");
  const dnsServiceIP = String(p.dnsServiceIP ?? "10.0.0.10");
  if (!addressIn(dnsServiceIP, serviceCidr)) {
    throw armErrors.invalidParameter(
      "networkProfile.dnsServiceIP",
      `The value of parameter networkProfile.dnsServiceIP is invalid. Error details: DNS service IP ${dnsServiceIP} must be within the service CIDR ${serviceCidrText}.`,
    );
  }
  const overlapped = vnetSpaces.find((space) => cidrOverlaps(space, serviceCidr));
  if (overlapped) {
    throw new ArmError(
      400,
      "ServiceCidrOverlapExistingSubnetsCidr",
      `The specified service CIDR ${serviceCidrText} is conflicted with an existing subnet CIDR ${overlapped.text}.`,
      "networkProfile.serviceCidr",
    );
  }
  const podCidrText = usesPodCidr ? String(p.podCidr ?? "10.244.0.0/16") : undefined;
  if (podCidrText) {
    const podCidr = cidrOf(podCidrText, "networkProfile.podCidr");
    if (vnetSpaces.some((space) => cidrOverlaps(space, podCidr)) || cidrOverlaps(podCidr, serviceCidr)) {
      throw armErrors.invalidParameter(
        "networkProfile.podCidr",
        `The value of parameter networkProfile.podCidr is invalid. Error details: pod CIDR ${podCidrText} overlaps the virtual network or the service CIDR.`,
      );
    }
  }
  return {
    networkPlugin: plugin,
    ...(mode ? { networkPluginMode: mode } : {}),
    ...(plugin === "azure" ? { networkDataplane: p.networkDataplane ?? "azure" } : {}),
    loadBalancerSku: String(p.loadBalancerSku ?? "standard").toLowerCase(),
    ...(podCidrText ? { podCidr: podCidrText, podCidrs: p.podCidrs ?? [podCidrText] } : {}),
    serviceCidr: serviceCidrText,
    dnsServiceIP,
    outboundType: String(p.outboundType ?? "loadBalancer"),
    serviceCidrs: p.serviceCidrs ?? [serviceCidrText],
    ipFamilies: p.ipFamilies ?? ["IPv4"],
  };
}

/** Public IP ids AKS would create for a cluster, the same on every write: `count` of them. */
function managedIpIds(scope: OutboundIpScope, purpose: string, count: number): { id: string }[] {
  return Array.from({ length: count }, (_, i) => {
    const h = createHash("sha256").update(`${scope.clusterId.toLowerCase()}|${purpose}|${i}`).digest("hex");
    const guid = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
    return {
      id: `/subscriptions/${scope.subscriptionId}/resourceGroups/${scope.nodeResourceGroup}/providers/Microsoft.Network/publicIPAddresses/${guid}`,
    };
  });
}

/** 400 unless `count` is an integer in [1, 100] (AKS's range for managed outbound IPs). */
function outboundCount(value: unknown, target: string): number {
  const count = value === undefined ? 1 : Number(value);
  if (!Number.isInteger(count) || count < 1 || count > 100) {
    throw armErrors.invalidParameter(
      target,
      `The value of parameter ${target} is invalid. Error details: the count of managed outbound IPs must be in the range of [1, 100], got ${String(value)}.`,
    );
  }
  return count;
}

/**
 * `loadBalancerProfile` as sent, with `effectiveOutboundIPs`: the bring-your-own IPs or prefixes when
 * given, else `managedOutboundIPs.count` managed IPs (one by default).
 */
function loadBalancerProfile(input: Record<string, unknown> | undefined, scope: OutboundIpScope) {
  const p = input ?? {};
  const own = (p.outboundIPs as { publicIPs?: { id?: string }[] } | undefined)?.publicIPs;
  const prefixes = (p.outboundIPPrefixes as { publicIPPrefixes?: { id?: string }[] } | undefined)?.publicIPPrefixes;
  const byo = own?.length ? own : prefixes?.length ? prefixes : undefined;
  if (byo) {
    const { managedOutboundIPs: _managed, ...rest } = p;
    return { backendPoolType: "nodeIPConfiguration", ...rest, effectiveOutboundIPs: byo.map((ip) => ({ id: ip.id })) };
  }
  const managed = (p.managedOutboundIPs as Record<string, unknown> | undefined) ?? {};
  const target = "networkProfile.loadBalancerProfile.managedOutboundIPs.count";
  const count = outboundCount(managed.count, target);
  return {
    backendPoolType: "nodeIPConfiguration",
    ...p,
    managedOutboundIPs: { ...managed, count },
    effectiveOutboundIPs: managedIpIds(scope, "lb", count),
  };
}

/** `natGatewayProfile` as sent, with `managedOutboundIPProfile.count` (default 1) effective IPs. */
function natGatewayProfile(input: Record<string, unknown> | undefined, scope: OutboundIpScope) {
  const p = input ?? {};
  const managed = (p.managedOutboundIPProfile as Record<string, unknown> | undefined) ?? {};
  const target = "networkProfile.natGatewayProfile.managedOutboundIPProfile.count";
  const count = outboundCount(managed.count, target);
  return {
    idleTimeoutInMinutes: 4,
    ...p,
    managedOutboundIPProfile: { ...managed, count },
    effectiveOutboundIPs: managedIpIds(scope, "nat", count),
  };
}
