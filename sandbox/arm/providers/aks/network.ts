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

/**
 * The network profile AKS stores: defaults by plugin (kubenet/overlay get a pod CIDR), then the
 * checks of spec §5 — service CIDR outside the VNet, DNS service IP inside the service CIDR, pod
 * CIDR (kubenet/overlay) outside the VNet and the service CIDR.
 */
export function normalizeNetworkProfile(
  input: Record<string, unknown> | undefined,
  vnetSpaces: Cidr[],
  outboundIpId: string,
  subscriptionId: string,
  nodeResourceGroup: string,
): Record<string, unknown> {
  const p = input ?? {};
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
  const outboundType = String(p.outboundType ?? "loadBalancer");
  return {
    networkPlugin: plugin,
    ...(mode ? { networkPluginMode: mode } : {}),
    ...(p.networkPolicy ? { networkPolicy: p.networkPolicy } : {}),
    ...(plugin === "azure" ? { networkDataplane: p.networkDataplane ?? "azure" } : {}),
    loadBalancerSku: String(p.loadBalancerSku ?? "standard").toLowerCase(),
    ...(outboundType === "loadBalancer"
      ? {
          loadBalancerProfile: {
            managedOutboundIPs: { count: 1 },
            effectiveOutboundIPs: [
              {
                id: `/subscriptions/${subscriptionId}/resourceGroups/${nodeResourceGroup}/providers/Microsoft.Network/publicIPAddresses/${outboundIpId}`,
              },
            ],
            backendPoolType: "nodeIPConfiguration",
          },
        }
      : {}),
    ...(podCidrText ? { podCidr: podCidrText, podCidrs: [podCidrText] } : {}),
    serviceCidr: serviceCidrText,
    dnsServiceIP,
    outboundType,
    serviceCidrs: [serviceCidrText],
    ipFamilies: ["IPv4"],
  };
}
