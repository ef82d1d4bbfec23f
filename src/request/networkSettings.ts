import { addressAt, parseIpv4Cidr } from "./cidr.js";
import type { ClusterRequest } from "./clusterRequest.js";
import type { NetworkModel } from "./clusterSchema.js";
import { AKS_MANAGED_VNET_PREFIX } from "./networkSchema.js";

/** Pod range AKS uses for overlay and kubenet when the request names none. */
export const DEFAULT_POD_CIDR = "10.244.0.0/16";

/** Offset of the DNS service IP inside the service range when the request names none (10.0.0.10). */
export const DNS_SERVICE_IP_OFFSET = 10;

/** ARM `networkPlugin` / `networkPluginMode` for each request network model. */
export function networkModelToArm(model: NetworkModel): { networkPlugin: string; networkPluginMode?: string } {
  switch (model) {
    case "azure-overlay":
      return { networkPlugin: "azure", networkPluginMode: "overlay" };
    case "azure":
      return { networkPlugin: "azure" };
    case "kubenet":
      return { networkPlugin: "kubenet" };
  }
}

/** maxPods limits and default per network model (AKS docs); System pools need at least `systemMin`. */
export const MAX_PODS_LIMITS: Record<NetworkModel, { min: number; max: number; default: number; systemMin: number }> = {
  "azure-overlay": { min: 10, max: 250, default: 250, systemMin: 30 },
  azure: { min: 10, max: 250, default: 30, systemMin: 30 },
  kubenet: { min: 10, max: 250, default: 110, systemMin: 30 },
};

/** The pod range the cluster will use: the request's, the overlay/kubenet default, or none for flat Azure CNI. */
export function effectivePodCidr(cluster: ClusterRequest["cluster"]): string | undefined {
  if (cluster.podCidr) return cluster.podCidr;
  return cluster.networkPlugin === "azure" ? undefined : DEFAULT_POD_CIDR;
}

/** The DNS service IP: the request's, else the 10th address of the service range (undefined if too small). */
export function effectiveDnsServiceIp(cluster: ClusterRequest["cluster"]): string | undefined {
  if (cluster.dnsServiceIP) return cluster.dnsServiceIP;
  const range = parseIpv4Cidr(cluster.serviceCidr);
  return range ? addressAt(range, DNS_SERVICE_IP_OFFSET) : undefined;
}

/** VNet address space the nodes live in, as far as intake can know it (empty for an existing VNet not described). */
export function knownVnetPrefixes(network: ClusterRequest["network"]): string[] {
  switch (network.kind) {
    case "managed":
      return [AKS_MANAGED_VNET_PREFIX];
    case "new":
      return network.addressPrefixes;
    case "existing":
      return network.addressPrefixes ?? [];
  }
}
