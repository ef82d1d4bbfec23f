import { cidrContains, cidrContainsAddress, cidrSize, cidrsOverlap, firstAddress, parseIpv4Cidr } from "../cidr.js";
import type { ClusterRequest } from "../clusterRequest.js";
import { effectiveDnsServiceIp, effectivePodCidr, knownVnetPrefixes, MAX_PODS_LIMITS } from "../networkSettings.js";
import type { RequestProblem } from "../problems.js";

/** Addresses Azure keeps for itself in every subnet. */
const AZURE_RESERVED_PER_SUBNET = 5;

/** Rules for address ranges (containment, overlap, DNS IP, subnet size) and network feature combinations. */
export function networkRules(request: ClusterRequest): RequestProblem[] {
  const problems: RequestProblem[] = [];
  const add = (path: string, code: string, message: string) => problems.push({ path, code, message });
  const { cluster, network } = request;
  const vnet = knownVnetPrefixes(network).map((text) => ({ text, range: parseIpv4Cidr(text) }));

  if (network.kind === "new") {
    const subnet = parseIpv4Cidr(network.subnetPrefix);
    if (subnet && !vnet.some((v) => v.range && cidrContains(v.range, subnet))) {
      add(
        "network.subnetPrefix",
        "NetcfgSubnetRangeOutsideVnet",
        `Subnet '${network.subnetName}' is not valid because its IP address range is outside the IP address range of the virtual network.`,
      );
    } else if (subnet) {
      const needed = addressesNeeded(request);
      const available = cidrSize(subnet) - AZURE_RESERVED_PER_SUBNET;
      if (needed > available) {
        add(
          "network.subnetPrefix",
          "InsufficientSubnetSize",
          `the pools need ${needed} addresses, the subnet has ${available}`,
        );
      }
    }
  }

  const podText = effectivePodCidr(cluster);
  const pod = podText ? parseIpv4Cidr(podText) : undefined;
  const service = parseIpv4Cidr(cluster.serviceCidr);
  if (cluster.podCidr && cluster.networkPlugin === "azure") {
    add("cluster.podCidr", "InvalidParameter", "podCidr is only used with azure-overlay or kubenet");
  }
  for (const v of vnet) {
    if (pod && v.range && cidrsOverlap(pod, v.range)) {
      add("cluster.podCidr", "InvalidParameter", `pod range ${podText} overlaps the VNet range ${v.text}`);
    }
    if (service && v.range && cidrsOverlap(service, v.range)) {
      add(
        "cluster.serviceCidr",
        "InvalidParameter",
        `service range ${cluster.serviceCidr} overlaps the VNet range ${v.text}`,
      );
    }
  }
  if (pod && service && cidrsOverlap(pod, service)) {
    add(
      "cluster.serviceCidr",
      "InvalidParameter",
      `service range ${cluster.serviceCidr} overlaps the pod range ${podText}`,
    );
  }
  const dnsIp = effectiveDnsServiceIp(cluster);
  if (service && (!dnsIp || !cidrContainsAddress(service, dnsIp))) {
    add(
      "cluster.dnsServiceIP",
      "InvalidParameter",
      `DNS service IP ${dnsIp ?? "(10th address)"} is not inside ${cluster.serviceCidr}`,
    );
  } else if (service && dnsIp === firstAddress(service)) {
    add(
      "cluster.dnsServiceIP",
      "InvalidParameter",
      `DNS service IP cannot be the first address of ${cluster.serviceCidr}`,
    );
  }

  if (
    (cluster.networkPolicy === "azure" || cluster.networkPolicy === "cilium") &&
    cluster.networkPlugin === "kubenet"
  ) {
    add("cluster.networkPolicy", "InvalidParameter", `network policy ${cluster.networkPolicy} needs Azure CNI`);
  }
  if (
    (cluster.outboundType === "userDefinedRouting" || cluster.outboundType === "userAssignedNATGateway") &&
    network.kind !== "existing"
  ) {
    add("cluster.outboundType", "InvalidParameter", `outbound type ${cluster.outboundType} needs an existing subnet`);
  }
  if (cluster.privateCluster && cluster.authorizedIpRanges?.length) {
    add("cluster.authorizedIpRanges", "InvalidParameter", "authorized IP ranges cannot be used with a private cluster");
  }
  return problems;
}

/** Node addresses (plus pod addresses for flat Azure CNI) the pools need at full scale, one surge node each. */
function addressesNeeded(request: ClusterRequest): number {
  const limits = MAX_PODS_LIMITS[request.cluster.networkPlugin];
  return request.nodePools.reduce((sum, pool) => {
    const nodes = (pool.autoscale?.max ?? pool.count) + 1;
    const perNode = request.cluster.networkPlugin === "azure" ? 1 + (pool.maxPods ?? limits.default) : 1;
    return sum + nodes * perNode;
  }, 0);
}
